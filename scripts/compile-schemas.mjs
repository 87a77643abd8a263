// Build step: compiles every JSON Schema of the loader into standalone validator code, two
// CommonJS files per schema under dist/src/load/schema/compiled/ plus an index, so the CLI loads
// only the validators a project needs and neither loads nor runs Ajv at start-up: `vN.lean.cjs`
// answers valid / invalid (first error only, no messages: about half the code to read at start),
// and `vN.cjs` (every error, verbose) is loaded only when the lean one says invalid. Each file also
// gets a V8 code cache, warmed on the example projects, for fast cold starts. Ajv's runtime helpers
// are bundled into each file, so loading one resolves no module.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { parse } from 'yaml';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { createAjv, schemaRefs } from '../dist/src/load/schema/schemas.js';
import { writeCodeCache } from '../dist/src/load/schema/cached-module.js';

const standaloneCode = standaloneModule.default ?? standaloneModule;
const dir = new URL('../dist/src/load/schema/compiled/', import.meta.url);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const code = { source: true, optimize: true };
const ajv = createAjv({ validateSchema: false, code });
const lean = createAjv({ validateSchema: false, code, allErrors: false, verbose: false, messages: false });
const index = {};
const write = (file, source) => {
  // Ajv's runtime helpers are bundled in (no module resolution at start-up), and the code is
  // minified to ASCII: fewer bytes to read and compile at every start.
  const { outputFiles } = buildSync({
    stdin: { contents: source, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    charset: 'ascii',
    write: false,
    logLevel: 'warning',
  });
  writeFileSync(new URL(file, dir), outputFiles[0].text);
};
schemaRefs().forEach((ref, i) => {
  write(`v${i}.cjs`, standaloneCode(ajv, { validate: ref }));
  write(`v${i}.lean.cjs`, standaloneCode(lean, { validate: ref }));
  index[ref] = `v${i}`;
});
writeFileSync(new URL('index.json', dir), JSON.stringify(index, null, 1) + '\n');

// Sample data to warm the validators with: every YAML document of the examples, and every value
// found under an x- key (top level, services, secrets, networks).
const samples = [];
const examples = new URL('../examples/', import.meta.url);
for (const ex of readdirSync(examples)) {
  let files = [];
  try {
    files = readdirSync(new URL(`${ex}/`, examples)).filter((f) => /\.ya?ml$/.test(f));
  } catch {
    continue;
  }
  for (const f of files) {
    try {
      const doc = parse(readFileSync(new URL(`${ex}/${f}`, examples), 'utf8'));
      if (doc && typeof doc === 'object') samples.push(doc);
    } catch {
      // not a compose file
    }
  }
}
const values = [];
const collect = (m) => {
  if (m && typeof m === 'object') for (const [k, v] of Object.entries(m)) if (k.startsWith('x-')) values.push(v);
};
for (const doc of samples) {
  collect(doc);
  for (const section of ['services', 'secrets', 'networks', 'volumes']) {
    for (const item of Object.values(doc[section] ?? {})) collect(item);
  }
}
for (const name of Object.values(index)) {
  for (const file of [`${name}.lean.cjs`, `${name}.cjs`]) {
    writeCodeCache(fileURLToPath(new URL(file, dir)), (exports) => {
      const validate = exports.validate;
      for (const s of [...samples, ...values]) validate(s);
    });
  }
}
console.log(`compiled ${Object.keys(index).length} schemas`);
