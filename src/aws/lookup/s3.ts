/**
 * `x-s3::<name>` lookup: the bucket by tags (tag:GetResources `s3`, exactly one bucket), by ARN
 * or by name (Identifier); then its default encryption (s3:GetBucketEncryption; no
 * configuration is fine) and, for SSE-KMS with a customer key, the key ARN (kms:DescribeKey
 * when the bucket names the key by id or alias). A missing bucket is an error.
 * Result `{BucketName, Arn, KmsKeyArn?}`.
 */
import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { awsErrorName } from '../errors.js';
import { findByTags, tagFilters } from '../tags.js';
import { describeFilters, partitionOf, type LookupContext } from './context.js';
import { kmsKeyArn } from './kms.js';

export interface BucketResult {
  BucketName: string;
  Arn: string;
  KmsKeyArn?: string;
}

const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)$/;

export async function resolveBucket(ctx: LookupContext): Promise<BucketResult> {
  const req = ctx.req.request;
  let arn: string;
  if (req.Tags !== undefined) {
    const filters = tagFilters(req.Tags);
    const found = await ctx.call('tag:GetResources', () => findByTags(ctx.client(ResourceGroupsTaggingAPIClient), ['s3'], filters));
    arn = ctx.one('bucket', found.filter((r) => BUCKET_ARN.test(r.arn)), describeFilters(filters)).arn;
  } else if (typeof req.Arn === 'string') {
    if (!BUCKET_ARN.test(req.Arn)) throw ctx.error('CXK1103', `${req.Arn} is not an S3 bucket ARN`, { expected: 'arn:aws:s3:::<bucket name>' });
    arn = req.Arn;
  } else if (typeof req.Identifier === 'string') {
    arn = `arn:${partitionOf(ctx.session.region)}:s3:::${req.Identifier}`;
  } else {
    throw ctx.error('CXK1103', 'the Lookup needs Tags, Arn or Identifier');
  }
  const name = (BUCKET_ARN.exec(arn) as RegExpExecArray)[1];
  const enc = await ctx.call('s3:GetBucketEncryption', async () => {
    try {
      return await ctx.client(S3Client).send(new GetBucketEncryptionCommand({ Bucket: name }));
    } catch (e) {
      const n = awsErrorName(e);
      if (n === 'ServerSideEncryptionConfigurationNotFoundError') return undefined;
      if (n === 'NoSuchBucket' || n === 'NotFound') return null;
      throw e;
    }
  });
  if (enc === null) throw ctx.error('CXK1101', `bucket ${name} does not exist`, { expected: 'an existing bucket', hint: 'check the bucket name or ARN' });
  const rule = (enc?.ServerSideEncryptionConfiguration?.Rules ?? []).find((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm?.startsWith('aws:kms'));
  const keyRef = rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID;
  return { BucketName: name, Arn: arn, ...(keyRef ? { KmsKeyArn: await kmsKeyArn(ctx, keyRef) } : {}) };
}
