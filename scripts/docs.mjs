// Writes the generated documentation (docs/compatibility.md) from the code's tables.
import { writeFileSync } from 'node:fs';
import { compatibilityMarkdown } from '../dist/src/model/compatibility.js';

writeFileSync(new URL('../docs/compatibility.md', import.meta.url), compatibilityMarkdown());
console.log('docs/compatibility.md written');
