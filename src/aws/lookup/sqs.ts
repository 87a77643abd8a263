/**
 * `x-sqs::<name>` lookup: the queue by tags (tag:GetResources `sqs`, exactly one), by ARN or by
 * name (Identifier); sqs:GetQueueUrl gives its URL (and checks it exists), sqs:GetQueueAttributes
 * its ARN and KMS key (as an ARN, via kms:DescribeKey). Result `{QueueUrl, Arn, QueueName, KmsKeyArn?}`.
 */
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsErrorName } from '../errors.js';
import { findByTags, tagFilters } from '../tags.js';
import { describeFilters, type LookupContext } from './context.js';
import { kmsKeyArn } from './kms.js';

export interface QueueResult {
  QueueUrl: string;
  Arn: string;
  QueueName: string;
  KmsKeyArn?: string;
}

export async function resolveQueue(ctx: LookupContext): Promise<QueueResult> {
  const req = ctx.req.request;
  const sqs = ctx.client(SQSClient);
  let name: string;
  let owner: string | undefined;
  if (req.Tags !== undefined) {
    const filters = tagFilters(req.Tags);
    const found = await ctx.call('tag:GetResources', () => findByTags(ctx.client(ResourceGroupsTaggingAPIClient), ['sqs'], filters));
    const arn = ctx.one('queue', found, describeFilters(filters)).arn;
    [name, owner] = [arn.split(':')[5], arn.split(':')[4]];
  } else if (typeof req.Arn === 'string') {
    [name, owner] = [req.Arn.split(':')[5] ?? '', req.Arn.split(':')[4]];
  } else if (typeof req.Identifier === 'string') {
    name = req.Identifier;
  } else {
    throw ctx.error('CXK1103', 'the Lookup needs Tags, Arn or Identifier');
  }
  const url = await ctx.call('sqs:GetQueueUrl', async () => {
    try {
      return (await sqs.send(new GetQueueUrlCommand({ QueueName: name, ...(owner ? { QueueOwnerAWSAccountId: owner } : {}) }))).QueueUrl;
    } catch (e) {
      const n = awsErrorName(e);
      if (n === 'QueueDoesNotExist' || n === 'AWS.SimpleQueueService.NonExistentQueue') return undefined;
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
