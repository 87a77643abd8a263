/**
 * x-elasticache: Redis, Valkey and Memcached caches (CacheCluster or ReplicationGroup), new
 * (nested stack `elasticache`, see cache.ts) or looked up, linked to services through the shared
 * module mechanism (../shared/module.ts):
 *  - each linked family gets ingress on the cache's security group, on the cache port only;
 *  - `Access: RW` (the 1.x value) grants no IAM: a cache is reached over the network;
 *    `Access: Connect` grants elasticache:Connect on the cache (IAM authentication of Redis /
 *    Valkey 7+; the ElastiCache user must allow IAM authentication);
 *  - variables: ReturnValues `{<attribute>: <VAR>}`, else Settings.EnvNames, else `UPPER(<name>)`,
 *    with the endpoint address of the cache (Redis/Memcached endpoint, primary or configuration
 *    endpoint of a replication group);
 *  - `x-elasticache::<name>::<attribute>` in environment values.
 * A Services entry written `access:` (lower case, in 1.x files) is ignored with warning CXH2002.
 */
import { isMapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { PermissionTable } from '../shared/access.js';
import { defineModule, defaultEnvName, warnLowerCaseAccess, type ResourceEntry } from '../shared/module.js';
import { ATTRIBUTES, buildCaches, type Cache } from './cache.js';

export const ELASTICACHE_PERMISSIONS: PermissionTable = {
  names: {
    RW: [],
    Connect: { Sid: 'ElastiCacheConnect', Action: ['elasticache:Connect'], Resource: ['${Arn}'] },
  },
};

export const xElasticache = defineModule<Cache>({
  key: 'x-elasticache',
  kind: 'cache',
  policy: 'elasticache',
  attributes: ATTRIBUTES,
  defaultAttribute: 'ClusterName',
  permissions: ELASTICACHE_PERMISSIONS,
  codes: { unknownTarget: 'CXH1101', ambiguousTarget: 'CXH2101', unknownAttribute: 'CXH1102', unknownAccess: 'CXH1103', malformedPointer: 'CXH1104', unknownPointerTarget: 'CXH1105' },
  resources(ctx, entries) {
    for (const e of entries) lowerCaseAccess(ctx, e);
    return buildCaches(ctx, entries);
  },
  env(cache, entry, fromReturnValues) {
    if (fromReturnValues.length > 0) return fromReturnValues;
    const settings = entry.def.Settings;
    const names = isMapping(settings) && Array.isArray(settings.EnvNames) ? settings.EnvNames.filter((n): n is string => typeof n === 'string') : [defaultEnvName(cache.name)];
    return names.map((n) => [n, cache.address]);
  },
});

function lowerCaseAccess(ctx: RenderContext, entry: ResourceEntry): void {
  warnLowerCaseAccess(
    ctx,
    entry,
    'CXH2002',
    (key) => `x-elasticache ${entry.name}: "access" of ${key} is ignored (the key is Access; a cache needs no IAM access to be reached)`,
    () => 'remove it, or write Access: Connect for IAM authentication',
  );
}
