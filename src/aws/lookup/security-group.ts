/**
 * `x-network::...` lookups of a security group or a managed prefix list: by tags
 * (tag:GetResources `ec2:security-group` / `ec2:prefix-list`, exactly one), by ARN or by id
 * (Identifier), checked with ec2:DescribeSecurityGroups / DescribeManagedPrefixLists.
 * Result `{Id}`.
 */
import { DescribeManagedPrefixListsCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { awsErrorName } from '../errors.js';
import { findByTags, tagFilters } from '../tags.js';
import { arnResourceId, describeFilters, type LookupContext } from './context.js';

export interface IdResult {
  Id: string;
}

export async function resolveSecurityGroupOrPrefixList(ctx: LookupContext): Promise<IdResult> {
  const req = ctx.req.request;
  const prefixList = ctx.req.kind === 'prefix-list';
  const what = prefixList ? 'prefix list' : 'security group';
  let id: string;
  if (req.Tags !== undefined) {
    const filters = tagFilters(req.Tags);
    const found = await ctx.call('tag:GetResources', () => findByTags(ctx.client(ResourceGroupsTaggingAPIClient), [prefixList ? 'ec2:prefix-list' : 'ec2:security-group'], filters));
    return { Id: arnResourceId(ctx.one(what, found, describeFilters(filters)).arn) };
  }
  if (typeof req.Arn === 'string') id = arnResourceId(req.Arn);
  else if (typeof req.Identifier === 'string') id = req.Identifier;
  else throw ctx.error('CXK1103', 'the Lookup needs Tags, Arn or Identifier');
  const ec2 = ctx.client(EC2Client);
  const exists = await ctx.call(prefixList ? 'ec2:DescribeManagedPrefixLists' : 'ec2:DescribeSecurityGroups', async () => {
    try {
      if (prefixList) return ((await ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: [id] }))).PrefixLists ?? []).length > 0;
      return ((await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }))).SecurityGroups ?? []).length > 0;
    } catch (e) {
      if (/NotFound|Malformed/.test(awsErrorName(e))) return false;
      throw e;
    }
  });
  if (!exists) throw ctx.error('CXK1101', `${what} ${id} does not exist in ${ctx.session.region}`, { expected: `an existing ${what}`, hint: 'check the id and the region' });
  return { Id: id };
}
