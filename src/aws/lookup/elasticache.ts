/**
 * `x-elasticache::<name>` lookup (kind `resource`, see resource.ts): a cache cluster
 * (`elasticache:cluster`, elasticache:DescribeCacheClusters with node info) or a replication
 * group (`elasticache:replicationgroup`, elasticache:DescribeReplicationGroups, then its first
 * member cluster for the security group). An Identifier is tried as a cluster, then as a group.
 *
 * Result (attribute names are those of CloudFormation's Fn::GetAtt):
 * `{Type: CacheCluster|ReplicationGroup, Engine, ClusterName, Arn, Port, SecurityGroupId}` and
 * `RedisEndpoint.Address/Port` (Redis cluster), `ConfigurationEndpoint.Address/Port` (Memcached),
 * `PrimaryEndPoint.Address/Port`, `ReaderEndPoint.Address/Port` or `ConfigurationEndPoint.Address/Port`
 * (replication group without / with cluster mode).
 */
import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand, ElastiCacheClient, type CacheCluster } from '@aws-sdk/client-elasticache';
import { awsErrorName } from '../errors.js';
import { refId, type LookupContext, type ResourceRef } from './context.js';
import type { ResourceResolver } from './resource.js';

const ARN = /^arn:aws[a-z-]*:elasticache:[a-z0-9-]+:\d{12}:(cluster|replicationgroup):[A-Za-z0-9-]+$/;

const notFound = (e: unknown) => /NotFound/.test(awsErrorName(e));

async function describeCluster(ctx: LookupContext, id: string): Promise<CacheCluster | undefined> {
  return ctx.call('elasticache:DescribeCacheClusters', async () => {
    try {
      return (await ctx.client(ElastiCacheClient).send(new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: true }))).CacheClusters?.[0];
    } catch (e) {
      if (notFound(e)) return undefined;
      throw e;
    }
  });
}

function endpoint(out: Record<string, string>, name: string, e: { Address?: string; Port?: number } | undefined): void {
  if (!e?.Address) return;
  out[`${name}.Address`] = e.Address;
  if (e.Port !== undefined) out[`${name}.Port`] = String(e.Port);
}

function securityGroupOf(ctx: LookupContext, c: CacheCluster | undefined, id: string): string {
  const sg = c?.SecurityGroups?.find((g) => g.SecurityGroupId)?.SecurityGroupId;
  if (!sg) throw ctx.error('CXK1103', `${id} has no VPC security group`, { expected: 'a cache in a VPC, with a security group' });
  return sg;
}

async function cluster(ctx: LookupContext, c: CacheCluster): Promise<Record<string, string>> {
  const id = c.CacheClusterId as string;
  const out: Record<string, string> = { Type: 'CacheCluster', Engine: c.Engine ?? '', ClusterName: id, Arn: c.ARN ?? '', SecurityGroupId: securityGroupOf(ctx, c, id) };
  if (c.Engine === 'memcached') endpoint(out, 'ConfigurationEndpoint', c.ConfigurationEndpoint);
  else endpoint(out, 'RedisEndpoint', c.CacheNodes?.[0]?.Endpoint);
  out.Port = out['ConfigurationEndpoint.Port'] ?? out['RedisEndpoint.Port'] ?? (c.Engine === 'memcached' ? '11211' : '6379');
  return out;
}

async function replicationGroup(ctx: LookupContext, id: string): Promise<Record<string, string> | undefined> {
  const g = await ctx.call('elasticache:DescribeReplicationGroups', async () => {
    try {
      return (await ctx.client(ElastiCacheClient).send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups?.[0];
    } catch (e) {
      if (notFound(e)) return undefined;
      throw e;
    }
  });
  if (!g) return undefined;
  const member = g.MemberClusters?.[0];
  const c = member ? await describeCluster(ctx, member) : undefined;
  const out: Record<string, string> = { Type: 'ReplicationGroup', Engine: g.Engine ?? c?.Engine ?? 'redis', ClusterName: id, Arn: g.ARN ?? '', SecurityGroupId: securityGroupOf(ctx, c, id) };
  if (g.ConfigurationEndpoint) endpoint(out, 'ConfigurationEndPoint', g.ConfigurationEndpoint);
  endpoint(out, 'PrimaryEndPoint', g.NodeGroups?.[0]?.PrimaryEndpoint);
  endpoint(out, 'ReaderEndPoint', g.NodeGroups?.[0]?.ReaderEndpoint);
  out.Port = out['ConfigurationEndPoint.Port'] ?? out['PrimaryEndPoint.Port'] ?? '6379';
  return out;
}

async function describe(ctx: LookupContext, ref: ResourceRef): Promise<Record<string, string>> {
  const id = refId(ref);
  const kind = 'arn' in ref ? (ARN.exec(ref.arn) as RegExpExecArray)[1] : undefined;
  if (kind !== 'replicationgroup') {
    const c = await describeCluster(ctx, id);
    if (c) return cluster(ctx, c);
  }
  if (kind !== 'cluster') {
    const g = await replicationGroup(ctx, id);
    if (g) return g;
  }
  throw ctx.error('CXK1101', `no cache cluster or replication group ${id} in ${ctx.session.region}`, { expected: 'an existing cache', hint: 'check the identifier and the region' });
}

export const cacheResolver: ResourceResolver = {
  what: 'cache cluster or replication group',
  resourceTypes: ['elasticache:cluster', 'elasticache:replicationgroup'],
  arn: ARN,
  arnExample: 'arn:aws:elasticache:<region>:<account>:cluster:<id> or ...:replicationgroup:<id>',
  describe,
};
