/**
 * Where services run: the VPC (looked up from recorded results, or a new `vpc` stack) and the
 * subnet group of each family (AppSubnets, unless a compose network the family joins maps to
 * another group with `networks.<net>.x-vpc: <Group>`).
 */
import { getAtt } from '../cfn/intrinsics.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../load/positions.js';
import type { RecordedLookups } from '../lookups/recorded.js';
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
    const r = lookups.get<VpcLookupResult>('x-vpc', x.Lookup, posAt(doc, path), formatPath(path));
    if ('error' in r) {
      bag.add(r.error);
      info = { vpcId: '', subnets: {}, lookedUp: true };
    } else {
      const subnets: Record<string, string> = {};
      for (const [group, list] of Object.entries(r.result.Subnets ?? {})) subnets[group] = list.map((s) => s.SubnetId).join(',');
      info = { vpcId: r.result.VpcId, subnets, lookedUp: true };
    }
  } else {
    const opts = vpcOptions(x, doc, bag);
    const stack = buildVpcStack(opts, tags);
    stacks.set(stack.id, stack);
    const subnets: Record<string, ReturnType<typeof getAtt>> = {};
    for (const g of SUBNET_GROUPS) subnets[g] = getAtt('vpc', `Outputs.${g}`);
    info = { vpcId: getAtt('vpc', 'Outputs.VpcId'), subnets, lookedUp: false, stackId: 'vpc' };
  }
  assignSubnetGroups(doc, families, info, bag);
  return info;
}

function vpcOptions(x: Mapping | undefined, doc: Mapping, bag: DiagnosticBag): VpcOptions {
  const props = x && isMapping(x.Properties) ? x.Properties : {};
  const opts: VpcOptions = { ...DEFAULT_VPC };
  if (typeof props.VpcCidr === 'string') {
    const c = parseCidr(props.VpcCidr);
    if (!c || c.prefix < 16 || c.prefix > 24) {
      const path = ['x-vpc', 'Properties', 'VpcCidr'];
      bag.error({
        code: 'CXR1040',
        message: `invalid VPC CIDR ${props.VpcCidr}`,
        path: formatPath(path),
        pos: posAt(doc, path),
        expected: 'an IPv4 network address with a prefix between /16 and /24, e.g. 10.0.0.0/16',
        hint: c ? 'the prefix must be between /16 and /24' : 'the address must be the network address of the block',
      });
    } else opts.cidr = props.VpcCidr;
  }
  if (props.SingleNat === false) opts.singleNat = false;
  if (props.DisableNat === true) opts.disableNat = true;
  return opts;
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
    for (const s of f.services) {
      const svc = (doc.services as Mapping)[s];
      const nets = isMapping(svc) && isMapping(svc.networks) ? Object.keys(svc.networks) : [];
      for (const n of nets) joined.add(n);
      const m = nets.find((n) => mapped.has(n));
      if (m && f.subnetGroup === 'AppSubnets') f.subnetGroup = mapped.get(m) as string;
    }
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
