// Loads the bundled CLI (dist/bundle/main.cjs) with a V8 code cache when there is one; a missing
// or rejected cache (another Node version, a rebuilt bundle) only means the bundle is compiled as
// usual. Two caches: a small one for the commands that only print (version, help), so they do
// not deserialize the bytecode of the whole loader and renderer, and a full one for the rest.
'use strict';
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const FILE = join(__dirname, '..', 'dist', 'bundle', 'main.cjs');
const CACHE = `${FILE}.cache`;
const PRINT_CACHE = `${FILE}.print.cache`;
const PRINT_ONLY = new Set([undefined, 'version', 'help', '--help', '-h']);

function load(cachedData) {
  // The bundle is ASCII (esbuild charset: 'ascii'): latin1 gives V8 a one-byte string without decoding.
  const code = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(FILE, 'latin1')}\n});`;
  const script = new Script(code, { filename: FILE, cachedData });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(FILE), mod, FILE, dirname(FILE));
  return { main: mod.exports.main, script };
}

function readCache(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** The CLI's `main(argv, io?)`; `argv` picks the code cache. */
function loadMain(argv = []) {
  const printOnly = PRINT_ONLY.has(argv[0]) || (argv.length === 1 && argv[0] === '--version');
  return load(readCache(printOnly ? PRINT_CACHE : CACHE)).main;
}

/** Build step: warms the bundle on the Kafka Connect example and on `version`, then writes both caches. */
async function writeMainCodeCache() {
  const silent = (cwd) => ({ out: () => {}, err: () => {}, env: {}, cwd });
  const print = load(undefined);
  await print.main(['version'], silent(tmpdir()));
  writeFileSync(PRINT_CACHE, print.script.createCachedData());

  const { main, script } = load(undefined);
  const out = mkdtempSync(join(tmpdir(), 'cx-warm-'));
  const example = join(__dirname, '..', 'examples', 'kafka-connect');
  const files = ['-f', 'docker-compose.yml', '-f', 'aws.yml', '-f', 'vpc.yml'];
  try {
    await main(['render', '-d', out, '-n', 'warm-up', ...files], silent(example));
    await main(['config', ...files], silent(example));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  writeFileSync(CACHE, script.createCachedData());
}

exports.loadMain = loadMain;
exports.writeMainCodeCache = writeMainCodeCache;
