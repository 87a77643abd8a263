/**
 * Runs a program (the docker CLI) without a shell: arguments passed as they are, optional text on
 * stdin (never a file), output collected, and optionally each output line handed over as it
 * comes. A program that cannot be started resolves with `notFound` instead of throwing.
 */
import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The program is not on PATH (or not executable). */
  notFound?: boolean;
}

export interface RunOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Called with each line of stdout and stderr, as it comes. */
  onLine?: (line: string) => void;
}

export type ProcessRunner = (command: string, args: string[], opts?: RunOptions) => Promise<ProcessResult>;

export const runProcess: ProcessRunner = (command, args, opts = {}) =>
  new Promise((resolveRun) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: (opts.env ?? process.env) as NodeJS.ProcessEnv,
      stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const pending = { out: '', err: '' };
    const feed = (which: 'out' | 'err', chunk: string) => {
      if (!opts.onLine) return;
      const text = pending[which] + chunk;
      const lines = text.split(/\r?\n|\r/);
      pending[which] = lines.pop() ?? '';
      for (const l of lines) opts.onLine(l);
    };
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      feed('out', d.toString());
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      feed('err', d.toString());
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      resolveRun({ code: 127, stdout, stderr: stderr || e.message, notFound: e.code === 'ENOENT' || e.code === 'EACCES' });
    });
    child.on('close', (code, signal) => {
      if (opts.onLine) for (const l of [pending.out, pending.err]) if (l) opts.onLine(l);
      resolveRun({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    if (opts.stdin !== undefined && child.stdin) {
      child.stdin.on('error', () => {
        // the program exited before reading its input; its exit status tells what happened
      });
      child.stdin.end(opts.stdin);
    }
  });
