/**
 * Where services run: the VPC (looked up from recorded results, or a new `vpc` stack) and the
 * subnet group of each family (AppSubnets, unless a compose network the family joins maps to
 * another group with `networks.<net>.x-vpc: <Group>`).
 */
import { getAtt } from '../cfn/intrinsics.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../load/positions.js';
import type { RecordedLookups } from '../lookups/recorded.js';
import { normalizeRequest } from '../lookups/requests.js';
import type { FamilyModel } from '../model/types.js';
import type { NetworkInfo } from './context.js';
import type { NestedStack } from './stack.js';
import type { TagSet } from './tags.js';
import { buildVpcStack, DEFAULT_VPC, parseCidr, SUBNET_GROUPS, type VpcOptions } from './vpc.js';

export interface VpcLookupResult {
  VpcId: string;
  /** Subnet group → subnets (id and availability zone). */
  Subnets: Record<string, { SubnetId: string; AvailabilityZone?: string; AvailabilityZoneId?: string }[]>;
}

export function resolveNetwork(
  doc: Mapping,
  families: FamilyModel[],
  lookups: RecordedLookups,
  tags: TagSet,
  stacks: Map<string, NestedStack>,
  bag: DiagnosticBag,
): NetworkInfo {
  const x = isMapping(doc['x-vpc']) ? doc['x-vpc'] : undefined;
  let info: NetworkInfo;
  if (x && isMapping(x.Lookup)) {
    const path = ['x-vpc', 'Lookup'];
    const r = lookups.get<VpcLookupResult>('x-vpc', normalizeRequest(x.Lookup), posAt(doc, path), formatPath(path));
    if ('error' in r) {
      bag.add(r.error);
      info = { vpcId: '', subnets: {}, lookedUp: true };
    } else {
      const subnets: Record<string, string> = {};
      const subnetCounts: Record<string, number> = {};
      for (const [group, list] of Object.entries(r.result.Subnets ?? {})) {
        subnets[group] = list.map((s) => s.SubnetId).join(',');
        subnetCounts[group] = list.length;
      }
      info = { vpcId: r.result.VpcId, subnets, subnetCounts, lookedUp: true };
    }
  } else {
    const opts = vpcOptions(x, doc, bag);
    const stack = buildVpcStack(opts, tags);
    stacks.set(stack.id, stack);
    const subnets: Record<string, ReturnType<typeof getAtt>> = {};
    const subnetCounts: Record<string, number> = {};
    for (const g of SUBNET_GROUPS) {
      subnets[g] = getAtt('vpc', `Outputs.${g}`);
      subnetCounts[g] = Math.min(opts.azCount, 3);
    }
    info = { vpcId: getAtt('vpc', 'Outputs.VpcId'), subnets, subnetCounts, lookedUp: false, stackId: 'vpc' };
  }
  assignSubnetGroups(doc, families, info, bag);
  return info;
}

function vpcOptions(x: Mapping | undefined, doc: Mapping, bag: DiagnosticBag): VpcOptions {
  const props = x && isMapping(x.Properties) ? x.Properties : {};
  const base = ['x-vpc', 'Properties'];
  const at = (...p: (string | number)[]) => ({ path: formatPath([...base, ...p]), pos: posAt(doc, [...base, ...p]) });
  const opts: VpcOptions = { ...DEFAULT_VPC, endpoints: [] };
  if (typeof props.AvailabilityZones === 'number') opts.azCount = props.AvailabilityZones;
  if (typeof props.VpcCidr === 'string') {
    const c = parseCidr(props.VpcCidr);
    if (!c || c.prefix < 16 || c.prefix > 24) {
      bag.error({
        code: 'CXR1040',
        message: `invalid VPC CIDR ${props.VpcCidr}`,
        ...at('VpcCidr'),
        expected: 'an IPv4 network address with a prefix between /16 and /24, e.g. 10.0.0.0/16',
        hint: c ? 'the prefix must be between /16 and /24' : `the address must be the first address of the block, e.g. ${networkOf(props.VpcCidr) ?? '10.0.0.0/16'}`,
      });
    } else opts.cidr = props.VpcCidr;
  }
  if (props.SingleNat === false) opts.singleNat = false;
  if (props.DisableNat === true) opts.disableNat = true;
  const endpoints = isMapping(props.Endpoints) && Array.isArray(props.Endpoints.AwsServices) ? props.Endpoints.AwsServices : [];
  endpoints.forEach((e, i) => {
    if (!isMapping(e) || typeof e.service !== 'string') return;
    const service = e.service.toLowerCase();
    if (opts.endpoints.includes(service)) {
      bag.error({ code: 'CXR1042', message: `VPC endpoint ${service} is listed twice`, ...at('Endpoints', 'AwsServices', i, 'service'), hint: 'list each service once' });
      return;
    }
    opts.endpoints.push(service);
  });
  if (props.EnableFlowLogs === true) opts.flowLogs = true;
  if (typeof props.FlowLogsRoleBoundary === 'string') {
    if (opts.flowLogs) opts.flowLogsRoleBoundary = props.FlowLogsRoleBoundary;
    else bag.warn({ code: 'CXR2041', message: 'x-vpc.Properties.FlowLogsRoleBoundary is ignored: flow logs are not enabled', ...at('FlowLogsRoleBoundary'), hint: 'set EnableFlowLogs: true' });
  }
  if (isMapping(props.DHCPOptions) && typeof props.DHCPOptions.DomainName === 'string') opts.domainName = props.DHCPOptions.DomainName;
  return opts;
}

/** The network address of a CIDR with host bits set (10.0.0.1/16 → 10.0.0.0/16). */
function networkOf(cidr: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return undefined;
  const prefix = Number(m[5]);
  const ip = m.slice(1, 5).map(Number).reduce((a, b) => a * 256 + b, 0);
  const size = 2 ** (32 - prefix);
  const net = Math.floor(ip / size) * size;
  return `${[24, 16, 8, 0].map((sh) => Math.floor(net / 2 ** sh) % 256).join('.')}/${prefix}`;
}

function assignSubnetGroups(doc: Mapping, families: FamilyModel[], info: NetworkInfo, bag: DiagnosticBag): void {
  const networks = isMapping(doc.networks) ? doc.networks : {};
  const groups = Object.keys(info.subnets);
  const mapped = new Map<string, string>();
  for (const [net, def] of Object.entries(networks)) {
    if (!isMapping(def) || typeof def['x-vpc'] !== 'string') continue;
    const group = def['x-vpc'];
    const path = ['networks', net, 'x-vpc'];
    if (info.lookedUp && groups.length === 0) continue; // lookup error already reported
    if (!groups.includes(group)) {
      bag.error({
        code: 'CXR1041',
        message: `network "${net}" maps to subnet group ${group}, which the VPC does not have`,
        path: formatPath(path),
        pos: posAt(doc, path),
        expected: `one of: ${groups.join(', ')}`,
        hint: info.lookedUp ? `add ${group} to x-vpc.Lookup` : 'a new VPC has AppSubnets, PublicSubnets and StorageSubnets; look up an existing VPC for other groups',
      });
      continue;
    }
    mapped.set(net, group);
  }
  const joined = new Set<string>();
  for (const f of families) {
    let chosen: { service: string; net: string; group: string } | undefined;
    for (const s of f.services) {
      const svc = (doc.services as Mapping)[s];
      const nets = isMapping(svc) && isMapping(svc.networks) ? Object.keys(svc.networks) : [];
      for (const n of nets) joined.add(n);
      for (const n of nets.filter((x) => mapped.has(x))) {
        const group = mapped.get(n) as string;
        if (!chosen) chosen = { service: s, net: n, group };
        else if (group !== chosen.group) {
          const path = ['services', s, 'networks', n];
          bag.warn({
            code: 'CXR2042',
            message: `task family "${f.name}" joins networks in different subnet groups (${chosen.net}: ${chosen.group}, ${n}: ${group}); it runs in ${chosen.group}`,
            path: formatPath(path),
            pos: posAt(doc, path),
            hint: 'the tasks of a family run in one subnet group: join only networks of the same group',
          });
        }
      }
    }
    if (chosen) f.subnetGroup = chosen.group;
  }
  for (const [net, group] of mapped) {
    if (joined.has(net)) continue;
    const path = ['networks', net, 'x-vpc'];
    bag.warn({
      code: 'CXR2040',
      message: `network "${net}" maps to ${group} but no service joins it; services run in AppSubnets`,
      path: formatPath(path),
      pos: posAt(doc, path),
      hint: `add \`networks: [${net}]\` to the services that should run in ${group}`,
    });
  }
}
