/**
 * The 1.x use-case corpus (compose-x/ecs_composex `use-cases/`, kept outside the repository):
 * each case is the common base file `blog.features.yml` plus one module file, rendered through
 * the real loader and renderer with the lookups recorded for it under test/compat/lookups/.
 *
 * A case's status is one of:
 *  - `renders`: no error, and no 1.x module left aside;
 *  - `renders without x-a, x-b`: renders, with a "not supported yet" warning (CXV2010) for each
 *    1.x module listed; when a module is built the case flips to `renders`;
 *  - `error CODE[, CODE]`: stops with these error codes (1.1.9 rejects the input too, or a
 *    refusal documented in docs/compatibility.md);
 *  - `not a compose file`: a data file of the corpus (read by another case).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { loadProject } from '../../src/load/project.js';
import { RecordedLookups, type LookupFile } from '../../src/lookups/recorded.js';
import { render } from '../../src/synth/render.js';
import type { Extension } from '../../src/synth/context.js';
import { EXTENSIONS, extensionsFor } from '../../src/extensions/all.js';

/** The environment variable naming the corpus folder (the `use-cases/` folder of 1.x). */
export const CORPUS_ENV = 'CX_1X_CORPUS';
export const BASE_FILE = 'blog.features.yml';
/** The code of the warning naming a 1.x module this version does not support yet. */
export const NOT_YET_CODE = 'CXV2010';

export interface CaseResult {
  status: string;
  files: Map<string, string>;
  diagnostics: Diagnostic[];
}

/** The corpus folder, or undefined when the variable is unset or names no folder. */
export function corpusDir(env: Record<string, string | undefined> = process.env): string | undefined {
  const dir = env[CORPUS_ENV];
  return dir && existsSync(join(dir, BASE_FILE)) ? dir : undefined;
}

/** Every YAML file of the corpus but the base file, as a path relative to the corpus folder. */
export function corpusCases(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.filter((c) => c !== BASE_FILE).sort();
}

/**
 * Renders `[blog.features.yml, file]` of the corpus and classifies the outcome. Throws when the
 * extensions the CLI loads for the case render otherwise than every registered one.
 */
export function renderCase(dir: string, file: string, lookups: LookupFile['lookups']): CaseResult {
  try {
    const project = loadProject({ files: [join(dir, BASE_FILE), join(dir, file)], env: {}, cwd: dir });
    const recorded = new RecordedLookups(join(dir, 'compose-x.lookups.json'), { version: 1, lookups });
    const renderWith = (extensions: readonly Extension[]) => render({ doc: project.model, stackName: 'test', lookups: recorded, format: 'json', extensions });
    const out = renderWith(extensionsFor(project.model));
    const all = renderWith(EXTENSIONS);
    if (JSON.stringify([...all.files, all.warnings]) !== JSON.stringify([...out.files, out.warnings])) {
      throw new Error(`${file}: the extensions loaded for it render otherwise than all of them (a missing \`when\` key in src/extensions/index.ts?)`);
    }
    const diagnostics = [...project.warnings, ...out.warnings];
    const notYet = [...new Set(diagnostics.filter((d) => d.code === NOT_YET_CODE).map((d) => /`(x-[^`]+)`/.exec(d.message)?.[1] ?? '?'))].sort();
    return { status: notYet.length > 0 ? `renders without ${notYet.join(', ')}` : 'renders', files: out.files, diagnostics };
  } catch (e) {
    if (!UserError.is(e)) throw e;
    const codes = [...new Set(e.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code))].sort();
    return { status: `error ${codes.join(', ')}`, files: new Map(), diagnostics: e.diagnostics };
  }
}
