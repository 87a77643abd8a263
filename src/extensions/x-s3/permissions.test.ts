import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { accessStatements, kmsActions, objectsArn } from './permissions.js';

describe('x-s3 permission sets', () => {
  test('ReadOnly objects + ListOnly bucket (the Kafka lab)', () => {
    assert.deepEqual(accessStatements({ objects: 'ReadOnly', bucket: 'ListOnly' }, 'arn:aws:s3:::b'), [
      { Sid: 'objectsReadOnly', Effect: 'Allow', Action: ['s3:GetObject*'], Resource: ['arn:aws:s3:::b/*'] },
      {
        Sid: 'bucketListOnly',
        Effect: 'Allow',
        Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetBucketPublicAccessBlock'],
        Resource: ['arn:aws:s3:::b'],
      },
    ]);
  });

  test('enforceSecureConnection denies non-TLS access to bucket and objects', () => {
    const sts = accessStatements({ objects: 'StrictRW', bucket: 'PowerUser', enforceSecureConnection: true }, { Ref: 'A' });
    assert.equal(sts.length, 3);
    assert.deepEqual(sts[2], {
      Sid: 'enforceSecureConnection',
      Effect: 'Deny',
      Action: ['s3:*'],
      Resource: [{ Ref: 'A' }, { 'Fn::Sub': ['${ARN}/*', { ARN: { Ref: 'A' } }] }],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    assert.deepEqual(sts[1].Action, ['s3:ListBucket', 's3:GetBucket*', 's3:SetBucket*']);
  });

  test('objects ARN of an intrinsic goes through Fn::Sub', () => {
    assert.deepEqual(objectsArn({ Ref: 'X' }), { 'Fn::Sub': ['${ARN}/*', { ARN: { Ref: 'X' } }] });
  });

  test('KMS actions follow the object access', () => {
    assert.deepEqual(kmsActions('ReadOnly'), { decrypt: true, generateDataKey: false });
    assert.deepEqual(kmsActions('StrictWriteOnly'), { decrypt: true, generateDataKey: true });
    assert.deepEqual(kmsActions('CRUD'), { decrypt: true, generateDataKey: true });
  });
});
