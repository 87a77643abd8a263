/** `render`: load → model → synthesize → write the output directory atomically. */
import { dirname, join, resolve, relative } from 'node:path';
import { UserError } from '../diagnostics/diagnostic.js';
import type { LoadedProject } from '../load/project.js';
import { DEFAULT_LOOKUP_FILE, RecordedLookups } from '../lookups/recorded.js';
import { writeOutput } from '../output/write.js';
import { render } from '../synth/render.js';
import type { CommonOptions, Io } from './main.js';
import { printDiagnostics } from './main.js';

export function lookupFilePath(o: CommonOptions, io: Io): string {
  if (o.lookups) return resolve(io.cwd, o.lookups);
  return join(dirname(resolve(io.cwd, o.dockerComposeFile[0])), DEFAULT_LOOKUP_FILE);
}

export function runRender(project: LoadedProject, o: CommonOptions, io: Io): number {
  const lookups = RecordedLookups.read(lookupFilePath(o, io));
  if (!(lookups instanceof RecordedLookups)) throw new UserError([lookups]);
  const stackName = o.name ?? project.name;
  const out = render({ doc: project.model, stackName, lookups, format: o.format });
  printDiagnostics(out.warnings, io, o.loglevel);
  const dir = resolve(io.cwd, o.outputDir ?? join('outputs', stackName));
  const written = writeOutput(dir, out.files);
  io.err(`rendered ${written.length} files to ${relative(io.cwd, dir) || '.'}\n`);
  return 0;
}
