/** The installed entry point (bin/ → bundled CLI with its code cache) runs the main job. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collectTemplate, isTemplateName } from '../helpers/lint-collector.js';

const BIN = resolve('bin/ecs-compose-x.js');
const KAFKA = resolve('examples/kafka-connect');

test('bin: version, and the Kafka Connect render equal to the golden files', () => {
  const v = spawnSync(process.execPath, [BIN, 'version'], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /^ECS ComposeX /);
  const out = join(mkdtempSync(join(tmpdir(), 'cx-bin-')), 'outputs');
  const r = spawnSync(process.execPath, [BIN, 'render', '-d', out, '-n', 'kafka-connect', '-f', 'docker-compose.yml', '-f', 'aws.yml', '-f', 'vpc.yml'], {
    cwd: KAFKA,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const expected = readdirSync(join(KAFKA, 'expected')).sort();
  assert.deepEqual(readdirSync(out).sort(), expected);
  for (const f of expected) assert.equal(readFileSync(join(out, f), 'utf8'), readFileSync(join(KAFKA, 'expected', f), 'utf8'), f);
  for (const f of expected) if (isTemplateName(f)) collectTemplate(f, readFileSync(join(out, f), 'utf8'), 'bin render');
});

test('bin: a user error exits 1 without a stack trace', () => {
  const r = spawnSync(process.execPath, [BIN, 'config', '-f', 'missing.yml'], { cwd: KAFKA, encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /compose file not found: missing\.yml/);
  assert.doesNotMatch(r.stderr, /\n\s+at .*:\d+:\d+\)?\n/);
});
