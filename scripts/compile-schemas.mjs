// Build step: compiles every JSON Schema of the loader into standalone validator code
// (dist/src/load/schema/compiled.cjs) so the CLI does not load or run Ajv at start-up.
import { writeFileSync } from 'node:fs';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { createAjv, schemaRefs } from '../dist/src/load/schema/schemas.js';

const standaloneCode = standaloneModule.default ?? standaloneModule;
const refs = schemaRefs();
const ajv = createAjv({ validateSchema: false, code: { source: true, optimize: true } });
const names = Object.fromEntries(refs.map((r, i) => [`v${i}`, r]));
let code = standaloneCode(ajv, names);
code += `\nexports.validators = {${refs.map((r, i) => `${JSON.stringify(r)}: exports.v${i}`).join(', ')}};\n`;
writeFileSync(new URL('../dist/src/load/schema/compiled.cjs', import.meta.url), code);
console.log(`compiled ${refs.length} schemas`);
