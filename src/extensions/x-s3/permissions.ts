/**
 * S3 access names → IAM statements for a service's task role (the reference's s3_perms.json,
 * same actions but for one that is no IAM action; Sids `<scope><name>`), and the KMS actions an object access needs on an SSE-KMS bucket.
 */
import type { PermissionTable } from '../shared/access.js';

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
    // 1.x also lists s3:CreateMultipartUpload, which is an API call, not an IAM action
    // (s3:PutObject allows it): it is left out.
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
  // 1.x also lists s3:SetBucket*, which matches no S3 action: left out, the rights are the same
  PowerUser: ['s3:ListBucket', 's3:GetBucket*'],
} as const satisfies Record<string, readonly string[]>;

export type ObjectAccess = keyof typeof OBJECT_ACCESS;
export type BucketAccess = keyof typeof BUCKET_ACCESS;

export interface Access {
  objects: ObjectAccess;
  bucket: BucketAccess;
  enforceSecureConnection?: boolean;
  's3-bucket-ssl-requests-only'?: boolean;
}

/** Denies requests not made over TLS (`enforceSecureConnection`, 1.x spelling `s3-bucket-ssl-requests-only`). */
const TLS_ONLY = {
  Sid: 'enforceSecureConnection',
  Effect: 'Deny',
  Action: ['s3:*'],
  Resource: ['${Arn}', '${Arn}/*'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
} as const;

/** The x-s3 permission table: `Access: {objects: <name>, bucket: <name>, enforceSecureConnection?: true}`. */
export const S3_PERMISSIONS: PermissionTable = {
  scopes: {
    objects: Object.fromEntries(Object.entries(OBJECT_ACCESS).map(([k, actions]) => [k, { Action: actions, Resource: ['${Arn}/*'] }])),
    bucket: Object.fromEntries(Object.entries(BUCKET_ACCESS).map(([k, actions]) => [k, { Action: actions, Resource: ['${Arn}'] }])),
  },
  flags: { enforceSecureConnection: TLS_ONLY, 's3-bucket-ssl-requests-only': TLS_ONLY },
};

/**
 * KMS actions an object access needs when objects are encrypted with a customer key: reading
 * needs kms:Decrypt; writing needs kms:GenerateDataKey (and kms:Decrypt for multipart uploads).
 */
export function kmsActions(actions: readonly string[]): { decrypt: boolean; generateDataKey: boolean } {
  const reads = actions.some((a) => a.startsWith('s3:GetObject'));
  const writes = actions.some((a) => a.startsWith('s3:PutObject'));
  return { decrypt: reads || writes, generateDataKey: writes };
}
