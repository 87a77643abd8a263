/**
 * The ECS cluster: looked up (x-cluster.Lookup, from recorded results), created from
 * x-cluster.Properties (+ MacroParameters for ECS Exec logging), or the default new cluster
 * (FARGATE and FARGATE_SPOT capacity providers, Container Insights on, ECS Exec logging to a
 * log group) in the root stack. Also tells what capacity providers the families may use.
 */
import type { CfnValue } from '../cfn/intrinsics.js';
import { ref, sub } from '../cfn/intrinsics.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../load/positions.js';
import type { RecordedLookups } from '../lookups/recorded.js';
import { clusterRequest } from '../lookups/requests.js';
import { LOG_RETENTION_VALUES, snapRetention } from '../model/families.js';
import type { ComputePlatform } from '../model/types.js';
import { addExecLogging, type ExecLoggingTargets } from '../extensions/x-cluster/exec-logging.js';
import { effectiveXCluster } from '../extensions/x-aws-compat/cluster.js';
import type { ClusterInfo } from './context.js';
import type { StackBuilder } from './stack.js';

export interface StrategyItem {
  CapacityProvider: string;
  Weight?: number;
  Base?: number;
}

export interface ClusterLookupResult {
  ClusterName: string;
  ClusterArn: string;
  CapacityProviders: string[];
  DefaultCapacityProviderStrategy: StrategyItem[];
  /** The cluster's `configuration.executeCommandConfiguration`, when set. */
  ExecuteCommandConfiguration?: {
    KmsKeyId?: string;
    LogConfiguration?: { CloudWatchLogGroupName?: string; S3BucketName?: string };
  };
}

/** What families need to know about the cluster beyond its identifier. */
export interface ClusterDetails extends ClusterInfo {
  kind: 'lookup' | 'properties' | 'default';
  /** Display name (the looked-up name, or a description of the new cluster). */
  label: string;
  capacityProviders: string[];
  defaultStrategy: StrategyItem[];
  /** ECS Exec logging destinations the task roles of exec-enabled families must reach. */
  execLogging: ExecLoggingTargets;
  /** Key path of the x-cluster setting that decides the above (for diagnostics). */
  path: string[];
  /** Properties of the AWS::ECS::Cluster to create (added by finishCluster, after the EC2 capacity is known). */
  newClusterProperties?: Record<string, CfnValue | undefined>;
  /** x-cluster.Ec2Capacity as written (a new cluster only). */
  ec2Capacity?: Mapping;
  /** The capacity provider of the EC2 capacity created with the cluster (set by finishCluster). */
  ec2Provider?: CfnValue;
  /** Root resource the services must wait for when the cluster's providers are associated separately. */
  providersResource?: string;
}

export const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

export function isFargateProvider(p: string): boolean {
  return FARGATE_PROVIDERS.includes(p);
}

const DEFAULT_STRATEGY: StrategyItem[] = [
  { CapacityProvider: 'FARGATE_SPOT', Weight: 2, Base: 1 },
  { CapacityProvider: 'FARGATE', Weight: 1 },
];

/** EC2 for the families of a looked-up cluster that has only EC2 (Auto Scaling group) capacity providers, as 1.x. */
export function clusterPlatform(cluster: ClusterDetails): ComputePlatform {
  const p = cluster.capacityProviders;
  return cluster.kind === 'lookup' && p.length > 0 && !p.some(isFargateProvider) ? 'EC2' : 'FARGATE';
}

export function resolveCluster(doc: Mapping, lookups: RecordedLookups, root: StackBuilder, bag: DiagnosticBag): ClusterDetails {
  const eff = effectiveXCluster(doc);
  const x = eff?.value;
  if (eff && x && x.Lookup !== undefined) return lookupCluster(doc, x, lookups, bag, eff.lookupPath);
  if (x && isMapping(x.Properties)) return newCluster(doc, x, x.Properties, root, bag);
  const { configuration, targets } = addExecLogging(root, { logGroup: true, retentionInDays: 120, kmsKey: false, allowKmsKeyReuse: false, bucket: false });
  return {
    newClusterProperties: {
      ClusterName: ref('AWS::StackName'),
      CapacityProviders: FARGATE_PROVIDERS,
      DefaultCapacityProviderStrategy: DEFAULT_STRATEGY as unknown as CfnValue,
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
      Configuration: configuration,
    },
    ec2Capacity: x && isMapping(x.Ec2Capacity) ? x.Ec2Capacity : undefined,
    identifier: ref('EcsCluster'),
    useCapacityProviders: true,
    created: true,
    kind: 'default',
    label: 'the new cluster',
    capacityProviders: [...FARGATE_PROVIDERS],
    defaultStrategy: DEFAULT_STRATEGY,
    execLogging: targets,
    path: [],
  };
}

function lookupCluster(doc: Mapping, x: Mapping, lookups: RecordedLookups, bag: DiagnosticBag, path: string[]): ClusterDetails {
  const failed = (name: string): ClusterDetails => ({
    identifier: name,
    useCapacityProviders: false,
    created: false,
    kind: 'lookup',
    label: `cluster ${name}`,
    capacityProviders: [],
    defaultStrategy: [],
    execLogging: {},
    path,
  });
  const at = (key: string) => ({ path: formatPath(['x-cluster', key]), pos: posAt(doc, ['x-cluster', key]) });
  if (x.Ec2Capacity !== undefined) {
    bag.error({
      code: 'CXR1076',
      message: 'x-cluster.Ec2Capacity creates instances for a new cluster; it cannot be used with Lookup',
      ...at('Ec2Capacity'),
      hint: 'add an Auto Scaling group capacity provider to the existing cluster and name it in x-ecs.CapacityProviderStrategy, or remove Lookup to create the cluster',
    });
  }
  if (x.MacroParameters !== undefined) {
    bag.warn({
      code: 'CXR2051',
      message: 'x-cluster.MacroParameters only applies to a new cluster; it is ignored with Lookup',
      ...at('MacroParameters'),
      hint: 'configure ECS Exec logging on the existing cluster itself',
    });
  }
  const request = clusterRequest(x.Lookup);
  if (!request) {
    bag.error({ code: 'CXR1030', message: 'x-cluster.Lookup needs a cluster name', path: formatPath(path), pos: posAt(doc, path), expected: 'a name, or {ClusterName, RoleArn?}' });
    return failed('default');
  }
  const r = lookups.get<ClusterLookupResult>('x-cluster', request, posAt(doc, path), formatPath(path));
  if ('error' in r) {
    bag.add(r.error);
    return failed(String(request.ClusterName));
  }
  const c = r.result;
  const providers = c.CapacityProviders ?? [];
  const strategy = c.DefaultCapacityProviderStrategy ?? [];
  return {
    identifier: c.ClusterName,
    useCapacityProviders: strategy.length > 0 && strategy.every((s) => isFargateProvider(s.CapacityProvider)),
    created: false,
    kind: 'lookup',
    label: `cluster ${c.ClusterName}`,
    capacityProviders: providers,
    defaultStrategy: strategy,
    execLogging: lookedUpExecLogging(c),
    path,
  };
}

/** ARNs of the exec-logging destinations configured on an existing cluster. */
export function lookedUpExecLogging(c: ClusterLookupResult): ExecLoggingTargets {
  const cfg = c.ExecuteCommandConfiguration;
  if (!cfg) return {};
  const m = /^arn:([^:]+):ecs:([^:]+):(\d{12}):/.exec(c.ClusterArn ?? '');
  const [partition, region, account] = m ? [m[1], m[2], m[3]] : ['aws', '', ''];
  const out: ExecLoggingTargets = {};
  const group = cfg.LogConfiguration?.CloudWatchLogGroupName;
  if (group) out.logGroupArn = m ? `arn:${partition}:logs:${region}:${account}:log-group:${group}:*` : group;
  if (cfg.LogConfiguration?.S3BucketName) out.bucketName = cfg.LogConfiguration.S3BucketName;
  if (cfg.KmsKeyId) out.kmsKeyArn = cfg.KmsKeyId.startsWith('arn:') || !m ? cfg.KmsKeyId : `arn:${partition}:kms:${region}:${account}:key/${cfg.KmsKeyId}`;
  return out;
}

function newCluster(doc: Mapping, x: Mapping, props: Mapping, root: StackBuilder, bag: DiagnosticBag): ClusterDetails {
  const base = ['x-cluster', 'Properties'];
  const providers = Array.isArray(props.CapacityProviders) ? props.CapacityProviders.filter((p): p is string => typeof p === 'string') : [];
  const strategy: StrategyItem[] = Array.isArray(props.DefaultCapacityProviderStrategy)
    ? props.DefaultCapacityProviderStrategy.filter(isMapping).map((s) => ({
        CapacityProvider: String(s.CapacityProvider),
        Weight: typeof s.Weight === 'number' ? s.Weight : undefined,
        Base: typeof s.Base === 'number' ? s.Base : undefined,
      }))
    : [];
  if (strategy.length > 0 && providers.length === 0) {
    const path = [...base, 'DefaultCapacityProviderStrategy'];
    bag.error({
      code: 'CXR1031',
      message: 'x-cluster.Properties.DefaultCapacityProviderStrategy needs x-cluster.Properties.CapacityProviders',
      path: formatPath(path),
      pos: posAt(doc, path),
      expected: 'CapacityProviders listing every provider of the strategy, e.g. [FARGATE, FARGATE_SPOT]',
    });
  } else {
    strategy.forEach((s, i) => {
      if (providers.includes(s.CapacityProvider)) return;
      const path = [...base, 'DefaultCapacityProviderStrategy', i, 'CapacityProvider'];
      bag.error({
        code: 'CXR1032',
        message: `capacity provider ${s.CapacityProvider} of the default strategy is not in x-cluster.Properties.CapacityProviders`,
        path: formatPath(path),
        pos: posAt(doc, path),
        expected: `one of: ${providers.join(', ')}`,
        hint: `add ${s.CapacityProvider} to CapacityProviders`,
      });
    });
  }
  const macro = isMapping(x.MacroParameters) ? x.MacroParameters : {};
  const given = typeof macro.LogGroupRetentionInDays === 'number' ? macro.LogGroupRetentionInDays : 120;
  const retention = snapRetention(given);
  if (retention !== given) {
    const path = ['x-cluster', 'MacroParameters', 'LogGroupRetentionInDays'];
    bag.warn({
      code: 'CXR2053',
      message: `${given} is not a CloudWatch Logs retention period; the nearest one, ${retention}, is used`,
      path: formatPath(path),
      pos: posAt(doc, path),
      expected: `one of: ${LOG_RETENTION_VALUES.join(', ')}`,
      hint: `write ${retention}`,
    });
  }
  const userConfiguration = isMapping(props.Configuration) ? props.Configuration : undefined;
  const wantsLogging = macro.CreateExecLoggingLogGroup === true || macro.CreateExecLoggingBucket === true || macro.CreateExecLoggingKmsKey === true;
  if (wantsLogging && userConfiguration && userConfiguration.ExecuteCommandConfiguration !== undefined) {
    const path = [...base, 'Configuration', 'ExecuteCommandConfiguration'];
    bag.error({
      code: 'CXR1034',
      message: 'x-cluster.MacroParameters creates the ECS Exec logging configuration, but Properties.Configuration.ExecuteCommandConfiguration also sets it',
      path: formatPath(path),
      pos: posAt(doc, path),
      hint: 'keep either the MacroParameters or your own ExecuteCommandConfiguration',
    });
  }
  const { configuration, targets } = addExecLogging(root, {
    logGroup: macro.CreateExecLoggingLogGroup === true,
    retentionInDays: retention,
    kmsKey: macro.CreateExecLoggingKmsKey === true,
    allowKmsKeyReuse: macro.AllowKmsKeyReuse === true,
    bucket: macro.CreateExecLoggingBucket === true,
  });
  const clusterProps: Record<string, CfnValue | undefined> = { ...(props as Record<string, CfnValue>) };
  clusterProps.ClusterName ??= ref('AWS::StackName');
  clusterProps.ClusterSettings ??= [{ Name: 'containerInsights', Value: 'enabled' }];
  if (configuration && isMapping(configuration)) clusterProps.Configuration = { ...(userConfiguration as Record<string, CfnValue> | undefined), ...configuration };
  return {
    newClusterProperties: clusterProps,
    ec2Capacity: isMapping(x.Ec2Capacity) ? x.Ec2Capacity : undefined,
    identifier: ref('EcsCluster'),
    useCapacityProviders: strategy.length > 0 && strategy.every((s) => isFargateProvider(s.CapacityProvider)),
    created: true,
    kind: 'properties',
    label: 'the cluster of x-cluster.Properties',
    capacityProviders: providers,
    defaultStrategy: strategy,
    execLogging: userConfiguration ? { ...configuredExecLogging(userConfiguration), ...targets } : targets,
    path: base,
  };
}

/** Destinations of an ExecuteCommandConfiguration written by the user in Properties. */
function configuredExecLogging(configuration: Mapping): ExecLoggingTargets {
  const exec = isMapping(configuration.ExecuteCommandConfiguration) ? configuration.ExecuteCommandConfiguration : undefined;
  if (!exec) return {};
  const log = isMapping(exec.LogConfiguration) ? exec.LogConfiguration : {};
  const out: ExecLoggingTargets = {};
  if (typeof log.CloudWatchLogGroupName === 'string') {
    out.logGroupArn = sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${log.CloudWatchLogGroupName}:*`);
  }
  if (typeof log.S3BucketName === 'string') out.bucketName = log.S3BucketName;
  if (typeof exec.KmsKeyId === 'string') {
    out.kmsKeyArn = exec.KmsKeyId.startsWith('arn:') ? exec.KmsKeyId : sub(`arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/${exec.KmsKeyId}`);
  }
  return out;
}
