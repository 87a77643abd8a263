/**
 * `x-elbv2.<lb>.Services`: one IP target group per `family:service[:port]` entry, in the
 * `elbv2` stack. The family must exist, the service must belong to it and its container must
 * expose the target port; the health check (string or mapping) must be one AWS accepts for
 * the load balancer's type.
 */
import { getAtt, ref } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { isMapping, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { listOf, type Reporter } from '../x-network/report.js';
import { healthCheckOfMapping, healthCheckProblems, HEALTHCHECK_FORMAT, parseHealthCheck, type HealthCheck } from './healthcheck.js';
import { ALB_PROTOCOLS, NLB_PROTOCOLS, type Balancer, type TargetGroup } from './model.js';
import type { ModuleStack } from './module-stack.js';

export function buildTargetGroups(ctx: RenderContext, stack: ModuleStack, lb: Balancer, vpcId: unknown, r: Reporter): void {
  const services = isMapping(lb.def.Services) ? lb.def.Services : {};
  for (const [key, raw] of Object.entries(services)) {
    if (!isMapping(raw)) continue;
    const path = ['x-elbv2', lb.name, 'Services', key];
    const [familyName, service, keyPort] = key.split(':');
    const fs = [...ctx.families.values()].find((f) => f.family.name === familyName || f.family.logicalName === familyName);
    if (!fs) {
      r.error({
        code: 'CXE1105',
        path,
        message: `target "${key}": no family is named "${familyName}"`,
        expected: `family:service with a family among ${listOf([...ctx.families.values()].map((f) => f.family.name))}`,
        hint: 'the family is the ecs.task.family label of the service, or the service name when it has none',
      });
      continue;
    }
    if (!fs.family.services.includes(service)) {
      r.error({
        code: 'CXE1105',
        path,
        message: `target "${key}": family "${fs.family.name}" has no service "${service}"`,
        expected: `one of: ${listOf(fs.family.services.map((s) => `${fs.family.name}:${s}`))}`,
      });
      continue;
    }
    const port = Number(raw.port);
    if (keyPort !== undefined && Number(keyPort) !== port) {
      r.error({ code: 'CXE1106', path: [...path, 'port'], message: `target "${key}" names port ${keyPort} but sends to port ${port}`, expected: `port: ${keyPort}` });
      continue;
    }
    const container = fs.family.containers.find((c) => c.name === service);
    const exposed = [...new Set((container?.ports ?? []).map((p) => p.containerPort))];
    if (!exposed.includes(port)) {
      r.error({
        code: 'CXE1106',
        path: [...path, 'port'],
        message: `service "${service}" does not expose port ${port}`,
        expected: exposed.length > 0 ? `one of its container ports: ${listOf(exposed.map(String))}` : 'a port the service declares under `ports:` (it declares none)',
        hint: `add \`- ${port}\` under services.${service}.ports, or send to a port it listens on`,
      });
      continue;
    }
    const allowed = lb.type === 'application' ? ALB_PROTOCOLS : NLB_PROTOCOLS;
    const protocol = typeof raw.protocol === 'string' ? raw.protocol : allowed[0];
    if (!allowed.includes(protocol)) {
      r.error({
        code: 'CXE1113',
        path: [...path, 'protocol'],
        message: `a ${lb.type} load balancer cannot send ${protocol} to its targets`,
        expected: `one of: ${listOf(allowed)}`,
      });
      continue;
    }
    const health = healthOf(raw, protocol, lb, path, r);
    if (!health) continue;
    const id = logicalId(lb.id, 'Tg', fs.family.logicalName, service, String(port));
    const http = protocol === 'HTTP' || protocol === 'HTTPS';
    stack.add(id, {
      Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      Properties: {
        TargetType: 'ip',
        Port: port,
        Protocol: protocol,
        ProtocolVersion: http && typeof raw.ProtocolVersion === 'string' ? raw.ProtocolVersion : undefined,
        VpcId: vpcId as never,
        ...health,
        TargetGroupAttributes: attributesOf(raw.TargetGroupAttributes),
      } as never,
    });
    const tg: TargetGroup = {
      key,
      path,
      id,
      lb,
      fs,
      container: service,
      port,
      protocol,
      health,
      arn: { stack, output: `${id}Arn`, value: ref(id), param: logicalId(id, 'Arn'), description: `Target group ${key} of ${lb.name}` },
      fullName: { stack, output: `${id}FullName`, value: getAtt(id, 'TargetGroupFullName'), param: logicalId(id, 'FullName'), description: `Full name of target group ${key} of ${lb.name}` },
      used: false,
      returnValues: isMapping(raw.ReturnValues) ? raw.ReturnValues : undefined,
    };
    if (http && raw.ProtocolVersion === 'GRPC' && tg.health.Matcher?.HttpCode !== undefined && !isMapping(raw.healthcheck)) {
      tg.health.Matcher = { GrpcCode: '12' };
    }
    lb.targetGroups.set(key, tg);
  }
}

function healthOf(raw: Mapping, protocol: string, lb: Balancer, path: (string | number)[], r: Reporter): HealthCheck | undefined {
  let hc: HealthCheck;
  if (typeof raw.healthcheck === 'string') {
    const parsed = parseHealthCheck(raw.healthcheck);
    if (!parsed) {
      r.error({
        code: 'CXE1114',
        path: [...path, 'healthcheck'],
        message: `health check "${raw.healthcheck}" is not in the expected form`,
        expected: HEALTHCHECK_FORMAT,
        hint: 'TCP, TLS and UDP checks take no path or codes; or write the health check as a mapping of HealthCheck* properties',
      });
      return undefined;
    }
    hc = parsed;
  } else if (isMapping(raw.healthcheck)) {
    hc = healthCheckOfMapping(raw.healthcheck);
  } else {
    const http = protocol === 'HTTP' || protocol === 'HTTPS';
    hc = { HealthCheckEnabled: true, HealthCheckProtocol: http ? protocol : 'TCP', ...(http ? { HealthCheckPath: '/', Matcher: { HttpCode: '200' } } : {}) };
  }
  const problems = healthCheckProblems(hc, lb.type);
  if (problems.length > 0) {
    r.error({
      code: 'CXE1115',
      path: [...path, 'healthcheck'],
      message: `health check of target "${String(path[path.length - 1])}": ${problems.join('; ')}`,
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
