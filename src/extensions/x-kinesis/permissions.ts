/**
 * Kinesis access names → IAM statements on a stream (the reference's kinesis_perms.json), and
 * the KMS actions each needs on the key of an encrypted stream.
 *
 * Two deliberate differences with 1.x: `Consumer` also has kinesis:GetShardIterator (without it
 * a consumer cannot read a shard), and `PowerUser`, an Allow with NotAction [CreateStream,
 * DeleteStream] in 1.x, lists the stream actions it allows.
 */
import type { PermissionTable } from '../shared/access.js';

export const STREAM_ACCESS = {
  Producer: [
    'kinesis:DescribeStream',
    'kinesis:DescribeStreamSummary',
    'kinesis:DescribeStreamConsumer',
    'kinesis:SubscribeToShard',
    'kinesis:RegisterStreamConsumer',
    'kinesis:PutRecord',
    'kinesis:PutRecords',
    'kinesis:ListShards',
  ],
  Consumer: ['kinesis:DescribeStream', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'],
  PowerUser: [
    'kinesis:AddTagsToStream',
    'kinesis:DecreaseStreamRetentionPeriod',
    'kinesis:DeregisterStreamConsumer',
    'kinesis:DescribeStream',
    'kinesis:DescribeStreamConsumer',
    'kinesis:DescribeStreamSummary',
    'kinesis:DisableEnhancedMonitoring',
    'kinesis:EnableEnhancedMonitoring',
    'kinesis:GetRecords',
    'kinesis:GetShardIterator',
    'kinesis:IncreaseStreamRetentionPeriod',
    'kinesis:ListShards',
    'kinesis:ListStreamConsumers',
    'kinesis:ListTagsForStream',
    'kinesis:MergeShards',
    'kinesis:PutRecord',
    'kinesis:PutRecords',
    'kinesis:RegisterStreamConsumer',
    'kinesis:RemoveTagsFromStream',
    'kinesis:SplitShard',
    'kinesis:StartStreamEncryption',
    'kinesis:StopStreamEncryption',
    'kinesis:SubscribeToShard',
    'kinesis:UpdateShardCount',
    'kinesis:UpdateStreamMode',
  ],
} as const satisfies Record<string, readonly string[]>;

/** KMS actions on the stream's key: reading decrypts, writing generates data keys. */
const KMS = {
  Producer: ['kms:GenerateDataKey'],
  Consumer: ['kms:Decrypt'],
  PowerUser: ['kms:GenerateDataKey', 'kms:Decrypt'],
} as const;

/** `Access: Producer | Consumer | PowerUser` of a stream link. */
export const KINESIS_PERMISSIONS: PermissionTable = {
  names: Object.fromEntries(
    Object.entries(STREAM_ACCESS).map(([name, actions]) => [name, { Action: actions, Resource: ['${Arn}'], Kms: KMS[name as keyof typeof KMS] }]),
  ),
};

/**
 * What a delivery stream reading a Kinesis stream needs on it (1.x `kinesis_firehose.kinesisSource`),
 * and kms:Decrypt on the stream's key when it is encrypted.
 */
export const FIREHOSE_SOURCE_ACTIONS = ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'] as const;
