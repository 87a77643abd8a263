/** `render`: load → model → synthesize → write the output directory atomically. */
import { dirname, join, resolve, relative } from 'node:path';
import type { LoadedProject } from '../load/project.js';
import { DEFAULT_LOOKUP_FILE } from '../lookups/recorded.js';
import { writeOutput } from '../output/write.js';
import { render } from '../synth/render.js';
import { loadExtensions } from '../extensions/index.js';
import type { CommonOptions, Io } from './main.js';
import { printDiagnostics } from './main.js';

export function lookupFilePath(o: CommonOptions, io: Io): string {
  if (o.lookups) return resolve(io.cwd, o.lookups);
  return join(dirname(resolve(io.cwd, o.dockerComposeFile[0])), DEFAULT_LOOKUP_FILE);
}

export async function runRender(project: LoadedProject, o: CommonOptions, io: Io): Promise<number> {
  const { ensureLookups } = await import('../lookups/ensure.js');
  const ensured = await ensureLookups(project, lookupFilePath(o, io), { refresh: !!o.refreshLookups, region: o.region, roleArn: o.roleArn, env: io.env });
  printDiagnostics(ensured.warnings, io, o.loglevel);
  if (ensured.written) io.err(`recorded ${ensured.resolved.length} lookup result(s) in ${relative(io.cwd, lookupFilePath(o, io))}\n`);
  const lookups = ensured.lookups;
  const stackName = o.name ?? project.name;
  const out = render({ doc: project.model, stackName, lookups, format: o.format, extensions: await loadExtensions(project.model) });
  printDiagnostics(out.warnings, io, o.loglevel);
  const dir = resolve(io.cwd, o.outputDir ?? join('outputs', stackName));
  const written = await writeOutput(dir, out.files);
  const unchanged = written.files.length - written.changed.length;
  io.err(`rendered ${written.files.length} files to ${relative(io.cwd, dir) || '.'}${unchanged > 0 ? ` (${unchanged} unchanged)` : ''}\n`);
  return 0;
}
