/**
 * `x-secrets::<name>` lookup: the secret by tags (tag:GetResources `secretsmanager:secret`,
 * narrowed to the secret called `Name` when the request has one; exactly one match), by ARN or by
 * name (Identifier); secretsmanager:DescribeSecret gives the full ARN and the KMS key (as an
 * ARN, via kms:DescribeKey when it is an alias or id). Result `{Arn, KmsKeyArn?}`.
 */
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsErrorName } from '../errors.js';
import { findByTags, tagFilters } from '../tags.js';
import { describeFilters, type LookupContext } from './context.js';
import { kmsKeyArn } from './kms.js';

export interface SecretResult {
  Arn: string;
  KmsKeyArn?: string;
}

/** The secret name in a secret ARN (without the 6-character suffix Secrets Manager adds). */
export function secretNameOfArn(arn: string): string {
  return arn.split(':').slice(6).join(':').replace(/-[A-Za-z0-9]{6}$/, '');
}

export async function resolveSecret(ctx: LookupContext): Promise<SecretResult> {
  const req = ctx.req.request;
  const wantedName = typeof req.Name === 'string' ? req.Name : undefined;
  let id: string;
  if (req.Tags !== undefined) {
    const filters = tagFilters(req.Tags);
    const found = await ctx.call('tag:GetResources', () => findByTags(ctx.client(ResourceGroupsTaggingAPIClient), ['secretsmanager:secret'], filters));
    const named = wantedName ? found.filter((r) => secretNameOfArn(r.arn) === wantedName) : found;
    id = ctx.one('secret', named, `${describeFilters(filters)}${wantedName ? ` and name ${wantedName}` : ''}`).arn;
  } else if (typeof req.Arn === 'string' || typeof req.Identifier === 'string') {
    id = String(req.Arn ?? req.Identifier);
  } else {
    throw ctx.error('CXK1103', 'the Lookup needs Tags, Arn or Identifier');
  }
  const out = await ctx.call('secretsmanager:DescribeSecret', async () => {
    try {
      return await ctx.client(SecretsManagerClient).send(new DescribeSecretCommand({ SecretId: id }));
    } catch (e) {
      if (awsErrorName(e) === 'ResourceNotFoundException') return undefined;
      throw e;
    }
  });
  if (!out?.ARN) throw ctx.error('CXK1101', `secret ${id} does not exist`, { expected: 'an existing secret', hint: 'check the secret name/ARN and the region' });
  if (out.DeletedDate) throw ctx.error('CXK1103', `secret ${out.Name ?? id} is scheduled for deletion`, { hint: 'restore it, or look up another secret' });
  if (wantedName && req.Tags === undefined && out.Name !== wantedName) {
    throw ctx.error('CXK1103', `secret ${out.ARN} is named ${out.Name}, not ${wantedName}`, { expected: `the secret named ${wantedName}`, hint: 'make x-secrets.Name and the Lookup agree' });
  }
  return { Arn: out.ARN, ...(out.KmsKeyId ? { KmsKeyArn: await kmsKeyArn(ctx, out.KmsKeyId) } : {}) };
}
