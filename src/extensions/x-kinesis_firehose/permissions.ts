/**
 * Firehose access names → IAM statements on a delivery stream (the reference's
 * kinesis_firehose_perms.json), and what the delivery stream's own role needs on its S3
 * destinations.
 *
 * Deliberate difference with 1.x: `Producer` does not grant firehose:UpdateDestination, which
 * changes where the stream delivers (a control-plane action no producer needs).
 */
import type { PermissionTable } from '../shared/access.js';

/** `Access: Producer` of a delivery stream link. */
export const FIREHOSE_PERMISSIONS: PermissionTable = {
  names: {
    Producer: { Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: ['${Arn}'] },
  },
};

/** What Firehose does on the bucket of an S3 destination (1.x `kinesis_firehose.s3destination`, split by resource). */
export const S3_BUCKET_ACTIONS = ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'] as const;
/** ... and on its objects (1.x also grants s3:PutObjectAcl, which delivery does not use). */
export const S3_OBJECT_ACTIONS = ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'] as const;
/** On the KMS key encrypting the objects it writes (1.x `s3keyaccess`). */
export const S3_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;
