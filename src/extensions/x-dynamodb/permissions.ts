/**
 * DynamoDB access names → IAM statements on a table (`${Arn}`) and its indexes
 * (`${Arn}/index/*`) for a service's task role (policy `<family>Todynamodb`), and the KMS actions
 * each needs on the key of a table encrypted with a customer managed key.
 *
 * Exact actions, no wildcards. Differences with 1.x (dynamodb_perms.json): `RW` lists the item
 * actions instead of `Get*` / `BatchGet*` / `BatchWrite*` (which also matched stream and
 * resource-policy actions); `PowerUser`, an Allow with NotAction [CreateTable, DeleteTable,
 * DeleteBackup] in 1.x (every other DynamoDB action there is), lists the table actions it allows;
 * stream reads (DescribeStream) are not granted: they are on the stream ARN, not the table's.
 * `RO` never writes. The three AWS SAM policy templates the 1.x documentation names are accepted too.
 */
import type { Permission, PermissionTable } from '../shared/access.js';

const ON_TABLE = ['${Arn}', '${Arn}/index/*'];

const READ = ['dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const ADMIN = [
  'dynamodb:UpdateTable',
  'dynamodb:DescribeTimeToLive',
  'dynamodb:UpdateTimeToLive',
  'dynamodb:DescribeContinuousBackups',
  'dynamodb:UpdateContinuousBackups',
  'dynamodb:CreateBackup',
  'dynamodb:ListTagsOfResource',
  'dynamodb:TagResource',
  'dynamodb:UntagResource',
];

/** Reading items decrypts them; writing encrypts them with a data key of the table's key. */
const KMS_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KMS_WRITE = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];

const on = (action: string[], kms: string[], resource: string[] = ON_TABLE): Permission => ({ Action: action, Resource: resource, Kms: kms });

export const TABLE_ACCESS = {
  /** Read items, query and scan the table and its indexes. */
  RO: on(READ, KMS_READ),
  /** RO plus writing and deleting items. */
  RW: on([...READ, ...WRITE], KMS_WRITE),
  /** RW plus the table's settings (capacity, TTL, backups, tags); never creates nor deletes tables. */
  PowerUser: on([...READ, ...WRITE, ...ADMIN], KMS_WRITE),
  /** What a Kinesis Client Library application does on its lease table (1.x `KinesisKCL`). */
  KinesisKCL: on(['dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], KMS_WRITE),
  /** AWS SAM DynamoDBCrudPolicy. */
  DynamoDBCrudPolicy: on(
    ['dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:ConditionCheckItem'],
    KMS_WRITE,
  ),
  /** AWS SAM DynamoDBReadPolicy. */
  DynamoDBReadPolicy: on(['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable'], KMS_READ),
  /** AWS SAM DynamoDBWritePolicy (items of the table). */
  DynamoDBWritePolicy: on(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'], KMS_WRITE, ['${Arn}']),
} as const satisfies Record<string, Permission>;

export const DYNAMODB_PERMISSIONS: PermissionTable = { names: TABLE_ACCESS };

/** Actions that change data or the table: none of them is in a read-only access. */
export const WRITE_ACTIONS: readonly string[] = [...WRITE, ...ADMIN];
