/** The entry point works the same without its code caches, or with caches that V8 rejects. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const KAFKA = resolve('examples/kafka-connect');

function run(bin: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: KAFKA, encoding: 'utf8' });
  return { status: r.status, out: r.stdout };
}

test('bin: a missing or rejected code cache only means compiling the bundle as usual', () => {
  const root = mkdtempSync(join(tmpdir(), 'cx-bin-cache-'));
  cpSync(resolve('bin'), join(root, 'bin'), { recursive: true });
  cpSync(resolve('dist/bundle'), join(root, 'dist/bundle'), { recursive: true });
  const copy = join(root, 'bin', 'ecs-compose-x.js');
  const original = resolve('bin/ecs-compose-x.js');
  const cases = [['version'], ['--help'], ['config', '-f', 'docker-compose.yml', '-f', 'aws.yml', '--loglevel', 'ERROR']];
  const expected = cases.map((args) => run(original, args));
  for (const e of expected) assert.equal(e.status, 0);

  rmSync(join(root, 'dist/bundle/main.cjs.cache'));
  rmSync(join(root, 'dist/bundle/main.cjs.print.cache'));
  cases.forEach((args, i) => assert.deepEqual(run(copy, args), expected[i], `no cache: ${args.join(' ')}`));

  writeFileSync(join(root, 'dist/bundle/main.cjs.cache'), Buffer.alloc(4096, 7));
  writeFileSync(join(root, 'dist/bundle/main.cjs.print.cache'), 'stale');
  cases.forEach((args, i) => assert.deepEqual(run(copy, args), expected[i], `rejected cache: ${args.join(' ')}`));
});
