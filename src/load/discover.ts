/**
 * Which compose files a run loads when no -f is given, as docker compose finds them:
 * `COMPOSE_FILE` (split on `COMPOSE_PATH_SEPARATOR`, else the platform's path-list separator),
 * else the first of the default names in the working directory or the nearest parent that has
 * one, with the first override file next to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { parseDotEnv } from './dotenv.js';

export const DEFAULT_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const DEFAULT_OVERRIDE_FILE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

export interface DiscoverOptions {
  env: Record<string, string | undefined>;
  cwd: string;
  projectDirectory?: string;
  envFiles?: string[];
}

/** Compose files (absolute paths) to load without -f; empty when there are none. */
export function discoverComposeFiles(opts: DiscoverOptions, bag: DiagnosticBag): string[] {
  const dir = opts.projectDirectory ? resolve(opts.cwd, opts.projectDirectory) : opts.cwd;
  const vars = composeVariables(opts, dir);
  const list = vars('COMPOSE_FILE');
  if (list) {
    const sep = vars('COMPOSE_PATH_SEPARATOR') || delimiter;
    return list
      .split(sep)
      .filter((f) => f !== '')
      .map((f) => resolve(opts.cwd, f));
  }
  for (let cur = dir; ; cur = dirname(cur)) {
    const found = DEFAULT_FILE_NAMES.filter((n) => existsSync(join(cur, n)));
    if (found.length > 0) {
      const overrides = DEFAULT_OVERRIDE_FILE_NAMES.filter((n) => existsSync(join(cur, n)));
      for (const [what, names] of [['compose files', found], ['override files', overrides]] as const) {
        if (names.length < 2) continue;
        bag.warn({
          code: 'CXL2002',
          message: `found several ${what} in ${cur}: ${names.join(', ')}; using ${names[0]}`,
          hint: 'remove the ones you do not use, or name the files with -f',
        });
      }
      return [found[0], ...overrides.slice(0, 1)].map((n) => join(cur, n));
    }
    if (dirname(cur) === cur) return [];
  }
}

/** COMPOSE_* settings: the environment first, then the --env-file files or the .env of `dir`. */
function composeVariables(opts: DiscoverOptions, dir: string): (name: string) => string | undefined {
  let fromFiles: Map<string, string> | undefined;
  return (name) => {
    const v = opts.env[name];
    if (v !== undefined) return v;
    if (!fromFiles) {
      fromFiles = new Map();
      const files = opts.envFiles && opts.envFiles.length > 0 ? opts.envFiles.map((f) => resolve(opts.cwd, f)) : [join(dir, '.env')];
      for (const f of files) {
        if (!existsSync(f)) continue;
        try {
          for (const [k, val] of parseDotEnv(readFileSync(f, 'utf8'), f, (n) => opts.env[n] ?? fromFiles?.get(n))) fromFiles.set(k, val);
        } catch {
          // loading the project reports problems of env files
        }
      }
    }
    return fromFiles.get(name);
  };
}
