/**
 * ECS Exec logging of a new cluster (x-cluster.MacroParameters): the log group, KMS key and S3
 * bucket created in the root stack, the cluster's ExecuteCommandConfiguration pointing at them,
 * and the destinations the task roles of families using ECS Exec must be allowed to write to.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { getAtt, ref, sub } from '../../cfn/intrinsics.js';
import type { StackBuilder } from '../../synth/stack.js';

export interface ExecLoggingOptions {
  logGroup: boolean;
  retentionInDays: number;
  kmsKey: boolean;
  /** The key may encrypt any log group of the account (not only the exec log group). */
  allowKmsKeyReuse: boolean;
  bucket: boolean;
}

/** Where ECS Exec sessions are logged / encrypted; what a task role needs access to. */
export interface ExecLoggingTargets {
  /** ARN of the log group (`arn:...:log-group:<name>:*`). */
  logGroupArn?: CfnValue;
  /** Name of the bucket. */
  bucketName?: CfnValue;
  /** ARN of the KMS key encrypting the sessions (and the logs). */
  kmsKeyArn?: CfnValue;
}

export const EXEC_LOG_GROUP = 'EcsExecLogGroup';
export const EXEC_KMS_KEY = 'EcsExecLoggingKmsKey';
export const EXEC_BUCKET = 'EcsExecLoggingBucket';
const LOG_GROUP_NAME = 'ecs/execute-logs/${AWS::StackName}';

/**
 * Adds the requested exec-logging resources to the root stack; returns the cluster's
 * `Configuration` (undefined when nothing is logged) and the targets.
 */
export function addExecLogging(root: StackBuilder, opts: ExecLoggingOptions): { configuration?: CfnValue; targets: ExecLoggingTargets } {
  const targets: ExecLoggingTargets = {};
  if (opts.kmsKey) {
    root.add(EXEC_KMS_KEY, {
      Type: 'AWS::KMS::Key',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Description: sub('ECS Exec sessions and logs of ${AWS::StackName}'),
        EnableKeyRotation: true,
        KeyPolicy: keyPolicy(opts.allowKmsKeyReuse),
      },
    });
    targets.kmsKeyArn = getAtt(EXEC_KMS_KEY, 'Arn');
  }
  if (opts.logGroup) {
    root.add(EXEC_LOG_GROUP, {
      Type: 'AWS::Logs::LogGroup',
      Properties: {
        LogGroupName: sub(LOG_GROUP_NAME),
        RetentionInDays: opts.retentionInDays,
        KmsKeyId: opts.kmsKey ? getAtt(EXEC_KMS_KEY, 'Arn') : undefined,
      },
    });
    targets.logGroupArn = getAtt(EXEC_LOG_GROUP, 'Arn');
  }
  if (opts.bucket) {
    root.add(EXEC_BUCKET, {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              ServerSideEncryptionByDefault: opts.kmsKey
                ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(EXEC_KMS_KEY, 'Arn') }
                : { SSEAlgorithm: 'AES256' },
              BucketKeyEnabled: opts.kmsKey ? true : undefined,
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      },
    });
    targets.bucketName = ref(EXEC_BUCKET);
  }
  if (!opts.logGroup && !opts.bucket) {
    return { configuration: opts.kmsKey ? { ExecuteCommandConfiguration: { KmsKeyId: targets.kmsKeyArn as CfnValue } } : undefined, targets };
  }
  const logConfiguration: Record<string, CfnValue> = {};
  if (opts.logGroup) {
    logConfiguration.CloudWatchLogGroupName = ref(EXEC_LOG_GROUP);
    if (opts.kmsKey) logConfiguration.CloudWatchEncryptionEnabled = true;
  }
  if (opts.bucket) {
    logConfiguration.S3BucketName = ref(EXEC_BUCKET);
    logConfiguration.S3EncryptionEnabled = true;
    logConfiguration.S3KeyPrefix = 'ecs-exec';
  }
  const exec: Record<string, CfnValue> = { Logging: 'OVERRIDE', LogConfiguration: logConfiguration };
  if (targets.kmsKeyArn) exec.KmsKeyId = targets.kmsKeyArn;
  return { configuration: { ExecuteCommandConfiguration: exec }, targets };
}

/** Account administrators manage the key; CloudWatch Logs may use it for the exec log group. */
function keyPolicy(reuse: boolean): CfnValue {
  const logGroupArn = reuse
    ? sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*')
    : sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${LOG_GROUP_NAME}`);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowAccountAdministration',
        Effect: 'Allow',
        Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
        Action: ['kms:*'],
        Resource: '*',
      },
      {
        Sid: 'AllowCloudWatchLogsEncryption',
        Effect: 'Allow',
        Principal: { Service: sub('logs.${AWS::Region}.${AWS::URLSuffix}') },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      },
    ],
  };
}
