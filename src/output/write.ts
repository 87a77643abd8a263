/**
 * Writes the rendered files into the output directory as one step: every new or changed file is
 * first written into a temporary folder next to the target, then renamed into place. Nothing
 * reaches the output directory unless the whole render succeeded; files whose content did not
 * change are left as they are (same modification time), and other files there are left alone.
 * Writes run in parallel: a large project renders hundreds of files.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export interface WriteResult {
  /** Every file of the render, in the output directory. */
  files: string[];
  /** The files that were new or changed. */
  changed: string[];
}

export async function writeOutput(dir: string, files: Map<string, string>): Promise<WriteResult> {
  const target = resolve(dir);
  mkdirSync(target, { recursive: true });
  const same = await Promise.all(
    [...files].map(async ([name, content]) => {
      try {
        return (await readFile(join(target, name), 'utf8')) === content;
      } catch {
        return false;
      }
    }),
  );
  const todo = [...files].filter((_, i) => !same[i]);
  if (todo.length > 0) {
    const tmp = mkdtempSync(join(dirname(target), '.ecs-compose-x-'));
    try {
      await Promise.all(todo.map(([name, content]) => writeFile(join(tmp, name), content)));
      await Promise.all(todo.map(([name]) => rename(join(tmp, name), join(target, name))));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return { files: [...files.keys()].map((n) => join(target, n)), changed: todo.map(([n]) => join(target, n)) };
}
