/** A KMS key reference (key id, key ARN, alias name or alias ARN) as the key's ARN (kms:DescribeKey unless already a key ARN). */
import { DescribeKeyCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { awsErrorName } from '../errors.js';
import { findByTags, tagFilters } from '../tags.js';
import { describeFilters, type LookupContext } from './context.js';

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

export async function kmsKeyArn(ctx: LookupContext, keyRef: string): Promise<string> {
  if (KEY_ARN.test(keyRef)) return keyRef;
  const out = await ctx.call('kms:DescribeKey', () => ctx.client(KMSClient).send(new DescribeKeyCommand({ KeyId: keyRef })));
  const arn = out.KeyMetadata?.Arn;
  if (!arn) throw ctx.error('CXK1103', `kms:DescribeKey returned no ARN for key ${keyRef}`);
  return arn;
}

export interface KeyResult {
  Arn: string;
  KeyId: string;
  AliasName?: string;
}

/**
 * `x-kms::<name>` lookup: the key by tags (tag:GetResources `kms:key`, exactly one), by ARN
 * (key or alias ARN) or by Identifier (key id, `alias/<name>`, or a bare alias name); then
 * kms:DescribeKey (it must exist) and kms:ListAliases for its first alias.
 * Result `{Arn, KeyId, AliasName?}`.
 */
export async function resolveKey(ctx: LookupContext): Promise<KeyResult> {
  const req = ctx.req.request;
  const kms = ctx.client(KMSClient);
  let keyRef: string;
  if (req.Tags !== undefined) {
    const filters = tagFilters(req.Tags);
    const found = await ctx.call('tag:GetResources', () => findByTags(ctx.client(ResourceGroupsTaggingAPIClient), ['kms:key'], filters));
    keyRef = ctx.one('key', found, describeFilters(filters)).arn;
  } else if (typeof req.Arn === 'string') {
    keyRef = req.Arn;
  } else if (typeof req.Identifier === 'string') {
    const id = req.Identifier;
    keyRef = id.startsWith('alias/') || KEY_ID.test(id) ? id : `alias/${id}`;
  } else {
    throw ctx.error('CXK1103', 'the Lookup needs Tags, Arn or Identifier');
  }
  const out = await ctx.call('kms:DescribeKey', async () => {
    try {
      return await kms.send(new DescribeKeyCommand({ KeyId: keyRef }));
    } catch (e) {
      if (awsErrorName(e) === 'NotFoundException') return undefined;
      throw e;
    }
  });
  const meta = out?.KeyMetadata;
  if (!meta?.Arn || !meta.KeyId) throw ctx.error('CXK1101', `KMS key ${keyRef} does not exist`, { expected: 'an existing key', hint: 'check the key ARN, id or alias and the region' });
  const aliases = await ctx.call('kms:ListAliases', () => kms.send(new ListAliasesCommand({ KeyId: meta.KeyId })));
  const alias = (aliases.Aliases ?? []).map((a) => a.AliasName).find((n): n is string => typeof n === 'string');
  return { Arn: meta.Arn, KeyId: meta.KeyId, ...(alias ? { AliasName: alias } : {}) };
}

const KEY_ID = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-f]{32})$/;
