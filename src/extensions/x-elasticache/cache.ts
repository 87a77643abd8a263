/**
 * The caches of x-elasticache: new ones in the nested stack `elasticache`, looked-up ones from
 * the recorded lookups (shared/lookup.ts).
 *
 * New cache `<name>` (logical id NONALNUM(name)):
 * - `Properties` → AWS::ElastiCache::CacheCluster when every key is a CacheCluster property,
 *   else AWS::ElastiCache::ReplicationGroup (as 1.x decides); `MacroParameters` alone → a
 *   CacheCluster of Engine/EngineVersion, CacheNodeType (cache.t3.small), NumCacheNodes (1);
 *   `MacroParameters.ParameterGroup` → an AWS::ElastiCache::ParameterGroup used by the cache;
 * - always its own subnet group (`Settings.Subnets`, StorageSubnets by default; a
 *   CacheSubnetGroupName written in Properties is replaced) and security group (added to those
 *   given), opened to the linked families on the cache port only (shared/vpc.ts).
 *
 * Attributes are CloudFormation's Fn::GetAtt names of the resource type, plus `ClusterName`
 * (its Ref), `Arn`, `Port` (the port services connect to) and `GroupId` (its security group).
 *
 * Errors: CXH1001 unknown engine, CXH1002 version not offered for the engine, CXH1003 Properties
 * of neither a CacheCluster nor a ReplicationGroup, CXH1004 unusable recorded lookup; warning
 * CXH2001 a 1.x version form ElastiCache no longer takes (replaced by the version it meant).
 */
import { getAtt, ref, sub, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { moduleSite, readLookup } from '../shared/lookup.js';
import type { ModuleResource, ResourceEntry } from '../shared/module.js';
import { moduleStack } from '../shared/stack.js';
import { typedProperties } from '../shared/property-types.js';
import { placeInVpc } from '../shared/vpc.js';
import { DEFAULT_PORT, ENGINE_VERSIONS, isEngine, OLD_VERSION_FORMS, type Engine } from './engines.js';

export type CacheType = 'CacheCluster' | 'ReplicationGroup';

export interface Cache extends ModuleResource {
  type: CacheType;
  engine: Engine;
  /** Attribute the default variable gets (the endpoint services connect to). */
  address: string;
}

const CACHE_CLUSTER_PROPERTIES = new Set([
  'AZMode', 'AutoMinorVersionUpgrade', 'CacheNodeType', 'CacheParameterGroupName', 'CacheSecurityGroupNames', 'CacheSubnetGroupName', 'ClusterName', 'Engine', 'EngineVersion',
  'IpDiscovery', 'LogDeliveryConfigurations', 'NetworkType', 'NotificationTopicArn', 'NumCacheNodes', 'Port', 'PreferredAvailabilityZone', 'PreferredAvailabilityZones',
  'PreferredMaintenanceWindow', 'SnapshotArns', 'SnapshotName', 'SnapshotRetentionLimit', 'SnapshotWindow', 'Tags', 'TransitEncryptionEnabled', 'VpcSecurityGroupIds',
]);
const REPLICATION_GROUP_PROPERTIES = new Set([
  'AtRestEncryptionEnabled', 'AuthToken', 'AutoMinorVersionUpgrade', 'AutomaticFailoverEnabled', 'CacheNodeType', 'CacheParameterGroupName', 'CacheSecurityGroupNames',
  'CacheSubnetGroupName', 'ClusterMode', 'DataTieringEnabled', 'Engine', 'EngineVersion', 'GlobalReplicationGroupId', 'IpDiscovery', 'KmsKeyId', 'LogDeliveryConfigurations',
  'MultiAZEnabled', 'NetworkType', 'NodeGroupConfiguration', 'NotificationTopicArn', 'NumCacheClusters', 'NumNodeGroups', 'Port', 'PreferredCacheClusterAZs',
  'PreferredMaintenanceWindow', 'PrimaryClusterId', 'ReplicasPerNodeGroup', 'ReplicationGroupDescription', 'ReplicationGroupId', 'SecurityGroupIds', 'SnapshotArns',
  'SnapshotName', 'SnapshotRetentionLimit', 'SnapshotWindow', 'SnapshottingClusterId', 'Tags', 'TransitEncryptionEnabled', 'TransitEncryptionMode', 'UserGroupIds',
]);

const PROPERTY_TYPES = {
  booleans: ['AutoMinorVersionUpgrade', 'AutomaticFailoverEnabled', 'MultiAZEnabled', 'AtRestEncryptionEnabled', 'TransitEncryptionEnabled', 'DataTieringEnabled'],
  integers: ['NumCacheNodes', 'NumCacheClusters', 'NumNodeGroups', 'ReplicasPerNodeGroup', 'SnapshotRetentionLimit', 'Port'],
};

/** Endpoint attributes of each kind of cache (Fn::GetAtt names). */
const ENDPOINTS = {
  redis: ['RedisEndpoint.Address', 'RedisEndpoint.Port'],
  memcached: ['ConfigurationEndpoint.Address', 'ConfigurationEndpoint.Port'],
  group: ['PrimaryEndPoint.Address', 'PrimaryEndPoint.Port', 'ReaderEndPoint.Address', 'ReaderEndPoint.Port', 'ReadEndPoint.Addresses', 'ReadEndPoint.Ports'],
  clusterMode: ['ConfigurationEndPoint.Address', 'ConfigurationEndPoint.Port'],
} as const;

/** Every attribute a cache may give. */
export const ATTRIBUTES: readonly string[] = ['ClusterName', 'Arn', 'Port', 'GroupId', ...new Set(Object.values(ENDPOINTS).flat())];

export const STACK_ID = 'elasticache';

const LOOKUP_SPEC = {
  required: ['Type', 'Engine', 'ClusterName', 'Arn', 'Port', 'SecurityGroupId'],
  optional: [...new Set(Object.values(ENDPOINTS).flat())].filter((a) => !a.startsWith('ReadEndPoint.')),
  code: 'CXH1004',
};

export function buildCaches(ctx: RenderContext, entries: ResourceEntry[]): Cache[] {
  const root = ctx.doc['x-elasticache'];
  const policy = isMapping(root) && typeof root.DeletionPolicy === 'string' ? (root.DeletionPolicy as DeletionPolicy) : undefined;
  const out: Cache[] = [];
  for (const entry of entries) {
    const c = isMapping(entry.def.Lookup) ? lookedUp(ctx, entry) : newCache(ctx, entry, policy);
    if (c) out.push(c);
  }
  return out;
}

function lookedUp(ctx: RenderContext, entry: ResourceEntry): Cache | undefined {
  const r = readLookup(ctx, moduleSite(entry), LOOKUP_SPEC);
  if (!r) return undefined;
  const type: CacheType = r.Type === 'ReplicationGroup' ? 'ReplicationGroup' : 'CacheCluster';
  const engine: Engine = isEngine(r.Engine) ? r.Engine : 'redis';
  const values: Record<string, string> = { ...r, GroupId: r.SecurityGroupId };
  const attributes = ATTRIBUTES.filter((a) => values[a] !== undefined);
  const address = ['ConfigurationEndPoint.Address', 'PrimaryEndPoint.Address', 'RedisEndpoint.Address', 'ConfigurationEndpoint.Address'].find((a) => values[a] !== undefined) ?? 'ClusterName';
  return {
    name: entry.name,
    type,
    engine,
    address,
    attributes,
    value: (_c, attr) => values[attr],
    network: { securityGroupId: () => r.SecurityGroupId, ports: [{ port: Number(r.Port) }] },
  };
}

function newCache(ctx: RenderContext, entry: ResourceEntry, policy: DeletionPolicy | undefined): Cache | undefined {
  const at = (...p: string[]) => {
    const path = [...entry.path, ...p];
    return { path: formatPath(path), pos: posAt(ctx.doc, path) ?? posAt(ctx.doc, entry.path) };
  };
  const given = isMapping(entry.def.Properties) ? (entry.def.Properties as Record<string, CfnValue>) : undefined;
  const macro = isMapping(entry.def.MacroParameters) ? entry.def.MacroParameters : {};
  let type: CacheType = 'CacheCluster';
  let props: Record<string, CfnValue>;
  let where: string;
  if (given) {
    where = 'Properties';
    const keys = Object.keys(given);
    if (keys.every((k) => CACHE_CLUSTER_PROPERTIES.has(k))) type = 'CacheCluster';
    else if (keys.every((k) => REPLICATION_GROUP_PROPERTIES.has(k))) type = 'ReplicationGroup';
    else {
      const odd = keys.filter((k) => !CACHE_CLUSTER_PROPERTIES.has(k) && !REPLICATION_GROUP_PROPERTIES.has(k));
      ctx.bag.error({
        code: 'CXH1003',
        message: `x-elasticache ${entry.name}: ${odd.length > 0 ? `${odd.join(', ')} ${odd.length === 1 ? 'is' : 'are'} no property of` : 'these Properties mix'} an AWS::ElastiCache::CacheCluster or ReplicationGroup`,
        ...at('Properties'),
        expected: 'the properties of one of AWS::ElastiCache::CacheCluster or AWS::ElastiCache::ReplicationGroup',
      });
      return undefined;
    }
    props = typedProperties(given, PROPERTY_TYPES);
  } else {
    where = 'MacroParameters';
    props = {
      CacheNodeType: (macro.CacheNodeType as CfnValue) ?? 'cache.t3.small',
      Engine: macro.Engine as CfnValue,
      EngineVersion: macro.EngineVersion as CfnValue,
      NumCacheNodes: typedProperties({ n: (macro.NumCacheNodes as CfnValue) ?? 1 }, { integers: ['n'] }).n,
    };
  }
  const engine = checkEngine(ctx, entry.name, props, type, at, where);
  if (!engine) return undefined;

  const stack = moduleStack(ctx, STACK_ID, 'ElastiCache clusters and replication groups (x-elasticache)');
  const id = logicalId(entry.name);
  const vpc = placeInVpc(ctx, stack, entry, id, `ElastiCache ${entry.name}`);
  if (!vpc) return undefined;
  stack.add(`${id}SubnetGroup`, { Type: 'AWS::ElastiCache::SubnetGroup', Properties: { Description: `Subnets of ${entry.name}`, SubnetIds: vpc.subnetIds } });
  props.CacheSubnetGroupName = ref(`${id}SubnetGroup`);
  const sgKey = type === 'CacheCluster' ? 'VpcSecurityGroupIds' : 'SecurityGroupIds';
  props[sgKey] = [...(Array.isArray(props[sgKey]) ? (props[sgKey] as CfnValue[]) : []), vpc.securityGroupId];
  if (isMapping(macro.ParameterGroup)) {
    stack.add(`${id}ParameterGroup`, { Type: 'AWS::ElastiCache::ParameterGroup', Properties: { Description: `Parameters of ${entry.name}`, ...(macro.ParameterGroup as Record<string, CfnValue>) } });
    props.CacheParameterGroupName = ref(`${id}ParameterGroup`);
  }
  stack.add(id, {
    Type: `AWS::ElastiCache::${type}`,
    ...(policy ? { DeletionPolicy: policy, UpdateReplacePolicy: policy === 'Retain' ? 'Retain' : undefined } : {}),
    Properties: props,
  });

  const port = typeof props.Port === 'number' ? props.Port : typeof props.Port === 'string' && /^\d+$/.test(props.Port) ? Number(props.Port) : DEFAULT_PORT[engine];
  const clusterMode = type === 'ReplicationGroup' && (props.ClusterMode === 'enabled' || props.NodeGroupConfiguration !== undefined || Number(props.NumNodeGroups ?? 1) > 1);
  const endpoints: readonly string[] =
    type === 'CacheCluster' ? (engine === 'memcached' ? ENDPOINTS.memcached : ENDPOINTS.redis) : clusterMode ? ENDPOINTS.clusterMode : ENDPOINTS.group;
  const attributes = ['ClusterName', 'Arn', 'Port', 'GroupId', ...endpoints];
  const portAttr = endpoints.find((a) => a.endsWith('.Port')) as string;
  const valueOf = (attr: string): CfnValue => {
    if (attr === 'ClusterName') return ref(id);
    if (attr === 'GroupId') return vpc.securityGroupId;
    if (attr === 'Arn') return sub(`arn:\${AWS::Partition}:elasticache:\${AWS::Region}:\${AWS::AccountId}:${type === 'CacheCluster' ? 'cluster' : 'replicationgroup'}:\${${id}}`);
    if (attr === 'Port') return getAtt(id, portAttr);
    return getAtt(id, attr);
  };
  const key = (attr: string) => attr.replace(/\./g, '');
  const byKey = new Map(attributes.map((a) => [key(a), a]));
  stack.expose(id, entry.name, attributes.map(key), (k) => valueOf(byKey.get(k) as string));
  return {
    name: entry.name,
    type,
    engine,
    address: endpoints[0],
    attributes,
    value: (consumer, attr) => stack.attribute(consumer, id, key(attr), `${attr} of ${entry.name}`),
    network: vpc.network([{ port }]),
  };
}

/** The engine of the cache; its version checked against those offered (a 1.x form replaced). */
function checkEngine(ctx: RenderContext, name: string, props: Record<string, CfnValue>, type: CacheType, at: (...p: string[]) => { path: string; pos: ReturnType<typeof posAt> }, where: string): Engine | undefined {
  const engine = props.Engine ?? (type === 'ReplicationGroup' ? 'redis' : undefined);
  if (!isEngine(engine)) {
    ctx.bag.error({
      code: 'CXH1001',
      message: `x-elasticache ${name}: ${engine === undefined ? 'no Engine' : `${JSON.stringify(engine)} is not an ElastiCache engine`}`,
      ...at(where, 'Engine'),
      expected: `one of: ${Object.keys(ENGINE_VERSIONS).join(', ')}`,
    });
    return undefined;
  }
  const version = props.EngineVersion;
  if (version === undefined) return engine;
  const text = String(version);
  const meant = OLD_VERSION_FORMS[text];
  if (meant && ENGINE_VERSIONS[engine].includes(meant)) {
    ctx.bag.warn({
      code: 'CXH2001',
      message: `x-elasticache ${name}: EngineVersion ${text} is a form ElastiCache no longer accepts; ${meant} is used`,
      ...at(where, 'EngineVersion'),
      hint: `write EngineVersion: "${meant}" (or another of ${ENGINE_VERSIONS[engine].join(', ')})`,
    });
    props.EngineVersion = meant;
    return engine;
  }
  if (typeof version === 'string' || typeof version === 'number') {
    if (!ENGINE_VERSIONS[engine].includes(text)) {
      ctx.bag.error({
        code: 'CXH1002',
        message: `x-elasticache ${name}: ${engine} ${text} is not an engine version ElastiCache offers`,
        ...at(where, 'EngineVersion'),
        expected: `one of: ${ENGINE_VERSIONS[engine].join(', ')}`,
      });
      return undefined;
    }
    props.EngineVersion = text;
  }
  return engine;
}
