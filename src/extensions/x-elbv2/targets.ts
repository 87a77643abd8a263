/**
 * `x-elbv2.<lb>.Services`: one IP target group per `family:service[:port]` entry, in the
 * `elbv2` stack; `TargetGroups.<name>`: one target group several services register in. The family must exist, the service must belong to it and its container must
 * expose the target port; the health check (string or mapping) must be one AWS accepts for
 * the load balancer's type.
 */
import { getAtt, ref } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { isMapping, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { listOf, type KeyPath, type Reporter } from '../x-network/report.js';
import { healthCheckOfMapping, healthCheckProblems, HEALTHCHECK_FORMAT, parseHealthCheck, type HealthCheck } from './healthcheck.js';
import { ALB_PROTOCOLS, NLB_PROTOCOLS, type Balancer, type Member, type TargetGroup } from './model.js';
import type { ModuleStack } from './module-stack.js';

export function buildTargetGroups(ctx: RenderContext, stack: ModuleStack, lb: Balancer, vpcId: unknown, r: Reporter): void {
  const services = isMapping(lb.def.Services) ? lb.def.Services : {};
  for (const [key, raw] of Object.entries(services)) {
    if (!isMapping(raw)) continue;
    const path = ['x-elbv2', lb.name, 'Services', key];
    const [familyName, service, keyPort] = key.split(':');
    const port = Number(raw.port);
    if (keyPort !== undefined && Number(keyPort) !== port) {
      r.error({ code: 'CXE1106', path: [...path, 'port'], message: `target "${key}" names port ${keyPort} but sends to port ${port}`, expected: `port: ${keyPort}` });
      continue;
    }
    const m = memberOf(ctx, `${familyName}:${service}`, port, path, [...path, 'port'], r);
    if (!m) continue;
    const id = logicalId(lb.id, 'Tg', m.fs.family.logicalName, service, String(port));
    const tg = addTargetGroup(stack, lb, key, path, id, [m], raw.protocol, raw.healthcheck, raw.TargetGroupAttributes, raw.ProtocolVersion, port, vpcId, r);
    if (tg) {
      tg.ruleName = `${m.fs.family.logicalName}${service}${port}`;
      tg.returnValues = isMapping(raw.ReturnValues) ? raw.ReturnValues : undefined;
    }
  }
  const groups = isMapping(lb.def.TargetGroups) ? lb.def.TargetGroups : {};
  for (const [name, raw] of Object.entries(groups)) {
    if (!isMapping(raw)) continue;
    const path = ['x-elbv2', lb.name, 'TargetGroups', name];
    const members = (Array.isArray(raw.Services) ? (raw.Services as Mapping[]) : []).map((s, i) =>
      memberOf(ctx, String(s.Name), Number(s.Port), [...path, 'Services', i, 'Name'], [...path, 'Services', i, 'Port'], r),
    );
    if (members.some((m) => m === undefined) || members.length === 0) continue;
    const tg = addTargetGroup(stack, lb, name, path, logicalId(lb.id, 'Tg', name), members as Member[], raw.Protocol, raw.HealthCheck, raw.TargetGroupAttributes, raw.ProtocolVersion, Number(raw.Port), vpcId, r);
    if (tg) tg.ruleName = name;
  }
}

/** The container `family:service` names, checked to exist and expose `port`. */
function memberOf(ctx: RenderContext, name: string, port: number, path: KeyPath, portPath: KeyPath, r: Reporter): Member | undefined {
  const [familyName, service] = name.split(':');
  const fs = [...ctx.families.values()].find((f) => f.family.name === familyName || f.family.logicalName === familyName);
  if (!fs) {
    r.error({
      code: 'CXE1105',
      path,
      message: `target "${name}": no family is named "${familyName}"`,
      expected: `family:service with a family among ${listOf([...ctx.families.values()].map((f) => f.family.name))}`,
      hint: 'the family is the ecs.task.family label of the service, or the service name when it has none',
    });
    return undefined;
  }
  if (!fs.family.services.includes(service)) {
    r.error({
      code: 'CXE1105',
      path,
      message: `target "${name}": family "${fs.family.name}" has no service "${service}"`,
      expected: `one of: ${listOf(fs.family.services.map((s) => `${fs.family.name}:${s}`))}`,
    });
    return undefined;
  }
  const container = fs.family.containers.find((c) => c.name === service);
  const exposed = [...new Set((container?.ports ?? []).map((p) => p.containerPort))];
  if (!exposed.includes(port)) {
    r.error({
      code: 'CXE1106',
      path: portPath,
      message: `service "${service}" does not expose port ${port}`,
      expected: exposed.length > 0 ? `one of its container ports: ${listOf(exposed.map(String))}` : 'a port the service declares under `ports:` (it declares none)',
      hint: `add \`- ${port}\` under services.${service}.ports, or send to a port it listens on`,
    });
    return undefined;
  }
  return { fs, container: service, port };
}

function addTargetGroup(
  stack: ModuleStack,
  lb: Balancer,
  key: string,
  path: KeyPath,
  id: string,
  members: Member[],
  rawProtocol: unknown,
  rawHealth: unknown,
  rawAttributes: unknown,
  rawVersion: unknown,
  port: number,
  vpcId: unknown,
  r: Reporter,
): TargetGroup | undefined {
  const allowed = lb.type === 'application' ? ALB_PROTOCOLS : NLB_PROTOCOLS;
  const protocol = typeof rawProtocol === 'string' ? rawProtocol : allowed[0];
  if (!allowed.includes(protocol)) {
    r.error({
      code: 'CXE1113',
      path: [...path, path[2] === 'TargetGroups' ? 'Protocol' : 'protocol'],
      message: `a ${lb.type} load balancer cannot send ${protocol} to its targets`,
      expected: `one of: ${listOf(allowed)}`,
    });
    return undefined;
  }
  const health = healthOf(rawHealth, protocol, lb, [...path, path[2] === 'TargetGroups' ? 'HealthCheck' : 'healthcheck'], r);
  if (!health) return undefined;
  const http = protocol === 'HTTP' || protocol === 'HTTPS';
  if (http && rawVersion === 'GRPC' && !isMapping(rawHealth)) health.Matcher = { GrpcCode: '12' };
  stack.add(id, {
    Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    Properties: {
      TargetType: 'ip',
      Port: port,
      Protocol: protocol,
      ProtocolVersion: http && typeof rawVersion === 'string' ? rawVersion : undefined,
      VpcId: vpcId as never,
      ...health,
      TargetGroupAttributes: attributesOf(rawAttributes),
    } as never,
  });
  const tg: TargetGroup = {
    key,
    members,
    ruleName: key,
    path,
    id,
    lb,
    fs: members[0].fs,
    container: members[0].container,
    port: members[0].port,
    protocol,
    health,
    arn: { stack, output: `${id}Arn`, value: ref(id), param: logicalId(id, 'Arn'), description: `Target group ${key} of ${lb.name}` },
    fullName: { stack, output: `${id}FullName`, value: getAtt(id, 'TargetGroupFullName'), param: logicalId(id, 'FullName'), description: `Full name of target group ${key} of ${lb.name}` },
    used: false,
  };
  lb.targetGroups.set(key, tg);
  return tg;
}

function healthOf(raw: unknown, protocol: string, lb: Balancer, path: KeyPath, r: Reporter): HealthCheck | undefined {
  let hc: HealthCheck;
  if (typeof raw === 'string') {
    const parsed = parseHealthCheck(raw);
    if (!parsed) {
      r.error({
        code: 'CXE1114',
        path,
        message: `health check "${raw}" is not in the expected form`,
        expected: HEALTHCHECK_FORMAT,
        hint: 'TCP, TLS and UDP checks take no path or codes; or write the health check as a mapping of HealthCheck* properties',
      });
      return undefined;
    }
    hc = parsed;
  } else if (isMapping(raw)) {
    hc = healthCheckOfMapping(raw);
  } else {
    const http = protocol === 'HTTP' || protocol === 'HTTPS';
    hc = { HealthCheckEnabled: true, HealthCheckProtocol: http ? protocol : 'TCP', ...(http ? { HealthCheckPath: '/', Matcher: { HttpCode: '200' } } : {}) };
  }
  const problems = healthCheckProblems(hc, lb.type);
  if (problems.length > 0) {
    r.error({
      code: 'CXE1115',
      path,
      message: `health check of target "${String(path[3])}": ${problems.join('; ')}`,
      expected: `values a ${lb.type} load balancer accepts`,
    });
    return undefined;
  }
  return hc;
}

/** TargetGroupAttributes as list or mapping → the Key/Value list (values as strings), sorted by key for the mapping form. */
export function attributesOf(v: unknown): { Key: string; Value: string }[] | undefined {
  if (Array.isArray(v)) return v.length > 0 ? v.filter(isMapping).map((a) => ({ Key: String(a.Key), Value: String(a.Value) })) : undefined;
  if (isMapping(v)) {
    const entries = Object.entries(v).filter(([k]) => !k.startsWith('x-'));
    return entries.length > 0 ? entries.map(([Key, Value]) => ({ Key, Value: String(Value) })) : undefined;
  }
  return undefined;
}
