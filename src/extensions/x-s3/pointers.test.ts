import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findPointers, substitute } from './pointers.js';

describe('x-s3 pointers in environment values', () => {
  test('finds well-formed pointers and reports malformed ones', () => {
    const { pointers, malformed } = findPointers('s3://x-s3::my-bucket::BucketName/key and x-s3::oops');
    assert.deepEqual(pointers, [{ bucket: 'my-bucket', attribute: 'BucketName', index: 5, length: 27 }]);
    assert.deepEqual(malformed, [41]);
  });

  test('a whole-value pointer becomes the attribute itself', () => {
    const text = 'x-s3::b::Arn';
    const { pointers } = findPointers(text);
    assert.deepEqual(substitute(text, pointers, () => ({ Ref: 'BArn' })), { Ref: 'BArn' });
  });

  test('inside a longer text: Fn::Sub with the rest escaped', () => {
    const text = '${HOME}/x-s3::b::BucketName/${!X}';
    const { pointers } = findPointers(text);
    assert.deepEqual(substitute(text, pointers, () => ({ Ref: 'P' })), {
      'Fn::Sub': ['${!HOME}/${bBucketName}/${!!X}', { bBucketName: { Ref: 'P' } }],
    });
  });

  test('literal attribute values are inlined without Fn::Sub', () => {
    const text = 's3://x-s3::b::BucketName/k';
    const { pointers } = findPointers(text);
    assert.equal(substitute(text, pointers, () => 'my-bucket'), 's3://my-bucket/k');
    const withDollar = '${A}x-s3::b::BucketName';
    assert.deepEqual(substitute(withDollar, findPointers(withDollar).pointers, () => 'bk'), { 'Fn::Sub': ['${Dollar}{A}bk', { Dollar: '$' }] });
  });

  test('text around pointers survives substitution (property)', () => {
    const safe = fc.string().filter((s) => !s.includes('x-s3::') && !s.includes('$'));
    // the attribute is the longest run of letters, so the text after it must not start with one
    const after = safe.filter((s) => !/^[A-Za-z]/.test(s));
    fc.assert(
      fc.property(safe, after, (a, b) => {
        const text = `${a}x-s3::bk::Arn${b}`;
        const { pointers, malformed } = findPointers(text);
        assert.equal(malformed.length, 0);
        assert.equal(substitute(text, pointers, () => 'ARN'), `${a}ARN${b}`);
      }),
    );
  });
});
