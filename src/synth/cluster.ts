/**
 * The ECS cluster: looked up (x-cluster.Lookup, from recorded results), created from
 * x-cluster.Properties, or the default new cluster (FARGATE and FARGATE_SPOT capacity
 * providers, Container Insights on, ECS Exec logging to a log group) in the root stack.
 */
import type { CfnValue } from '../cfn/intrinsics.js';
import { ref, sub } from '../cfn/intrinsics.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../load/positions.js';
import type { RecordedLookups } from '../lookups/recorded.js';
import type { ClusterInfo } from './context.js';
import type { StackBuilder } from './stack.js';

export interface ClusterLookupResult {
  ClusterName: string;
  ClusterArn: string;
  CapacityProviders: string[];
  DefaultCapacityProviderStrategy: { CapacityProvider: string; Weight?: number; Base?: number }[];
}

export function clusterLookupRequest(lookup: unknown): { ClusterName: string; RoleArn?: string } | undefined {
  if (typeof lookup === 'string') return { ClusterName: lookup };
  if (isMapping(lookup) && typeof lookup.ClusterName === 'string') {
    return typeof lookup.RoleArn === 'string' && lookup.RoleArn ? { ClusterName: lookup.ClusterName, RoleArn: lookup.RoleArn } : { ClusterName: lookup.ClusterName };
  }
  return undefined;
}

export function resolveCluster(doc: Mapping, lookups: RecordedLookups, root: StackBuilder, bag: DiagnosticBag): ClusterInfo {
  const x = isMapping(doc['x-cluster']) ? doc['x-cluster'] : undefined;
  if (x && x.Lookup !== undefined) {
    const request = clusterLookupRequest(x.Lookup);
    const path = ['x-cluster', 'Lookup'];
    if (!request) {
      bag.error({ code: 'CXR1030', message: 'x-cluster.Lookup needs a cluster name', path: formatPath(path), pos: posAt(doc, path), expected: 'a name, or {ClusterName, RoleArn?}' });
      return { identifier: 'default', useCapacityProviders: false, created: false };
    }
    const r = lookups.get<ClusterLookupResult>('x-cluster', request, posAt(doc, path), formatPath(path));
    if ('error' in r) {
      bag.add(r.error);
      return { identifier: request.ClusterName, useCapacityProviders: false, created: false };
    }
    const c = r.result;
    const fargateProviders = (c.CapacityProviders ?? []).filter((p) => p === 'FARGATE' || p === 'FARGATE_SPOT');
    const defaultIsFargate = (c.DefaultCapacityProviderStrategy ?? []).some((s) => s.CapacityProvider === 'FARGATE' || s.CapacityProvider === 'FARGATE_SPOT');
    return { identifier: c.ClusterName, useCapacityProviders: fargateProviders.length > 0 && defaultIsFargate, created: false };
  }
  const props: Record<string, CfnValue | undefined> = x && isMapping(x.Properties) ? { ...(x.Properties as Record<string, CfnValue>) } : {};
  const useDefaults = !(x && isMapping(x.Properties));
  root.add('EcsExecLogGroup', {
    Type: 'AWS::Logs::LogGroup',
    Properties: { LogGroupName: sub('ecs/execute-logs/${AWS::StackName}'), RetentionInDays: 120 },
  });
  root.add('EcsCluster', {
    Type: 'AWS::ECS::Cluster',
    Properties: {
      ClusterName: props.ClusterName ?? ref('AWS::StackName'),
      CapacityProviders: useDefaults ? ['FARGATE', 'FARGATE_SPOT'] : props.CapacityProviders,
      DefaultCapacityProviderStrategy: useDefaults
        ? [
            { CapacityProvider: 'FARGATE_SPOT', Weight: 2, Base: 1 },
            { CapacityProvider: 'FARGATE', Weight: 1 },
          ]
        : props.DefaultCapacityProviderStrategy,
      ClusterSettings: props.ClusterSettings ?? [{ Name: 'containerInsights', Value: 'enabled' }],
      Configuration: props.Configuration ?? {
        ExecuteCommandConfiguration: { Logging: 'OVERRIDE', LogConfiguration: { CloudWatchLogGroupName: ref('EcsExecLogGroup') } },
      },
    },
  });
  const providers = useDefaults ? ['FARGATE'] : Array.isArray(props.CapacityProviders) ? (props.CapacityProviders as string[]) : [];
  const strategy = useDefaults ? [1] : Array.isArray(props.DefaultCapacityProviderStrategy) ? props.DefaultCapacityProviderStrategy : [];
  return {
    identifier: ref('EcsCluster'),
    useCapacityProviders: providers.some((p) => p === 'FARGATE' || p === 'FARGATE_SPOT') && strategy.length > 0,
    created: true,
  };
}
