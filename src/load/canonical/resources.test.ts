import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { canon } from './test-support.js';

describe('canonicalize: top-level resources', () => {
  test('top-level resources: legacy external name, labels list, secret file path', () => {
    const out = canon(`
networks: {front: {external: {name: shared}}, back: null}
volumes: {data: {labels: [a=1], driver_opts: {size: 10}}}
secrets: {s: {file: ./secret.txt}}
configs: {c: {external: true}}
x-top: {networks: [1]}
`);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(out)), {
      networks: { front: { external: true, name: 'shared' }, back: null },
      volumes: { data: { labels: { a: '1' }, driver_opts: { size: '10' } } },
      secrets: { s: { file: '/proj/secret.txt' } },
      configs: { c: { external: true } },
      'x-top': { networks: [1] },
    });
  });
});
