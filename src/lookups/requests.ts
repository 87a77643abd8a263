/**
 * Every lookup a resolved compose project asks for, with the key and the request under which
 * its result is recorded (see recorded.ts). The requests are built exactly as the extensions
 * build them when they read the recorded results, so a result written for a request here is
 * found again at render time:
 *
 * | key | written at | request |
 * | --- | --- | --- |
 * | `x-vpc` | x-vpc.Lookup | the Lookup mapping |
 * | `x-cluster` | x-cluster.Lookup | `{ClusterName}` for the string form, else the mapping |
 * | `x-kms::<name>` | x-kms.<name>.Lookup | the Lookup mapping |
 * | `x-s3::<name>` | x-s3.<name>.Lookup | the Lookup mapping |
 * | `x-sns::<name>` | x-sns.<name>.Lookup | the Lookup mapping |
 * | `x-secrets::<name>` | secrets.<name>.x-secrets.Lookup | the Lookup mapping, plus `Name` when x-secrets.Name is set |
 * | `x-cloudmap::<key>` | x-cloudmap.<key>.Lookup | `{Name: <Name or ZoneName>, ...<Lookup mapping>}` (`Lookup: true` → `{Name}`) |
 * | `x-network::<svc>::AwsSources::<i>` | services.<svc>.x-network.Ingress.AwsSources[i].Lookup | the Lookup mapping |
 * | `x-network::<svc>::AdditionalSecurityGroups::<name>` | services.<svc>.x-network.AdditionalSecurityGroups.<name>.Lookup | the Lookup mapping |
 * | `x-route53::<name>` | x-route53.<name>.Lookup | `{ZoneName, ...<Lookup mapping>}` (`Lookup: true` → `{ZoneName}`) |
 * | `x-acm::<name>` | x-acm.<name>.Lookup | the Lookup mapping |
 * | `x-cognito_userpool::<name>` | x-cognito_userpool.<name>.Lookup | the Lookup mapping |
 * | `x-elbv2::<name>` | x-elbv2.<name>.Lookup | the Lookup mapping |
 * | `x-elbv2::<name>::AwsSources::<i>` | x-elbv2.<name>.MacroParameters (or Settings).Ingress.AwsSources[i].Lookup | the Lookup mapping |
 * | `x-wafv2_webacl::<name>` | x-wafv2_webacl.<name>.Lookup (without Arn) | the Lookup mapping |
 * | `x-<module>::<name>` (kind `resource`) | x-<module>.<name>.Lookup for each module of RESOURCE_LOOKUP_MODULES (extensions/shared/lookup.ts) | the Lookup mapping |
 * | `x-efs::<volume>` (kind `resource`) | volumes.<volume>.x-efs.Lookup | the Lookup mapping |
 *
 * Every request goes through `normalizeRequest` (an empty or absent RoleArn is left out).
 */
import type { SourcePos } from '../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../load/positions.js';
import { effectiveXCluster } from '../extensions/x-aws-compat/cluster.js';
import { loadBalancingLookups } from '../extensions/x-elbv2/lookups.js';
import { resourceLookupRequests } from '../extensions/shared/lookup.js';

export type LookupKind = 'vpc' | 'cluster' | 'kms' | 's3' | 'sns' | 'secrets' | 'cloudmap' | 'security-group' | 'prefix-list' | 'route53' | 'acm' | 'cognito' | 'elbv2' | 'wafv2' | 'resource';

export interface LookupRequest {
  key: string;
  kind: LookupKind;
  /** What is recorded as the entry's `request`. */
  request: Record<string, unknown>;
  /** The role the lookup runs as (the request's RoleArn), if any. */
  roleArn?: string;
  /** Dotted key path of the Lookup, e.g. `x-s3.connect-bucket.Lookup`. */
  path: string;
  pos?: SourcePos;
}

/** A shallow copy of a Lookup mapping without an empty or absent RoleArn. */
export function normalizeRequest(lookup: Record<string, unknown>): Record<string, unknown> {
  const request = { ...lookup };
  if (request.RoleArn === '' || request.RoleArn === undefined || request.RoleArn === null) delete request.RoleArn;
  return request;
}

/** The request of `x-cluster.Lookup` (a cluster name, or `{ClusterName, RoleArn?}`). */
export function clusterRequest(lookup: unknown): Record<string, unknown> | undefined {
  if (typeof lookup === 'string' && lookup !== '') return { ClusterName: lookup };
  if (isMapping(lookup) && typeof lookup.ClusterName === 'string') return normalizeRequest(lookup);
  return undefined;
}

/** The request of `x-cloudmap.<key>.Lookup` for the namespace named `zoneName`. */
export function cloudMapRequest(zoneName: string, lookup: unknown): Record<string, unknown> {
  return normalizeRequest({ Name: zoneName, ...(isMapping(lookup) ? lookup : {}) });
}

/** The request of `secrets.<name>.x-secrets.Lookup`. */
export function secretRequest(xSecrets: Mapping): Record<string, unknown> {
  const request = normalizeRequest(isMapping(xSecrets.Lookup) ? xSecrets.Lookup : {});
  if (typeof xSecrets.Name === 'string' && xSecrets.Name !== '') request.Name = xSecrets.Name;
  return request;
}

/** Every lookup of the project, in document order of the extensions listed above. */
export function listLookupRequests(model: Mapping): LookupRequest[] {
  const out: LookupRequest[] = [];
  const add = (key: string, kind: LookupKind, request: Record<string, unknown>, path: (string | number)[]) => {
    const roleArn = typeof request.RoleArn === 'string' && request.RoleArn !== '' ? request.RoleArn : undefined;
    out.push({ key, kind, request, ...(roleArn ? { roleArn } : {}), path: formatPath(path), pos: posAt(model, path) });
  };

  const vpc = model['x-vpc'];
  if (isMapping(vpc) && isMapping(vpc.Lookup)) add('x-vpc', 'vpc', normalizeRequest(vpc.Lookup), ['x-vpc', 'Lookup']);

  const cluster = effectiveXCluster(model);
  if (cluster && cluster.value.Lookup !== undefined) {
    const request = clusterRequest(cluster.value.Lookup);
    if (request) add('x-cluster', 'cluster', request, cluster.lookupPath);
  }

  for (const [ext, kind] of [
    ['x-kms', 'kms'],
    ['x-s3', 's3'],
    ['x-sns', 'sns'],
  ] as const) {
    const root = model[ext];
    if (!isMapping(root)) continue;
    for (const [name, def] of Object.entries(root)) {
      if (isMapping(def) && isMapping(def.Lookup)) add(`${ext}::${name}`, kind, normalizeRequest(def.Lookup), [ext, name, 'Lookup']);
    }
  }

  const secrets = model.secrets;
  if (isMapping(secrets)) {
    for (const [name, def] of Object.entries(secrets)) {
      const x = isMapping(def) ? def['x-secrets'] : undefined;
      if (isMapping(x) && isMapping(x.Lookup)) add(`x-secrets::${name}`, 'secrets', secretRequest(x), ['secrets', name, 'x-secrets', 'Lookup']);
    }
  }

  const cloudmap = model['x-cloudmap'];
  if (isMapping(cloudmap)) {
    for (const [key, def] of Object.entries(cloudmap)) {
      if (!isMapping(def) || def.Lookup === undefined || def.Lookup === false) continue;
      const zone = def.Name ?? def.ZoneName;
      if (typeof zone !== 'string') continue;
      add(`x-cloudmap::${key}`, 'cloudmap', cloudMapRequest(zone, def.Lookup), ['x-cloudmap', key, 'Lookup']);
    }
  }

  const services = model.services;
  if (isMapping(services)) {
    for (const [svc, def] of Object.entries(services)) {
      const net = isMapping(def) ? def['x-network'] : undefined;
      if (!isMapping(net)) continue;
      const base = ['services', svc, 'x-network'];
      if (isMapping(net.AdditionalSecurityGroups)) {
        for (const [name, g] of Object.entries(net.AdditionalSecurityGroups)) {
          if (isMapping(g) && typeof g.SecurityGroupId !== 'string' && isMapping(g.Lookup)) {
            add(`x-network::${svc}::AdditionalSecurityGroups::${name}`, 'security-group', normalizeRequest(g.Lookup), [...base, 'AdditionalSecurityGroups', name, 'Lookup']);
          }
        }
      }
      const sources = isMapping(net.Ingress) && Array.isArray(net.Ingress.AwsSources) ? net.Ingress.AwsSources : [];
      sources.forEach((src: unknown, i: number) => {
        if (!isMapping(src) || typeof src.Id === 'string' || !isMapping(src.Lookup)) return;
        const kind = src.Type === 'PrefixList' ? 'prefix-list' : 'security-group';
        add(`x-network::${svc}::AwsSources::${i}`, kind, normalizeRequest(src.Lookup), [...base, 'Ingress', 'AwsSources', i, 'Lookup']);
      });
    }
  }
  for (const l of loadBalancingLookups(model)) add(l.key, l.kind, l.request, l.path);
  for (const l of resourceLookupRequests(model)) add(l.key, 'resource', l.request, l.path);
  return out;
}
