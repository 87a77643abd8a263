import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutput } from './write.js';

test('writes every file, leaves unchanged files and foreign files alone, and no temporary folder behind', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'cx-write-'));
  const dir = join(parent, 'out');
  const first = await writeOutput(dir, new Map([['a.json', '{"a":1}\n'], ['b.json', '{"b":1}\n']]));
  assert.deepEqual(first.changed.length, 2);
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  const before = statSync(join(dir, 'a.json')).mtimeMs;
  await new Promise((r) => setTimeout(r, 20));
  const second = await writeOutput(dir, new Map([['a.json', '{"a":1}\n'], ['b.json', '{"b":2}\n']]));
  assert.deepEqual(second.changed, [join(dir, 'b.json')]);
  assert.equal(statSync(join(dir, 'a.json')).mtimeMs, before);
  assert.equal(readFileSync(join(dir, 'b.json'), 'utf8'), '{"b":2}\n');
  assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
  assert.deepEqual(readdirSync(parent), ['out']);
});
