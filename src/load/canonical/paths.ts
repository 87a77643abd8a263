/**
 * Host paths in a compose document (bind sources, build contexts, env files, secret files):
 * made absolute against the project folder, with `~` for the home folder.
 */
import { homedir } from 'node:os';
import { posix, resolve as resolvePath } from 'node:path';
import type { CanonicalContext } from './walk.js';

/** Absolute host path: `~` is the home folder, relative paths are taken from the project folder. */
export function hostPath(p: string, ctx: CanonicalContext): string {
  if (p === '~' || p.startsWith('~/')) return posix.join(ctx.home ?? homedir(), p.slice(1));
  if (posix.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')) return p;
  return resolvePath(ctx.projectDir, p);
}
