/**
 * Loader properties on whole projects: the output of `config` loads back to the same project,
 * and merging a file with itself changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadProject } from '../../src/load/project.js';
import { pruneUnused } from '../../src/load/normalize.js';
import { formatConfig } from '../../src/output/config-format.js';

const KAFKA = resolve('examples/kafka-connect');

function loadText(texts: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cx-rt-'));
  const files = texts.map((t, i) => {
    const f = join(dir, `f${i}.yml`);
    writeFileSync(f, t);
    return f;
  });
  return loadProject({ files, env, projectName: 'rt' }).model;
}

function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v));
}

test('config output of the Kafka example loads back to the same project', () => {
  for (const format of ['yaml', 'json'] as const) {
    const first = loadProject({ files: ['docker-compose.yml', 'aws.yml', 'vpc.yml'].map((f) => join(KAFKA, f)), env: {}, projectName: 'rt' });
    const printed = formatConfig(pruneUnused(first.model), format);
    const again = loadText([printed]);
    assert.deepEqual(plain(pruneUnused(again)), plain(pruneUnused(first.model)));
  }
});

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
// `$` is written `$$` in the input, as users escape it.
const envValue = fc.oneof(fc.string({ maxLength: 12 }).map((s) => s.replace(/\$/g, '$$$$')), fc.integer(), fc.boolean());
const service = fc.record(
  {
    image: fc.stringMatching(/^[a-z]{1,8}(:[a-z0-9.]{1,5})?$/),
    environment: fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,6}$/), envValue, { maxKeys: 4 }),
    ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }).map((p) => `${p}:${p}`), { maxLength: 3 }),
    command: fc.array(fc.stringMatching(/^[a-z0-9-]{1,6}$/), { maxLength: 3 }),
    labels: fc.dictionary(fc.stringMatching(/^[a-z][a-z.]{0,6}$/), fc.string({ maxLength: 8 }).map((s) => s.replace(/\$/g, '$$$$')), { maxKeys: 3 }),
    'x-scaling': fc.constant({ Range: '1-3' }),
  },
  { requiredKeys: ['image'] },
);
const project = fc.record({ services: fc.dictionary(name, service, { minKeys: 1, maxKeys: 3 }) });

test('property: config output loads back to the same project', () => {
  fc.assert(
    fc.property(project, (doc) => {
      const model = loadText([stringify(doc)]);
      const again = loadText([formatConfig(model, 'yaml')]);
      assert.deepEqual(plain(again), plain(model));
    }),
    { numRuns: 60 },
  );
});

test('property: merging a file with itself changes nothing', () => {
  fc.assert(
    fc.property(project, (doc) => {
      const text = stringify(doc);
      assert.deepEqual(plain(loadText([text, text])), plain(loadText([text])));
    }),
    { numRuns: 60 },
  );
});

test('property: $ in values survives config output', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 20 }), (s) => {
      const doc = { services: { web: { image: 'x', environment: { V: s.replace(/\$/g, '$$$$') } } } };
      const model = loadText([stringify(doc)]);
      const again = loadText([formatConfig(model, 'yaml')]);
      assert.deepEqual(plain(again), plain(model));
    }),
    { numRuns: 100 },
  );
});
