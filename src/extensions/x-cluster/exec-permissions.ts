/**
 * ECS Exec logging rights: the task role of a family with ECS Exec enabled must write the
 * session logs where the cluster sends them (log group, S3 bucket) and use the session KMS key.
 */
import { sub } from '../../cfn/intrinsics.js';
import type { FamilyStack } from '../../synth/family.js';
import type { ExecLoggingTargets } from './exec-logging.js';

const POLICY = 'EcsExecLogging';

export function grantExecLogging(fs: FamilyStack, targets: ExecLoggingTargets): void {
  if (!fs.family.enableExecuteCommand) return;
  if (targets.logGroupArn !== undefined) {
    const arn = fs.input('EcsExecLogGroupArn', { Type: 'String', Description: 'ARN of the ECS Exec log group' }, targets.logGroupArn);
    fs.addStatement('task', POLICY, { Sid: 'ExecLogGroupsDescribe', Effect: 'Allow', Action: ['logs:DescribeLogGroups'], Resource: '*' });
    fs.addStatement('task', POLICY, {
      Sid: 'ExecLogGroupWrite',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      Resource: [arn],
    });
  }
  if (targets.bucketName !== undefined) {
    fs.input('EcsExecLogBucket', { Type: 'String', Description: 'Name of the ECS Exec logs bucket' }, targets.bucketName);
    fs.addStatement('task', POLICY, {
      Sid: 'ExecLogBucketEncryption',
      Effect: 'Allow',
      Action: ['s3:GetEncryptionConfiguration'],
      Resource: [sub('arn:${AWS::Partition}:s3:::${EcsExecLogBucket}')],
    });
    fs.addStatement('task', POLICY, {
      Sid: 'ExecLogBucketWrite',
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: [sub('arn:${AWS::Partition}:s3:::${EcsExecLogBucket}/*')],
    });
  }
  if (targets.kmsKeyArn !== undefined) {
    const key = fs.input('EcsExecKmsKeyArn', { Type: 'String', Description: 'ARN of the ECS Exec KMS key' }, targets.kmsKeyArn);
    fs.addStatement('task', POLICY, { Sid: 'ExecKmsKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [key] });
  }
}
