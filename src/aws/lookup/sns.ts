/**
 * `x-sns::<name>` lookup: the topic by tags (tag:GetResources `sns:topic`, exactly one), by ARN
 * or by name (Identifier, found with sns:ListTopics, every page); sns:GetTopicAttributes checks
 * it exists and gives its KMS key (as an ARN, via kms:DescribeKey).
 * Result `{TopicArn, TopicName, KmsKeyArn?}`.
 */
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetTopicAttributesCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { awsErrorName } from '../errors.js';
import { findByTags, tagFilters } from '../tags.js';
import { allPages, describeFilters, type LookupContext } from './context.js';
import { kmsKeyArn } from './kms.js';

export interface TopicResult {
  TopicArn: string;
  TopicName: string;
  KmsKeyArn?: string;
}

const topicName = (arn: string): string => arn.split(':').slice(5).join(':');

export async function resolveTopic(ctx: LookupContext): Promise<TopicResult> {
  const req = ctx.req.request;
  const sns = ctx.client(SNSClient);
  let arn: string;
  if (req.Tags !== undefined) {
    const filters = tagFilters(req.Tags);
    const found = await ctx.call('tag:GetResources', () => findByTags(ctx.client(ResourceGroupsTaggingAPIClient), ['sns:topic'], filters));
    arn = ctx.one('topic', found, describeFilters(filters)).arn;
  } else if (typeof req.Arn === 'string') {
    arn = req.Arn;
  } else if (typeof req.Identifier === 'string') {
    const name = req.Identifier;
    const pages = await ctx.call('sns:ListTopics', () => allPages((token) => sns.send(new ListTopicsCommand({ ...(token ? { NextToken: token } : {}) }))));
    const hit = pages.flatMap((p) => p.Topics ?? []).find((t) => t.TopicArn && topicName(t.TopicArn) === name);
    if (!hit?.TopicArn) throw ctx.error('CXK1101', `no topic named ${name} in ${ctx.session.region}`, { expected: 'an existing topic', hint: 'check the topic name and the region' });
    arn = hit.TopicArn;
  } else {
    throw ctx.error('CXK1103', 'the Lookup needs Tags, Arn or Identifier');
  }
  const out = await ctx.call('sns:GetTopicAttributes', async () => {
    try {
      return await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
    } catch (e) {
      if (awsErrorName(e) === 'NotFoundException' || awsErrorName(e) === 'NotFound') return undefined;
      throw e;
    }
  });
  if (!out?.Attributes) throw ctx.error('CXK1101', `topic ${arn} does not exist`, { expected: 'an existing topic', hint: 'check the topic ARN and the region' });
  const topicArn = out.Attributes.TopicArn ?? arn;
  const key = out.Attributes.KmsMasterKeyId;
  return { TopicArn: topicArn, TopicName: topicName(topicArn), ...(key ? { KmsKeyArn: await kmsKeyArn(ctx, key) } : {}) };
}
