/**
 * x-elbv2: application and network load balancers in the nested stack `elbv2`, sending
 * traffic to services (IP target groups).
 *
 * Order: load balancers (new or looked up, balancer.ts), target groups (targets.ts),
 * listeners and rules (listeners.ts), security group ingress on the listener ports, DNS alias
 * records (`DnsAliases`, zones of x-route53), then the families: each target service gets its
 * `LoadBalancers` entry, a health-check grace period, ingress from the load balancer's
 * security group on its target (and health-check) port only, and its `ReturnValues`.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { isMapping, type Mapping } from '../../load/positions.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import { withoutServiceProblem, type FamilyStack } from '../../synth/family.js';
import { Reporter } from '../x-network/report.js';
import { addIngressRule, ruleDescription } from '../x-network/rules.js';
import { inZone, zoneOf } from '../x-route53/index.js';
import { ingressRules, lookedUpBalancer, newBalancer } from './balancer.js';
import { buildListener, listenerSpecs } from './listeners.js';
import { ipProtocols, type Balancer, type TargetGroup } from './model.js';
import { moduleStack, perRender, valueIn } from './module-stack.js';
import { addReturnValues } from './return-values.js';
import { buildTargetGroups } from './targets.js';

export const ELBV2_STACK = 'elbv2';

/** Every load balancer of the project, built once per render (x-wafv2_webacl reads them too). */
export const balancersOf = perRender((ctx: RenderContext): Map<string, Balancer> => {
  const out = new Map<string, Balancer>();
  const x = ctx.doc['x-elbv2'];
  if (!isMapping(x)) return out;
  const r = new Reporter(ctx.doc, ctx.bag);
  const stack = moduleStack(ctx, ELBV2_STACK, 'Load balancers');
  for (const [name, def] of Object.entries(x)) {
    if (!isMapping(def)) continue;
    const lb = isMapping(def.Lookup) ? lookedUpBalancer(ctx, name, def, r) : newBalancer(ctx, stack, name, def, r);
    if (lb) out.set(name, lb);
  }
  for (const lb of out.values()) {
    buildTargetGroups(ctx, stack, lb, stack.input('VpcId', { Type: 'AWS::EC2::VPC::Id' }, ctx.network.vpcId), r);
    const specs = listenerSpecs(lb, r);
    for (const spec of specs) buildListener(ctx, stack, lb, spec, r);
    ingressRules(ctx, stack, lb, specs.filter((s) => !s.existing && s.protocol !== ''), r);
    dnsAliases(ctx, lb, r);
    for (const tg of lb.targetGroups.values()) linkFamily(lb, tg, r);
  }
  for (const lb of out.values()) for (const tg of lb.targetGroups.values()) returnValues(lb, tg, r);
  if (stack.template.resourceIds().length === 0) ctx.stacks.delete(ELBV2_STACK);
  return out;
});

function dnsAliases(ctx: RenderContext, lb: Balancer, r: Reporter): void {
  const aliases = Array.isArray(lb.def.DnsAliases) ? (lb.def.DnsAliases as Mapping[]) : [];
  const stack = moduleStack(ctx, ELBV2_STACK, 'Load balancers');
  aliases.forEach((a, i) => {
    const path = ['x-elbv2', lb.name, 'DnsAliases', i];
    const zone = zoneOf(ctx, String(a.Route53Zone), [...path, 'Route53Zone'], r);
    if (!zone) return;
    (a.Names as string[]).forEach((name, j) => {
      if (!inZone(name, zone)) {
        r.error({ code: 'CXE1121', path: [...path, 'Names', j], message: `${name} is not in zone ${zone.zoneName}`, expected: `a name ending in .${zone.zoneName}` });
        return;
      }
      stack.add(logicalId(lb.id, 'Alias', name.startsWith('*.') ? `Wildcard.${name.slice(2)}` : name), {
        Type: 'AWS::Route53::RecordSet',
        Properties: {
          HostedZoneId: valueIn(stack, zone.id),
          Name: name,
          Type: 'A',
          AliasTarget: { DNSName: valueIn(stack, lb.dnsName), HostedZoneId: valueIn(stack, lb.canonicalZoneId), EvaluateTargetHealth: true },
        },
      });
    });
  });
}

const entries = new WeakMap<FamilyStack, CfnValue[]>();

function linkFamily(lb: Balancer, tg: TargetGroup, r: Reporter): void {
  if (!tg.used) {
    r.warn({
      code: 'CXE2004',
      path: tg.path,
      message: `no listener of load balancer "${lb.name}" sends traffic to target "${tg.key}"; the service is not registered`,
      hint: `list it in the Targets of a listener of ${lb.name}`,
    });
    return;
  }
  for (const m of tg.members) linkMember(lb, tg, m.fs, m.container, m.port, r);
}

function linkMember(lb: Balancer, tg: TargetGroup, fs: FamilyStack, container: string, port: number, r: Reporter): void {
  const noService = withoutServiceProblem(fs, `a load balancer target (${lb.name})`);
  if (noService) {
    r.error({ ...noService, path: tg.path });
    return;
  }
  const list = entries.get(fs) ?? [];
  entries.set(fs, list);
  list.push({ ContainerName: container, ContainerPort: port, TargetGroupArn: valueIn(fs, tg.arn) });
  fs.serviceOverrides.LoadBalancers = list;
  const interval = tg.health.HealthCheckIntervalSeconds ?? 30;
  const healthy = tg.health.HealthyThresholdCount ?? 5;
  const grace = Math.max(60, interval * healthy);
  const current = fs.serviceOverrides.HealthCheckGracePeriodSeconds;
  fs.serviceOverrides.HealthCheckGracePeriodSeconds = typeof current === 'number' ? Math.max(current, grace) : grace;
  if (!lb.securityGroup) {
    r.warn({
      code: 'CXE2005',
      path: tg.path,
      message: `the looked-up load balancer "${lb.name}" has no security group: the tasks of ${fs.family.name} get no ingress rule for it`,
      hint: 'allow the load balancer\'s traffic with services.<service>.x-network.Ingress',
    });
    return;
  }
  const ports = new Set([port]);
  const hp = Number(tg.health.HealthCheckPort);
  if (Number.isInteger(hp) && hp > 0) ports.add(hp);
  const source = valueIn(fs, lb.securityGroup);
  for (const p of ports) {
    for (const proto of ipProtocols(tg.protocol)) {
      addIngressRule(fs, logicalId('FromLb', lb.id, 'To', String(p), proto), {
        GroupId: fs.securityGroupId,
        SourceSecurityGroupId: source,
        IpProtocol: proto,
        FromPort: p,
        ToPort: p,
        Description: ruleDescription(`From load balancer ${lb.name} to ${fs.family.name} on ${p}/${proto}`),
      });
    }
  }
}

function returnValues(lb: Balancer, tg: TargetGroup, r: Reporter): void {
  if (!tg.returnValues) return;
  addReturnValues(
    tg.fs,
    tg.container,
    tg.returnValues,
    {
      DNSName: lb.dnsName,
      LoadBalancerArn: lb.arn,
      LoadBalancerFullName: lb.fullName,
      CanonicalHostedZoneID: lb.canonicalZoneId,
      SecurityGroupId: lb.securityGroup,
      TargetGroupArn: tg.arn,
      TargetGroupFullName: tg.fullName,
    },
    `load balancer "${lb.name}"`,
    tg.path,
    r,
  );
}

export const xElbv2: Extension = {
  name: 'x-elbv2',
  apply(ctx) {
    balancersOf(ctx);
  },
};


