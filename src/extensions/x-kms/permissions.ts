/**
 * x-kms access names → IAM statements on the key (the reference's kms_perms.json names and
 * actions; Sid = the access name).
 */
import type { PermissionTable } from '../shared/access.js';

const onKey = (actions: string[]) => ({ Action: actions, Resource: ['${Arn}'] });

export const KMS_PERMISSIONS: PermissionTable = {
  names: {
    EncryptDecrypt: onKey(['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey']),
    EncryptOnly: onKey(['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']),
    DecryptOnly: onKey(['kms:Decrypt']),
    SQS: onKey(['kms:GenerateDataKey', 'kms:Decrypt']),
  },
};
