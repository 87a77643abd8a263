import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordedLookups, requestIdentity } from './recorded.js';

const file = new RecordedLookups('/x/compose-x.lookups.json', {
  version: 1,
  lookups: { 'x-cluster': { request: { ClusterName: 'test' }, result: { ClusterName: 'test' } } },
});

test('a recorded result is returned for the same request, whatever the key order or RoleArn', () => {
  assert.deepEqual(file.get('x-cluster', { ClusterName: 'test' }, undefined, 'x-cluster.Lookup'), { result: { ClusterName: 'test' } });
  assert.ok('result' in file.get('x-cluster', { RoleArn: '', ClusterName: 'test' }, undefined, ''));
  assert.ok('result' in file.get('x-cluster', { ClusterName: 'test', RoleArn: 'arn:aws:iam::1:role/r' }, undefined, ''));
  assert.equal(requestIdentity({ b: 1, a: [{ y: 1, x: 2 }] }), requestIdentity({ a: [{ x: 2, y: 1 }], b: 1 }));
});

test('a missing or changed lookup is an error naming it', () => {
  const missing = file.get('x-vpc', {}, { file: 'c.yml', line: 3, column: 1 }, 'x-vpc.Lookup');
  assert.ok('error' in missing && missing.error.code === 'CXK1003' && /x-vpc/.test(missing.error.message) && missing.error.pos?.line === 3);
  const changed = file.get('x-cluster', { ClusterName: 'prod' }, undefined, 'x-cluster.Lookup');
  assert.ok('error' in changed && changed.error.code === 'CXK1004');
});

test('a malformed lookup file is a user error', () => {
  const r = RecordedLookups.read('/dev/null');
  assert.ok(!(r instanceof RecordedLookups) && r.code === 'CXK1001');
});
