/**
 * Test helper: runs the real cfn-lint (on PATH) once over many template files (it takes ~2 s to
 * start, so templates are linted in one batch) and returns its findings, warnings included.
 * W3002 (relative TemplateURL of a nested stack in a root template not yet packaged) is ignored.
 */
import { spawnSync } from 'node:child_process';

export interface CliFinding {
  file: string;
  line: number;
  rule: string;
  message: string;
}

const IGNORED = new Set(['W3002']);

/** True when `cfn-lint` can be run. */
export function cfnLintAvailable(): boolean {
  const r = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Lints `files` in one cfn-lint process; throws when cfn-lint itself fails. */
export function cfnLintFiles(files: string[]): CliFinding[] {
  if (files.length === 0) return [];
  const r = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  // exit codes: 0 clean; 2, 4, 8 (or their sum) findings; 32 and above a failure of cfn-lint itself
  if (r.status === null || r.status >= 32) throw new Error(`cfn-lint failed (${r.status}): ${r.stderr}`);
  const out: CliFinding[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^(.*?):(\d+):\d+:\d+:\d+:([EWI]\d+):(.*)$/.exec(line);
    if (!m || IGNORED.has(m[3])) continue;
    out.push({ file: m[1], line: Number(m[2]), rule: m[3], message: m[4] });
  }
  return out;
}
