/**
 * The registry (src/extensions/index.ts): which extensions a project makes the CLI load.
 * That the selection renders exactly like every extension is checked on every golden example
 * (test/golden) and on the 1.x corpus (test/compat).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EXTENSION_SCHEMAS, RENDER_ORDER, loadExtensions, mentionedKeys, neededMask } from './index.js';
import { EXTENSIONS, extensionsFor } from './all.js';

describe('extension registry', () => {
  test('mentioned keys: x- keys at any depth and x-<module>:: pointers in any string', () => {
    const doc = {
      services: {
        app: {
          image: 'nginx',
          'x-alarms': { Predefined: {} },
          environment: { QUEUE: 'x-sqs::jobs::QueueUrl', PLAIN: 'box-of-x-things' },
          command: ['run', '--table=x-dynamodb::orders'],
        },
      },
      volumes: { data: { 'x-efs': { MacroParameters: {} } } },
      'x-s3': { bucket: { Properties: {} } },
    };
    assert.deepEqual([...mentionedKeys(doc)].sort(), ['x-alarms', 'x-dynamodb', 'x-efs', 'x-s3', 'x-sqs']);
  });

  test('a project without x- keys loads only the extensions every project needs', async () => {
    const doc = { services: { app: { image: 'nginx', ports: ['80:80'] } } };
    const names = (await loadExtensions(doc)).map((e) => e.name);
    assert.ok(names.includes('x-ecs') && names.includes('x-network'), names.join(', '));
    for (const keyed of ['x-sqs', 'x-s3', 'x-rds', 'x-elbv2', 'x-kms', 'x-dynamodb']) assert.ok(!names.includes(keyed), `${keyed} loaded`);
    assert.deepEqual(names, extensionsFor(doc).map((e) => e.name));
  });

  test('a key or a pointer makes its module load, in render order', async () => {
    const doc = { services: { app: { image: 'nginx', environment: { Q: 'x-sqs::jobs::Arn' } } }, 'x-s3': {} };
    const names = (await loadExtensions(doc)).map((e) => e.name);
    assert.ok(names.includes('x-sqs') && names.includes('x-s3'));
    const order = EXTENSIONS.map((e) => e.name);
    assert.deepEqual(names, order.filter((n) => names.includes(n)));
  });

  test('without a project, every registered extension, in order', async () => {
    assert.equal((await loadExtensions()).length, RENDER_ORDER.length);
    assert.ok(neededMask().every(Boolean));
  });

  test('every `when` key is an x- key the loader knows', () => {
    const known = new Set(EXTENSION_SCHEMAS.map((s) => s.key));
    for (const r of RENDER_ORDER) {
      if (typeof r.when === 'symbol') continue;
      for (const k of r.when) assert.ok(known.has(k), `${k} has no schema in EXTENSION_SCHEMAS`);
    }
  });
});
