/**
 * Writes the rendered files into the output directory as one step: every file is first written
 * into a temporary folder next to the target, then each is renamed into place. Nothing reaches
 * the output directory unless the whole render succeeded; other files there are left alone.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function writeOutput(dir: string, files: Map<string, string>): string[] {
  const target = resolve(dir);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = mkdtempSync(join(dirname(target), '.ecs-compose-x-'));
  try {
    for (const [name, content] of files) writeFileSync(join(tmp, name), content);
    mkdirSync(target, { recursive: true });
    const written: string[] = [];
    for (const name of files.keys()) {
      renameSync(join(tmp, name), join(target, name));
      written.push(join(target, name));
    }
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
