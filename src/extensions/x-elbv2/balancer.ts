/**
 * One load balancer in the `elbv2` stack: new (security group, load balancer with its
 * attributes, in the public subnets when internet-facing, the application subnets otherwise,
 * `Settings.Subnets` to choose) or looked up (recorded key `x-elbv2::<name>`, request = the
 * Lookup mapping, result `{LoadBalancerArn, DNSName, CanonicalHostedZoneId, Type, Scheme?,
 * SecurityGroups?, LoadBalancerFullName?, Listeners?: {"<port>": "<listener ARN>"}}`).
 *
 * Both application and network load balancers get a security group (NLBs accept one since
 * 2023; 1.x gives them none): `Ingress` opens the listener ports only, and the targets accept
 * traffic from that group only.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { getAtt, ref, sub } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { isMapping, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { listOf, type KeyPath, type Reporter } from '../x-network/report.js';
import { checkIpv4Cidr, checkIpv6Cidr } from '../x-network/cidr.js';
import { isAwsId, lookUpId } from '../x-network/local-sources.js';
import { descriptionProblem, ruleDescription } from '../x-network/rules.js';
import type { Balancer, LbType } from './model.js';
import { ipProtocols } from './model.js';
import { recordedResult, withoutRole, type ModuleStack } from './module-stack.js';

const LB_ARN = /^arn:aws(-[a-z]+)*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(app|net)\/[^/]+\/[0-9a-f]+$/;

/** The settings of MacroParameters and Settings (Settings wins), as 1.x reads both. */
export function settingsOf(def: Mapping): Mapping {
  return { ...(isMapping(def.MacroParameters) ? def.MacroParameters : {}), ...(isMapping(def.Settings) ? def.Settings : {}) };
}

export function newBalancer(ctx: RenderContext, stack: ModuleStack, name: string, def: Mapping, r: Reporter): Balancer | undefined {
  const props = isMapping(def.Properties) ? def.Properties : {};
  const type: LbType = props.Type === 'network' ? 'network' : 'application';
  const internetFacing = props.Scheme === 'internet-facing';
  const settings = settingsOf(def);
  const group = typeof settings.Subnets === 'string' ? settings.Subnets : internetFacing ? 'PublicSubnets' : 'AppSubnets';
  const subnets = ctx.network.subnets[group];
  if (subnets === undefined) {
    r.error({
      code: 'CXE1118',
      path: ['x-elbv2', name, isMapping(def.Settings) && def.Settings.Subnets !== undefined ? 'Settings' : 'MacroParameters', 'Subnets'],
      message: `load balancer "${name}" uses subnets "${group}", which the VPC does not have`,
      expected: `one of: ${listOf(Object.keys(ctx.network.subnets))}`,
    });
    return undefined;
  }
  const id = logicalId(name);
  const sgId = logicalId(id, 'SecurityGroup');
  stack.add(sgId, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: sub(`Load balancer ${name} in \${AWS::StackName}`),
      VpcId: stack.input('VpcId', { Type: 'AWS::EC2::VPC::Id' }, ctx.network.vpcId),
    },
  });
  stack.add(id, {
    Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    Properties: {
      Type: type,
      Scheme: internetFacing ? 'internet-facing' : 'internal',
      Subnets: stack.input(group, { Type: 'List<AWS::EC2::Subnet::Id>' }, subnets),
      SecurityGroups: [getAtt(sgId, 'GroupId')],
      LoadBalancerAttributes: attributes(name, def, type, settings, r),
      Tags: Array.isArray(props.Tags) ? (props.Tags as CfnValue[]) : isMapping(props.Tags) ? Object.entries(props.Tags).map(([Key, Value]) => ({ Key, Value: String(Value) })) : undefined,
    },
  });
  const out = (attr: string, value: CfnValue, what: string) => ({ stack, output: logicalId(id, attr), value, param: logicalId(id, attr), description: `${what} of load balancer ${name}` });
  return {
    name,
    id,
    def,
    type,
    internetFacing,
    lookedUp: false,
    arn: out('Arn', ref(id), 'ARN'),
    dnsName: out('DNSName', getAtt(id, 'DNSName'), 'DNS name'),
    canonicalZoneId: out('CanonicalHostedZoneID', getAtt(id, 'CanonicalHostedZoneID'), 'Hosted zone'),
    fullName: out('LoadBalancerFullName', getAtt(id, 'LoadBalancerFullName'), 'Full name'),
    securityGroup: out('SecurityGroupId', getAtt(sgId, 'GroupId'), 'Security group'),
    existingListeners: {},
    targetGroups: new Map(),
  };
}

export interface LoadBalancerLookupResult {
  LoadBalancerArn: string;
  DNSName: string;
  CanonicalHostedZoneId: string;
  Type?: string;
  Scheme?: string;
  SecurityGroups?: string[];
  LoadBalancerFullName?: string;
  Listeners?: Record<string, string>;
}

export function lookupRequest(def: Mapping): Record<string, unknown> {
  return withoutRole(def.Lookup as Mapping);
}

export function lookedUpBalancer(ctx: RenderContext, name: string, def: Mapping, r: Reporter): Balancer | undefined {
  const path = ['x-elbv2', name, 'Lookup'];
  const res = recordedResult(ctx, `x-elbv2::${name}`, lookupRequest(def), path, r) as Partial<LoadBalancerLookupResult> | undefined;
  if (!res) return undefined;
  if ( typeof res.LoadBalancerArn !== 'string' || !LB_ARN.test(res.LoadBalancerArn) || typeof res.DNSName !== 'string' || typeof res.CanonicalHostedZoneId !== 'string') {
    r.error({
      code: 'CXE1119',
      path,
      message: `the recorded result of lookup x-elbv2::${name} lacks the load balancer ARN, DNS name or hosted zone`,
      expected: '{"LoadBalancerArn": "arn:aws:elasticloadbalancing:...:loadbalancer/app/<name>/<id>", "DNSName": "...", "CanonicalHostedZoneId": "Z...", "SecurityGroups"?: ["sg-..."], "Listeners"?: {"443": "<listener ARN>"}}',
      hint: 'record the lookup again',
    });
    return undefined;
  }
  const type: LbType = res.LoadBalancerArn.includes(':loadbalancer/net/') ? 'network' : 'application';
  const sg = (res.SecurityGroups ?? []).find((g) => isAwsId(g, 'sg-'));
  const fullName = res.LoadBalancerFullName ?? res.LoadBalancerArn.split(':loadbalancer/')[1];
  const id = logicalId(name);
  const lit = (literal: string, attr: string, what: string) => ({ literal, param: logicalId(id, attr), description: `${what} of load balancer ${name}` });
  return {
    name,
    id,
    def,
    type,
    internetFacing: res.Scheme === 'internet-facing',
    lookedUp: true,
    arn: lit(res.LoadBalancerArn, 'Arn', 'ARN'),
    dnsName: lit(res.DNSName, 'DNSName', 'DNS name'),
    canonicalZoneId: lit(res.CanonicalHostedZoneId, 'CanonicalHostedZoneID', 'Hosted zone'),
    fullName: lit(fullName, 'LoadBalancerFullName', 'Full name'),
    securityGroup: sg ? lit(sg, 'SecurityGroupId', 'Security group') : undefined,
    existingListeners: res.Listeners ?? {},
    targetGroups: new Map(),
  };
}

const SHORTHANDS: [string, string, LbType | 'both', (v: unknown) => string][] = [
  ['timeout_seconds', 'idle_timeout.timeout_seconds', 'application', String],
  ['desync_mitigation_mode', 'routing.http.desync_mitigation_mode', 'application', String],
  ['drop_invalid_header_fields', 'routing.http.drop_invalid_header_fields.enabled', 'application', (v) => String(v === true)],
  ['http2', 'routing.http2.enabled', 'application', (v) => String(v === true)],
  ['cross_zone', 'load_balancing.cross_zone.enabled', 'network', (v) => String(v === true)],
];

function attributes(name: string, def: Mapping, type: LbType, settings: Mapping, r: Reporter): CfnValue[] | undefined {
  const attrs = new Map<string, string>();
  for (const [short, key, applies, fmt] of SHORTHANDS) {
    if (settings[short] === undefined) continue;
    if (applies !== 'both' && applies !== type) {
      r.warn({
        code: 'CXE2001',
        path: ['x-elbv2', name, isMapping(def.Settings) && short in def.Settings ? 'Settings' : 'MacroParameters', short],
        message: `${short} applies to ${applies} load balancers; "${name}" is a ${type} load balancer, so it is ignored`,
        hint: `remove ${short}`,
      });
      continue;
    }
    attrs.set(key, fmt(settings[short]));
  }
  if (typeof settings.S3Logs === 'string') {
    const [bucket, ...rest] = settings.S3Logs.split(':');
    attrs.set('access_logs.s3.enabled', 'true');
    attrs.set('access_logs.s3.bucket', bucket);
    const prefix = rest.join(':').replace(/^\/+|\/+$/g, '');
    if (prefix) attrs.set('access_logs.s3.prefix', prefix);
  }
  const props = isMapping(def.Properties) ? def.Properties : {};
  if (Array.isArray(props.LoadBalancerAttributes)) for (const a of props.LoadBalancerAttributes as Mapping[]) attrs.set(String(a.Key), String(a.Value));
  else if (isMapping(props.LoadBalancerAttributes)) for (const [k, v] of Object.entries(props.LoadBalancerAttributes)) attrs.set(k, String(v));
  if (attrs.size === 0) return undefined;
  return [...attrs].map(([Key, Value]) => ({ Key, Value }));
}

/**
 * `Ingress` of the load balancer (MacroParameters or Settings): ExtSources (CIDR) and
 * AwsSources (security groups / prefix lists, by id or looked up, recorded key
 * `x-elbv2::<lb>::AwsSources::<i>`) on the listener ports, as rules of its security group.
 */
export function ingressRules(ctx: RenderContext, stack: ModuleStack, lb: Balancer, listeners: { port: number; protocol: string }[], r: Reporter): void {
  const settingsKey = isMapping(lb.def.Settings) && isMapping(lb.def.Settings.Ingress) ? 'Settings' : 'MacroParameters';
  const ingress = settingsOf(lb.def).Ingress;
  const base = ['x-elbv2', lb.name, settingsKey, 'Ingress'];
  const sgId = logicalId(lb.id, 'SecurityGroup');
  if (lb.lookedUp) {
    if (isMapping(ingress)) r.warn({ code: 'CXE2002', path: base, message: `the security group of the looked-up load balancer "${lb.name}" is not changed; Ingress is ignored`, hint: 'manage the ingress of an existing load balancer where it is defined' });
    return;
  }
  if (!isMapping(ingress) || ![...list(ingress.ExtSources), ...list(ingress.AwsSources)].length) {
    r.warn({
      code: 'CXE2003',
      path: ['x-elbv2', lb.name],
      message: `load balancer "${lb.name}" has no Ingress: nothing can reach its listeners`,
      hint: 'add MacroParameters.Ingress.ExtSources (e.g. - IPv4: 0.0.0.0/0 for a public site) or AwsSources',
    });
    return;
  }
  const rules: Record<string, CfnValue>[] = [];
  const portsOf = (src: Mapping, path: KeyPath) => {
    if (!Array.isArray(src.Ports)) return listeners;
    const known = listeners.map((l) => l.port);
    (src.Ports as unknown[]).forEach((p, i) => {
      if (!known.includes(Number(p))) {
        r.error({ code: 'CXE1120', path: [...path, 'Ports', i], message: `port ${String(p)} is not a listener port of load balancer "${lb.name}"`, expected: `one of: ${listOf(known.map(String))}` });
      }
    });
    return listeners.filter((l) => (src.Ports as unknown[]).map(Number).includes(l.port));
  };
  const describe = (src: Mapping, path: KeyPath, fallback: string): string | undefined => {
    if (typeof src.Description !== 'string') return ruleDescription(fallback);
    const problem = descriptionProblem(src.Description);
    if (!problem) return src.Description;
    r.error({ code: 'CXN1002', path: [...path, 'Description'], message: `this security group rule description is not accepted by EC2: ${problem}`, expected: 'up to 255 characters among a-z A-Z 0-9 space and ._-:/()#,@[]+=&;{}!$*' });
    return undefined;
  };
  list(ingress.ExtSources).forEach((src, i) => {
    if (!isMapping(src)) return;
    const path = [...base, 'ExtSources', i];
    const v6 = typeof src.IPv6 === 'string';
    const cidr = String(v6 ? src.IPv6 : src.IPv4);
    const check = v6 ? checkIpv6Cidr(cidr) : checkIpv4Cidr(cidr);
    if (!check.ok) {
      r.error({ code: 'CXN1001', path: [...path, v6 ? 'IPv6' : 'IPv4'], message: `${cidr} is not a valid ${v6 ? 'IPv6' : 'IPv4'} CIDR block`, expected: v6 ? 'e.g. ::/0' : 'e.g. 0.0.0.0/0 or 203.0.113.7/32', hint: check.reason === 'host-bits' ? `write the network address ${check.network}` : undefined });
      return;
    }
    for (const l of portsOf(src, path)) {
      for (const proto of ipProtocols(l.protocol)) {
        const d = describe(src, path, `From ${typeof src.Name === 'string' ? src.Name : cidr} to ${lb.name} on ${l.port}/${proto}`);
        if (d === undefined) return;
        rules.push({ [v6 ? 'CidrIpv6' : 'CidrIp']: cidr, IpProtocol: proto, FromPort: l.port, ToPort: l.port, Description: d });
      }
    }
  });
  list(ingress.AwsSources).forEach((src, i) => {
    if (!isMapping(src)) return;
    const path = [...base, 'AwsSources', i];
    const prefix = src.Type === 'PrefixList' ? 'pl-' : 'sg-';
    const id = typeof src.Id === 'string' ? src.Id : isMapping(src.Lookup) ? lookUpId(ctx, `x-elbv2::${lb.name}::AwsSources::${i}`, src.Lookup, prefix, [...path, 'Lookup'], r) : undefined;
    if (id === undefined) return;
    if (!isAwsId(id, prefix)) {
      r.error({ code: 'CXN1009', path: [...path, 'Id'], message: `${id} is not a valid ${prefix === 'pl-' ? 'prefix list' : 'security group'} id`, expected: `${prefix} followed by 8 or 17 hexadecimal digits` });
      return;
    }
    for (const l of portsOf(src, path)) {
      for (const proto of ipProtocols(l.protocol)) {
        const d = describe(src, path, `From ${id} to ${lb.name} on ${l.port}/${proto}`);
        if (d === undefined) return;
        rules.push({ [prefix === 'pl-' ? 'SourcePrefixListId' : 'SourceSecurityGroupId']: id, IpProtocol: proto, FromPort: l.port, ToPort: l.port, Description: d });
      }
    }
  });
  const ids = new Map<string, string>();
  for (const rule of rules) {
    const body = JSON.stringify({ ...rule, Description: undefined });
    if ([...ids.values()].includes(body)) continue;
    const source = String(rule.CidrIp ?? rule.CidrIpv6 ?? rule.SourceSecurityGroupId ?? rule.SourcePrefixListId);
    let id = logicalId(lb.id, 'From', source, 'On', String(rule.FromPort), String(rule.IpProtocol));
    for (let n = 2; ids.has(id); n++) id = logicalId(lb.id, 'From', source, 'On', String(rule.FromPort), String(rule.IpProtocol), String(n));
    ids.set(id, body);
    stack.add(id, { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: getAtt(sgId, 'GroupId'), ...rule } });
  }
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
