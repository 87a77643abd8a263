/**
 * Collects every template the tests produce for the real cfn-lint, which scripts/run-tests.mjs
 * runs once over all of them after the test runner (cfn-lint takes ~2 s to start, so it cannot
 * run per test).
 *
 * When the environment variable CX_CFN_LINT_DIR names a folder, each template is stored there
 * under the hash of its text (identical templates are linted once) with its origin in the
 * folder's index: the test file and line that produced it, and the template's own name. Without
 * the variable (a test file run by hand) nothing is collected.
 */
import { relative } from 'node:path';
import type { RenderOutput } from '../../src/synth/render.js';

export const CFN_LINT_DIR_ENV = 'CX_CFN_LINT_DIR';

interface LintScript {
  isTemplateName(name: string): boolean;
  storeTemplate(dir: string, name: string, text: string, origin: string): string;
}

// scripts/cfn-lint.mjs, from dist/test/helpers/.
const script = (await import(new URL('../../../scripts/cfn-lint.mjs', import.meta.url).href)) as LintScript;

/** True for a file name of a render that is a template (not a .params.json / .config.json file). */
export const isTemplateName = (name: string): boolean => script.isTemplateName(name);

/** `dist/test/x.test.js:12`: the innermost test file on the stack (or else the innermost file). */
function callerOrigin(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  const files = frames.map((f) => /\(?(?:file:\/\/)?(\/[^():]+):(\d+):\d+\)?$/.exec(f.trim())).filter((m) => m !== null);
  const pick = files.find((m) => m[1].endsWith('.test.js')) ?? files.find((m) => !m[1].endsWith('lint-collector.js'));
  return pick ? `${relative(process.cwd(), pick[1])}:${pick[2]}` : 'unknown';
}

/**
 * Hands one template to the collector. `name` is its file name (its extension picks JSON or
 * YAML), `label` says where it comes from (an example, a fixture...).
 */
export function collectTemplate(name: string, text: string, label?: string): void {
  const dir = process.env[CFN_LINT_DIR_ENV];
  if (!dir) return;
  script.storeTemplate(dir, name, text, `${callerOrigin()} ${label === undefined ? name : `${label}/${name}`}`);
}

/**
 * Hands every template of a render to the collector (not its .params.json / .config.json files),
 * or those `only` accepts.
 */
export function collectRender(out: RenderOutput, label?: string, only: (file: string) => boolean = () => true): void {
  for (const [name, text] of out.files) if (isTemplateName(name) && only(name)) collectTemplate(name, text, label);
}
