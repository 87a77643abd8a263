// Build step: compiles every JSON Schema of the loader into standalone validator code, one
// CommonJS file per schema under dist/src/load/schema/compiled/ plus an index, so the CLI loads
// only the validators a project needs and neither loads nor runs Ajv at start-up. Each file also
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
const ajv = createAjv({ validateSchema: false, code: { source: true, optimize: true } });
const index = {};
schemaRefs().forEach((ref, i) => {
  const file = `v${i}.cjs`;
  // Ajv's runtime helpers are bundled in (no module resolution at start-up), and the code is
  // minified to ASCII: fewer bytes to read and compile at every start.
  const { outputFiles } = buildSync({
    stdin: { contents: standaloneCode(ajv, { validate: ref }), resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    charset: 'ascii',
    write: false,
    logLevel: 'warning',
  });
  writeFileSync(new URL(file, dir), outputFiles[0].text);
  index[ref] = file;
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
for (const file of Object.values(index)) {
  writeCodeCache(fileURLToPath(new URL(file, dir)), (exports) => {
    const validate = exports.validate;
    for (const s of [...samples, ...values]) validate(s);
  });
}
console.log(`compiled ${Object.keys(index).length} schemas`);
