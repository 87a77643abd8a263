import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertLogicalId, isValidLogicalId, logicalId, nonAlnum } from './logical-id.js';
import { CfnInternalError } from './errors.js';

describe('logicalId', () => {
  test('removes non-alphanumerics like the reference NONALNUM', () => {
    assert.equal(logicalId('connect-files'), 'connectfiles');
    assert.equal(logicalId('my_app.web', 'SG'), 'myappwebSG');
    assert.equal(logicalId('From', 'sg-0123', 'ToServiceOn', '443'), 'Fromsg0123ToServiceOn443');
    assert.equal(nonAlnum('é-a b/c'), 'abc');
  });

  test('parts are simply concatenated', () => {
    assert.equal(logicalId('a', 'b'), logicalId('ab'));
  });

  test('an empty result becomes Id + hash, deterministically', () => {
    const a = logicalId('---');
    assert.match(a, /^Id[0-9a-f]{8}$/);
    assert.equal(logicalId('---'), a);
    assert.notEqual(logicalId('___'), a);
    assert.match(logicalId(), /^Id[0-9a-f]{8}$/);
  });

  test('a result longer than 255 is truncated to 247 + 8-char hash of the full input', () => {
    const long = 'a'.repeat(300);
    const id = logicalId(long);
    assert.equal(id.length, 255);
    assert.equal(id.slice(0, 247), 'a'.repeat(247));
    assert.match(id.slice(247), /^[0-9a-f]{8}$/);
    assert.equal(logicalId(long), id);
    assert.notEqual(logicalId('a'.repeat(301)), id, 'inputs sharing the kept prefix still differ');
    assert.equal(logicalId('b'.repeat(255)), 'b'.repeat(255), 'exactly 255 is kept as is');
  });

  test('always valid and deterministic (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 200 }), { maxLength: 4 }), (parts) => {
        const id = logicalId(...parts);
        assert.ok(isValidLogicalId(id), id);
        assert.equal(logicalId(...parts), id);
      }),
    );
  });

  test('isValidLogicalId / assertLogicalId', () => {
    assert.ok(isValidLogicalId('EcsTaskDefinition'));
    assert.ok(!isValidLogicalId(''));
    assert.ok(!isValidLogicalId('my-topic'));
    assert.ok(!isValidLogicalId('x'.repeat(256)));
    assert.throws(() => assertLogicalId('a b', 'resource'), CfnInternalError);
    assertLogicalId('ab1', 'resource');
  });
});
