/**
 * `services.<svc>.x-network.x-cloudmap`: registers the family's tasks in a namespace, as
 * `<name>.<zone>` A records and SRV records. The AWS::ServiceDiscovery::Service `CloudMapService`
 * lives in the family template (the namespace id is a parameter, `CloudMapNamespaceId`), and the
 * ECS service's ServiceRegistries points at it with the port SRV records announce: the given
 * `Port` (one of the family's), else the family's first port.
 */
import { getAtt } from '../../cfn/intrinsics.js';
import { isMapping } from '../../load/positions.js';
import { withoutServiceProblem, type FamilyStack } from '../../synth/family.js';
import { listOf, type KeyPath, type Reporter } from '../x-network/report.js';
import type { Namespace } from './namespaces.js';

interface Registration {
  key: string;
  port?: number;
  name?: string;
  path: KeyPath;
}

/** Registered names per namespace key → family, to reject two families claiming one name. */
export type NameClaims = Map<string, string>;

/** `namespaces`: every declared key; undefined for one that could not be resolved (already reported). */
export function registerFamily(fs: FamilyStack, namespaces: Map<string, Namespace | undefined>, claims: NameClaims, r: Reporter): void {
  const regs = registrations(fs);
  if (regs.length === 0) return;
  const first = regs[0];
  const noService = withoutServiceProblem(fs, 'a Cloud Map registration');
  if (noService) {
    r.error({ ...noService, path: first.path });
    return;
  }
  const ns = namespaces.get(first.key);
  if (!ns) {
    if (namespaces.has(first.key)) return;
    const keys = [...namespaces.keys()];
    r.error({
      code: 'CXN1110',
      path: first.path,
      message: `no Cloud Map namespace x-cloudmap.${first.key} is declared`,
      expected: keys.length > 0 ? `one of: ${listOf(keys)}` : 'a namespace declared under the top-level x-cloudmap',
      hint: keys.length > 0 ? undefined : `declare it, e.g. x-cloudmap: {${first.key}: {Name: example.internal}}`,
    });
    return;
  }
  const ports = fs.ports;
  if (ports.length === 0) {
    r.error({
      code: 'CXN1111',
      path: first.path,
      message: `family "${fs.family.name}" exposes no port, so it cannot be registered in Cloud Map`,
      expected: 'a family with at least one port (`ports:`)',
      hint: 'Cloud Map SRV records announce the port the tasks listen on; declare it with `ports:`',
    });
    return;
  }
  const port = first.port ?? ports[0].port;
  const name = first.name ?? fs.family.hostname;
  if (first.port !== undefined && !ports.some((p) => p.port === first.port)) {
    r.error({
      code: 'CXN1112',
      path: [...first.path, first.key, 'Port'],
      message: `port ${first.port} is not a port of family "${fs.family.name}"`,
      expected: `one of: ${listOf([...new Set(ports.map((p) => String(p.port)))])}`,
    });
    return;
  }
  if (name === '') {
    r.error({
      code: 'CXN1114',
      path: first.path,
      message: `family "${fs.family.name}" has no usable DNS name`,
      expected: 'a name made of letters, digits and "-"',
      hint: `give one: x-cloudmap: {${first.key}: {Name: my-service}}`,
    });
    return;
  }
  const claim = `${first.key}\u0000${name.toLowerCase()}`;
  const owner = claims.get(claim);
  if (owner !== undefined) {
    r.error({
      code: 'CXN1115',
      path: first.path,
      message: `${name}.${ns.zoneName} is already registered by family "${owner}"`,
      expected: 'one Cloud Map service name per family in a namespace',
      hint: `give this family another name: x-cloudmap: {${first.key}: {Name: <name>}}`,
    });
    return;
  }
  claims.set(claim, fs.family.name);
  for (const other of regs.slice(1)) {
    if (other.key === first.key && (other.port ?? port) === port && (other.name ?? name) === name) continue;
    r.error({
      code: 'CXN1113',
      path: other.path,
      message: `family "${fs.family.name}" is already registered in Cloud Map as ${name} in ${first.key}`,
      expected: 'one Cloud Map registration per family',
      hint: 'an ECS service has one service registry; keep a single x-network.x-cloudmap in the family (or identical ones)',
    });
  }

  const namespaceId = fs.input('CloudMapNamespaceId', { Type: 'String', Description: `Cloud Map namespace ${ns.zoneName}` }, ns.id);
  if (ns.stackId) fs.dependsOn.add(ns.stackId);
  fs.add('CloudMapService', {
    Type: 'AWS::ServiceDiscovery::Service',
    Properties: {
      Name: name,
      NamespaceId: namespaceId,
      Description: `${fs.family.name} service`,
      DnsConfig: {
        RoutingPolicy: 'MULTIVALUE',
        DnsRecords: [
          { Type: 'A', TTL: 15 },
          { Type: 'SRV', TTL: 15 },
        ],
      },
      HealthCheckCustomConfig: { FailureThreshold: 1 },
    },
  });
  fs.serviceRegistries.push({ RegistryArn: getAtt('CloudMapService', 'Arn'), Port: port });
  fs.template.addOutput('CloudMapServiceArn', { Value: getAtt('CloudMapService', 'Arn') });
}

/** The family's registrations, in service order (string form or each key of the mapping form). */
function registrations(fs: FamilyStack): Registration[] {
  const out: Registration[] = [];
  for (const { service, value } of fs.family.extensions['x-network'] ?? []) {
    if (!isMapping(value)) continue;
    const path = ['services', service, 'x-network', 'x-cloudmap'];
    const reg = value['x-cloudmap'];
    if (typeof reg === 'string') out.push({ key: reg, path });
    else if (isMapping(reg)) {
      for (const [key, opts] of Object.entries(reg)) {
        const o = isMapping(opts) ? opts : {};
        out.push({
          key,
          port: typeof o.Port === 'number' ? o.Port : undefined,
          name: typeof o.Name === 'string' ? o.Name : undefined,
          path,
        });
      }
    }
  }
  return out;
}
