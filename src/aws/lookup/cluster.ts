/**
 * `x-cluster` lookup: ecs:DescribeClusters on the name (or ARN); a missing or inactive cluster is
 * an error listing the active clusters of the region (ecs:ListClusters, every page).
 * Result `{ClusterName, ClusterArn, CapacityProviders, DefaultCapacityProviderStrategy}`
 * (strategy items `{CapacityProvider, Weight, Base?}`, Base left out when 0).
 */
import { DescribeClustersCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { allPages, arnResourceId, type LookupContext } from './context.js';

export interface ClusterResult {
  ClusterName: string;
  ClusterArn: string;
  CapacityProviders: string[];
  DefaultCapacityProviderStrategy: { CapacityProvider: string; Weight: number; Base?: number }[];
  /** Where ECS Exec sessions are logged, when the cluster says (services then get write access there). */
  ExecuteCommandConfiguration?: { KmsKeyId?: string; LogConfiguration?: { CloudWatchLogGroupName?: string; S3BucketName?: string } };
}

export async function resolveCluster(ctx: LookupContext): Promise<ClusterResult> {
  const name = String(ctx.req.request.ClusterName);
  const ecs = ctx.client(ECSClient);
  const out = await ctx.call('ecs:DescribeClusters', () => ecs.send(new DescribeClustersCommand({ clusters: [name], include: ['CONFIGURATIONS'] })));
  const c = (out.clusters ?? []).find((x) => x.status === 'ACTIVE' && (x.clusterName === name || x.clusterArn === name));
  if (!c?.clusterName || !c.clusterArn) {
    const pages = await ctx.call('ecs:ListClusters', () => allPages((token) => ecs.send(new ListClustersCommand({ ...(token ? { nextToken: token } : {}) })).then((p) => ({ ...p, NextToken: p.nextToken }))));
    const names = pages.flatMap((p) => p.clusterArns ?? []).map(arnResourceId).sort();
    throw ctx.error('CXK1101', `no active ECS cluster named ${name} in ${ctx.session.region}`, {
      expected: names.length ? `one of: ${names.join(', ')}` : 'an existing cluster (the region has none)',
      hint: 'check the cluster name and the region (--region / AWS_REGION)',
    });
  }
  return {
    ClusterName: c.clusterName,
    ClusterArn: c.clusterArn,
    CapacityProviders: [...(c.capacityProviders ?? [])],
    DefaultCapacityProviderStrategy: (c.defaultCapacityProviderStrategy ?? []).map((s) => ({
      CapacityProvider: s.capacityProvider ?? '',
      Weight: s.weight ?? 0,
      ...(s.base ? { Base: s.base } : {}),
    })),
    ...execConfiguration(c.configuration?.executeCommandConfiguration),
  };
}

function execConfiguration(
  e: { kmsKeyId?: string; logConfiguration?: { cloudWatchLogGroupName?: string; s3BucketName?: string } } | undefined,
): Pick<ClusterResult, 'ExecuteCommandConfiguration'> {
  if (!e) return {};
  const log: { CloudWatchLogGroupName?: string; S3BucketName?: string } = {};
  if (e.logConfiguration?.cloudWatchLogGroupName) log.CloudWatchLogGroupName = e.logConfiguration.cloudWatchLogGroupName;
  if (e.logConfiguration?.s3BucketName) log.S3BucketName = e.logConfiguration.s3BucketName;
  const out: NonNullable<ClusterResult['ExecuteCommandConfiguration']> = {};
  if (e.kmsKeyId) out.KmsKeyId = e.kmsKeyId;
  if (Object.keys(log).length > 0) out.LogConfiguration = log;
  return Object.keys(out).length > 0 ? { ExecuteCommandConfiguration: out } : {};
}
