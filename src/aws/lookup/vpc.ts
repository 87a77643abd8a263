/**
 * `x-vpc` lookup: the VPC (by tags — exactly one match —, by id or by ARN, checked with
 * ec2:DescribeVpcs) and every subnet group (by tags, or `Ids`), keeping only subnets of that VPC
 * (ec2:DescribeSubnets filtered on the VPC, every page). Tagged subnets of other VPCs are left
 * out silently (tags such as `vpc::usage=public` are often shared across VPCs); a group left
 * empty, or an explicit id outside the VPC, is an error.
 * Result `{VpcId, Subnets: {<group>: [{SubnetId, AvailabilityZone, AvailabilityZoneId}]}}`,
 * subnets sorted by zone then id.
 */
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { isMapping } from '../../load/positions.js';
import { awsErrorName } from '../errors.js';
import { findByTags, tagFilters } from '../tags.js';
import { allPages, arnResourceId, describeFilters, type LookupContext } from './context.js';

export interface SubnetInfo {
  SubnetId: string;
  AvailabilityZone: string;
  AvailabilityZoneId: string;
}

export interface VpcResult {
  VpcId: string;
  Subnets: Record<string, SubnetInfo[]>;
}

export async function resolveVpc(ctx: LookupContext): Promise<VpcResult> {
  const req = ctx.req.request;
  const vpcId = await findVpc(ctx, req.VpcId);
  const groups = Object.entries(req).filter(([k, v]) => k !== 'VpcId' && k !== 'RoleArn' && isMapping(v)) as [string, Record<string, unknown>][];
  const wanted = await Promise.all(groups.map(([, g]) => subnetCandidates(ctx, g)));
  const inVpc = await subnetsOfVpc(ctx, vpcId);
  const Subnets: Record<string, SubnetInfo[]> = {};
  groups.forEach(([group, g], i) => {
    const ids = wanted[i];
    const found = ids.filter((id) => inVpc.has(id)).map((id) => inVpc.get(id) as SubnetInfo);
    const outside = ids.filter((id) => !inVpc.has(id));
    if (Array.isArray(g.Ids) && outside.length > 0) {
      throw ctx.error('CXK1103', `subnet group ${group}: ${outside.join(', ')} ${outside.length > 1 ? 'are' : 'is'} not in ${vpcId}`, {
        expected: `subnets of ${vpcId}`,
        hint: 'list subnets of the looked-up VPC only',
      });
    }
    if (found.length === 0) {
      throw ctx.error('CXK1101', `subnet group ${group}: no subnet of ${vpcId} matches ${describeFilters(tagFilters(g.Tags))}`, {
        expected: `at least one subnet of ${vpcId}${outside.length ? `; matching subnets of other VPCs: ${outside.join(', ')}` : ''}`,
        hint: 'check the subnet tags, or that the VPC lookup finds the right VPC',
      });
    }
    Subnets[group] = found.sort((a, b) => (a.AvailabilityZone === b.AvailabilityZone ? cmp(a.SubnetId, b.SubnetId) : cmp(a.AvailabilityZone, b.AvailabilityZone)));
  });
  return { VpcId: vpcId, Subnets };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function findVpc(ctx: LookupContext, spec: unknown): Promise<string> {
  const s = isMapping(spec) ? spec : {};
  if (s.Tags !== undefined) {
    const filters = tagFilters(s.Tags);
    const found = await ctx.call('tag:GetResources', () => findByTags(ctx.client(ResourceGroupsTaggingAPIClient), ['ec2:vpc'], filters));
    return arnResourceId(ctx.one('VPC', found, describeFilters(filters)).arn);
  }
  const id = typeof s.Identifier === 'string' ? s.Identifier : typeof s.Arn === 'string' ? arnResourceId(s.Arn) : undefined;
  if (!id) throw ctx.error('CXK1103', 'VpcId needs Tags, Identifier or Arn', { expected: 'VpcId: {Tags: [...]} | {Identifier: vpc-...} | {Arn: arn:aws:ec2:...:vpc/vpc-...}' });
  const out = await ctx.call('ec2:DescribeVpcs', async () => {
    try {
      return await ctx.client(EC2Client).send(new DescribeVpcsCommand({ VpcIds: [id] }));
    } catch (e) {
      if (awsErrorName(e) === 'InvalidVpcID.NotFound' || awsErrorName(e) === 'InvalidVpcID.Malformed') return { Vpcs: [] };
      throw e;
    }
  });
  if (!(out.Vpcs ?? []).some((v) => v.VpcId === id)) {
    throw ctx.error('CXK1101', `VPC ${id} does not exist in ${ctx.session.region}`, { expected: 'an existing VPC', hint: 'check the id and the region (--region / AWS_REGION)' });
  }
  return id;
}

async function subnetCandidates(ctx: LookupContext, g: Record<string, unknown>): Promise<string[]> {
  if (Array.isArray(g.Ids)) return g.Ids.map(String);
  const filters = tagFilters(g.Tags);
  const found = await ctx.call('tag:GetResources', () => findByTags(ctx.client(ResourceGroupsTaggingAPIClient), ['ec2:subnet'], filters));
  return [...new Set(found.map((r) => arnResourceId(r.arn)))];
}

/** Every subnet of the VPC, by id. */
async function subnetsOfVpc(ctx: LookupContext, vpcId: string): Promise<Map<string, SubnetInfo>> {
  const ec2 = ctx.client(EC2Client);
  const pages = await ctx.call('ec2:DescribeSubnets', () =>
    allPages((token) => ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }], MaxResults: 1000, ...(token ? { NextToken: token } : {}) }))),
  );
  const out = new Map<string, SubnetInfo>();
  for (const p of pages) {
    for (const s of p.Subnets ?? []) {
      if (!s.SubnetId || s.VpcId !== vpcId) continue;
      out.set(s.SubnetId, { SubnetId: s.SubnetId, AvailabilityZone: s.AvailabilityZone ?? '', AvailabilityZoneId: s.AvailabilityZoneId ?? '' });
    }
  }
  return out;
}
