import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findPointers, substitute } from './pointers.js';

const M = ['x-s3', 'x-sqs'];

describe('x-<module> pointers in environment values', () => {
  test('finds well-formed pointers and reports malformed ones', () => {
    const { pointers, malformed } = findPointers('s3://x-s3::my-bucket::BucketName/key and x-s3::oops', M);
    assert.deepEqual(pointers, [{ module: 'x-s3', resource: 'my-bucket', attribute: 'BucketName', index: 5, length: 27 }]);
    assert.deepEqual(malformed, [{ module: 'x-s3', index: 41 }]);
  });

  test('pointers of several modules in one value, in text order; other prefixes left alone', () => {
    const text = 'x-sqs::q::Url|x-s3::b::Arn|x-sns::t::TopicArn';
    const { pointers, malformed } = findPointers(text, M);
    assert.deepEqual(
      pointers.map((p) => [p.module, p.resource, p.attribute]),
      [['x-sqs', 'q', 'Url'], ['x-s3', 'b', 'Arn']],
    );
    assert.deepEqual(malformed, []);
    assert.deepEqual(substitute(text, pointers, (p) => (p.module === 'x-s3' ? 'arn:aws:s3:::b' : { Ref: 'Q' })), {
      'Fn::Sub': ['${qUrl}|arn:aws:s3:::b|x-sns::t::TopicArn', { qUrl: { Ref: 'Q' } }],
    });
  });

  test('a whole-value pointer becomes the attribute itself', () => {
    const text = 'x-s3::b::Arn';
    const { pointers } = findPointers(text, M);
    assert.deepEqual(substitute(text, pointers, () => ({ Ref: 'BArn' })), { Ref: 'BArn' });
  });

  test('inside a longer text: Fn::Sub with the rest escaped', () => {
    const text = '${HOME}/x-s3::b::BucketName/${!X}';
    const { pointers } = findPointers(text, M);
    assert.deepEqual(substitute(text, pointers, () => ({ Ref: 'P' })), {
      'Fn::Sub': ['${!HOME}/${bBucketName}/${!!X}', { bBucketName: { Ref: 'P' } }],
    });
  });

  test('literal attribute values are inlined without Fn::Sub', () => {
    const text = 's3://x-s3::b::BucketName/k';
    const { pointers } = findPointers(text, M);
    assert.equal(substitute(text, pointers, () => 'my-bucket'), 's3://my-bucket/k');
    const withDollar = '${A}x-s3::b::BucketName';
    assert.deepEqual(substitute(withDollar, findPointers(withDollar, M).pointers, () => 'bk'), { 'Fn::Sub': ['${Dollar}{A}bk', { Dollar: '$' }] });
  });

  test('text around pointers survives substitution (property)', () => {
    const safe = fc.string().filter((s) => !s.includes('x-s3::') && !s.includes('$'));
    // the attribute is the longest run of letters, so the text after it must not start with one
    const after = safe.filter((s) => !/^[A-Za-z]/.test(s));
    fc.assert(
      fc.property(safe, after, (a, b) => {
        const text = `${a}x-s3::bk::Arn${b}`;
        const { pointers, malformed } = findPointers(text, M);
        assert.equal(malformed.length, 0);
        assert.equal(substitute(text, pointers, () => 'ARN'), `${a}ARN${b}`);
      }),
    );
  });
});
