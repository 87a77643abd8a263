/** Rewrites examples/<name>/expected/ from the current renderer: `npm run golden:update`. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderFolder } from '../helpers/render.js';
import { goldenExamples } from './examples.js';

for (const ex of goldenExamples()) {
  const out = renderFolder(ex.dir, ex.files, { name: ex.name });
  rmSync(ex.expectedDir, { recursive: true, force: true });
  mkdirSync(ex.expectedDir, { recursive: true });
  for (const [name, content] of out.files) writeFileSync(join(ex.expectedDir, name), content);
  console.log(`${ex.title}: ${out.files.size} files`);
}
