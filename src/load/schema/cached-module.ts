/**
 * Loads a build-generated CommonJS file with V8's code cache: `<file>.cache`, written at build
 * time after the module ran, holds its compiled bytecode, so a cold start neither parses nor
 * lazily compiles it again. A missing or rejected cache (another V8 version) just means the
 * file is compiled as usual.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

interface Loaded {
  exports: unknown;
  script: Script;
}

/** The CommonJS function wrapper, as Node's own loader uses it. */
function wrap(code: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${code}\n});`;
}

function run(file: string, cachedData?: Buffer): Loaded {
  const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const mod = { exports: {} as unknown };
  const fn = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  fn(mod.exports, createRequire(file), mod, file, dirname(file));
  return { exports: mod.exports, script };
}

/** The exports of `file`, compiled from its code cache when one is there. */
export function requireCached(file: string): unknown {
  const cache = `${file}.cache`;
  return run(file, existsSync(cache) ? readFileSync(cache) : undefined).exports;
}

/**
 * Build step: loads `file`, lets `warm` exercise its functions (so their bytecode is in the
 * cache too), then writes `<file>.cache`.
 */
export function writeCodeCache(file: string, warm: (exports: unknown) => void): void {
  const loaded = run(file);
  warm(loaded.exports);
  writeFileSync(`${file}.cache`, loaded.script.createCachedData());
}
