// Build step: compiles every JSON Schema of the loader into standalone validator code, one
// CommonJS file per schema under dist/src/load/schema/compiled/ plus an index, so the CLI loads
// only the validators a project needs and neither loads nor runs Ajv at start-up.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { createAjv, schemaRefs } from '../dist/src/load/schema/schemas.js';

const standaloneCode = standaloneModule.default ?? standaloneModule;
const dir = new URL('../dist/src/load/schema/compiled/', import.meta.url);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const ajv = createAjv({ validateSchema: false, code: { source: true, optimize: true } });
const index = {};
schemaRefs().forEach((ref, i) => {
  const file = `v${i}.cjs`;
  writeFileSync(new URL(file, dir), standaloneCode(ajv, { validate: ref }));
  index[ref] = file;
});
writeFileSync(new URL('index.json', dir), JSON.stringify(index, null, 1) + '\n');
console.log(`compiled ${Object.keys(index).length} schemas`);
