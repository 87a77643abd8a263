// Loads the bundled CLI (dist/bundle/main.cjs) with its V8 code cache when there is one; a
// missing or rejected cache (another Node version) only means the bundle is compiled as usual.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const FILE = fileURLToPath(new URL('../dist/bundle/main.cjs', import.meta.url));
const CACHE = `${FILE}.cache`;

function load(cachedData) {
  const code = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(FILE, 'utf8')}\n});`;
  const script = new Script(code, { filename: FILE, cachedData });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(FILE), mod, FILE, dirname(FILE));
  return { main: mod.exports.main, script };
}

/** The CLI's `main(argv, io?)`. */
export function loadMain() {
  return load(existsSync(CACHE) ? readFileSync(CACHE) : undefined).main;
}

/** Build step: runs the CLI on the Kafka Connect example, then writes the bundle's code cache. */
export async function writeMainCodeCache() {
  const { main, script } = load(undefined);
  const out = mkdtempSync(join(tmpdir(), 'cx-warm-'));
  const root = fileURLToPath(new URL('..', import.meta.url));
  const example = join(root, 'examples', 'kafka-connect');
  const io = { out: () => {}, err: () => {}, env: {}, cwd: example };
  const files = ['-f', 'docker-compose.yml', '-f', 'aws.yml', '-f', 'vpc.yml'];
  try {
    await main(['render', '-d', out, '-n', 'warm-up', ...files], io);
    await main(['config', ...files], io);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  writeFileSync(CACHE, script.createCachedData());
}
