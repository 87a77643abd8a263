/**
 * The CLI as a user runs it against the AWS API emulator: the real process (bin/ecs-compose-x.js),
 * the emulator's endpoint and fake credentials in its environment (cliEnv), output captured.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliEnv } from '../emulator/server.js';
import type { DeployExample } from './emulator-examples.js';

const BIN = resolve('bin/ecs-compose-x.js');

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Run under script(1) so that the CLI sees a terminal (stdout and stderr merged into `out`). */
  tty?: boolean;
}

export function runCli(endpoint: string, args: string[], o: RunOptions): Promise<Run> {
  const env = cliEnv(endpoint, o.env);
  const [cmd, argv] = o.tty
    ? ['script', ['-qec', [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), '/dev/null']]
    : [process.execPath, [BIN, ...args]];
  return new Promise((ok, fail) => {
    const child = spawn(cmd as string, argv as string[], { cwd: o.cwd, env: { ...env, TERM: 'xterm' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => ok({ code, out, err }));
  });
}

/** A run's exit code and output, for assertion messages. */
export const show = (r: Run): string => `exit ${r.code}\n--- stdout\n${r.out}\n--- stderr\n${r.err}`;

/** A deploy example's compose files (and data folders) in a scratch folder, where lookups and outputs are written. */
export function exampleWorkdir(ex: DeployExample, prefix = 'cx-emu-'): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}${ex.dir}-`));
  for (const f of readdirSync(resolve('examples', ex.dir))) {
    if (/\.ya?ml$/.test(f)) cpSync(resolve('examples', ex.dir, f), join(dir, f));
  }
  for (const d of ex.dataDirs ?? []) cpSync(resolve('examples', ex.dir, d), join(dir, d), { recursive: true });
  return dir;
}
