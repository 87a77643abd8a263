/**
 * S3 access names → IAM statements for a service's task role (the reference's s3_perms.json,
 * same actions and Sids), and the KMS actions an object access needs on an SSE-KMS bucket.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { sub } from '../../cfn/intrinsics.js';
import type { Statement } from '../../synth/family.js';

export const OBJECT_ACCESS = {
  CRUD: [
    's3:GetObject',
    's3:DeleteObject',
    's3:PutObject',
    's3:GetObjectTagging',
    's3:GetObjectVersionTagging',
    's3:PutObjectTagging',
    's3:PutObjectVersionTagging',
    's3:DeleteObjectTagging',
    's3:DeleteObjectVersionTagging',
    's3:PutObjectAcl',
    's3:AbortMultipartUpload',
    's3:CreateMultipartUpload',
  ],
  RW: ['s3:GetObject*', 's3:PutObject*'],
  StrictRW: ['s3:GetObject', 's3:PutObject'],
  StrictRWDelete: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
  RWDelete: ['s3:GetObject*', 's3:PutObject*', 's3:DeleteObject*'],
  ReadOnly: ['s3:GetObject*'],
  StrictReadOnly: ['s3:GetObject'],
  WriteOnly: ['s3:PutObject*'],
  StrictWriteOnly: ['s3:PutObject'],
} as const satisfies Record<string, readonly string[]>;

export const BUCKET_ACCESS = {
  ListOnly: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetBucketPublicAccessBlock'],
  PowerUser: ['s3:ListBucket', 's3:GetBucket*', 's3:SetBucket*'],
} as const satisfies Record<string, readonly string[]>;

export type ObjectAccess = keyof typeof OBJECT_ACCESS;
export type BucketAccess = keyof typeof BUCKET_ACCESS;

export interface Access {
  objects: ObjectAccess;
  bucket: BucketAccess;
  enforceSecureConnection?: boolean;
}

/** `${ARN}/*` for the objects of a bucket. */
export function objectsArn(arn: CfnValue): CfnValue {
  return typeof arn === 'string' ? `${arn}/*` : sub('${ARN}/*', { ARN: arn });
}

/** Statements in the order objects, bucket, enforceSecureConnection; Sids `<subkey><Name>`. */
export function accessStatements(access: Access, arn: CfnValue): Statement[] {
  const out: Statement[] = [
    { Sid: `objects${access.objects}`, Effect: 'Allow', Action: [...OBJECT_ACCESS[access.objects]], Resource: [objectsArn(arn)] },
    { Sid: `bucket${access.bucket}`, Effect: 'Allow', Action: [...BUCKET_ACCESS[access.bucket]], Resource: [arn] },
  ];
  if (access.enforceSecureConnection) {
    out.push({
      Sid: 'enforceSecureConnection',
      Effect: 'Deny',
      Action: ['s3:*'],
      Resource: [arn, objectsArn(arn)],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  }
  return out;
}

/**
 * KMS actions an object access needs when objects are encrypted with a customer key: reading
 * needs kms:Decrypt; writing needs kms:GenerateDataKey (and kms:Decrypt for multipart uploads).
 */
export function kmsActions(objects: ObjectAccess): { decrypt: boolean; generateDataKey: boolean } {
  const actions: readonly string[] = OBJECT_ACCESS[objects];
  const reads = actions.some((a) => a.startsWith('s3:GetObject'));
  const writes = actions.some((a) => a.startsWith('s3:PutObject') || a === 's3:CreateMultipartUpload');
  return { decrypt: reads || writes, generateDataKey: writes };
}
