import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { CfnValue } from '../../cfn/intrinsics.js';
import { expandAccess, statementsOf } from '../shared/access.js';
import { kmsActions, OBJECT_ACCESS, S3_PERMISSIONS, type Access } from './permissions.js';

const accessStatements = (access: Access, arn: CfnValue) => statementsOf(expandAccess(S3_PERMISSIONS, access).granted, () => arn);
const objectsArn = (arn: CfnValue) => statementsOf(expandAccess(S3_PERMISSIONS, { objects: 'RW' }).granted, () => arn)[0].Resource;

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
    assert.deepEqual(sts[1].Action, ['s3:ListBucket', 's3:GetBucket*']);
  });

  test('objects ARN of an intrinsic goes through Fn::Sub', () => {
    assert.deepEqual(objectsArn({ Ref: 'X' }), [{ 'Fn::Sub': ['${ARN}/*', { ARN: { Ref: 'X' } }] }]);
  });

  test('KMS actions follow the object access', () => {
    assert.deepEqual(kmsActions(OBJECT_ACCESS.ReadOnly), { decrypt: true, generateDataKey: false });
    assert.deepEqual(kmsActions(OBJECT_ACCESS.StrictWriteOnly), { decrypt: true, generateDataKey: true });
    assert.deepEqual(kmsActions(OBJECT_ACCESS.CRUD), { decrypt: true, generateDataKey: true });
  });
});
