/**
 * `x-sqs::<name>` lookup (kind `resource`, see resource.ts): a queue by tags (`sqs`), ARN or name
 * (Identifier); sqs:GetQueueUrl gives its URL (and checks it exists, in the ARN's account),
 * sqs:GetQueueAttributes its ARN and KMS key (as an ARN, via kms:DescribeKey).
 * Result `{QueueUrl, Arn, QueueName, KmsKeyArn?}`.
 */
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsErrorName } from '../errors.js';
import { refId, type LookupContext, type ResourceRef } from './context.js';
import { kmsKeyArn } from './kms.js';
import type { ResourceResolver } from './resource.js';

async function describe(ctx: LookupContext, ref: ResourceRef): Promise<Record<string, string>> {
  const sqs = ctx.client(SQSClient);
  const name = refId(ref);
  const owner = 'arn' in ref ? ref.arn.split(':')[4] : undefined;
  const url = await ctx.call('sqs:GetQueueUrl', async () => {
    try {
      return (await sqs.send(new GetQueueUrlCommand({ QueueName: name, ...(owner ? { QueueOwnerAWSAccountId: owner } : {}) }))).QueueUrl;
    } catch (e) {
      if (/QueueDoesNotExist|NonExistentQueue/.test(awsErrorName(e))) return undefined;
      throw e;
    }
  });
  if (!url) throw ctx.error('CXK1101', `no queue named ${name} in ${ctx.session.region}`, { expected: 'an existing queue', hint: 'check the queue name or ARN and the region' });
  const attrs = await ctx.call('sqs:GetQueueAttributes', () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'KmsMasterKeyId'] })));
  const arn = attrs.Attributes?.QueueArn;
  if (!arn) throw ctx.error('CXK1103', `sqs:GetQueueAttributes returned no ARN for queue ${url}`);
  const key = attrs.Attributes?.KmsMasterKeyId;
  return { QueueUrl: url, Arn: arn, QueueName: arn.split(':')[5], ...(key ? { KmsKeyArn: await kmsKeyArn(ctx, key) } : {}) };
}

export const queueResolver: ResourceResolver = {
  what: 'SQS queue',
  resourceTypes: ['sqs'],
  arn: /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,75}(?:\.fifo)?$/,
  arnExample: 'arn:aws:sqs:<region>:<account>:<queue name>',
  describe,
};
