/**
 * The golden examples: each folder of examples/ with a golden.json ({"name", "files"}) renders
 * to exactly the files under its expected/ folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface GoldenExample {
  dir: string;
  title: string;
  name: string;
  files: string[];
  expectedDir: string;
}

export const EXAMPLES_DIR = resolve(process.cwd(), 'examples');

export function goldenExamples(): GoldenExample[] {
  return readdirSync(EXAMPLES_DIR)
    .sort()
    .filter((d) => existsSync(join(EXAMPLES_DIR, d, 'golden.json')))
    .map((d) => {
      const cfg = JSON.parse(readFileSync(join(EXAMPLES_DIR, d, 'golden.json'), 'utf8')) as { name: string; files: string[] };
      return { dir: join(EXAMPLES_DIR, d), title: d, name: cfg.name, files: cfg.files, expectedDir: join(EXAMPLES_DIR, d, 'expected') };
    });
}
