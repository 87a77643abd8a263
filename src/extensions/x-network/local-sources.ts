/**
 * Ingress rules whose source needs nothing from another family stack, written into the
 * family's own template: `Myself` (the family's tasks talk to each other), `ExtSources` (CIDR
 * blocks) and `AwsSources` (existing security groups or prefix lists, given or looked up).
 *
 * Lookup of an AwsSource: recorded key `x-network::<service>::AwsSources::<index>` (the service
 * and index where it is written), request = the Lookup mapping, result `{"Id": "sg-..." | "pl-..."}`.
 */
import { literal, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId, nonAlnum } from '../../cfn/logical-id.js';
import { isMapping, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import { checkIpv4Cidr, checkIpv6Cidr } from './cidr.js';
import { portsFor, title } from './ports.js';
import type { KeyPath, Problem, Reporter } from './report.js';
import { addIngressRule, descriptionProblem, ruleDescription } from './rules.js';

export interface LookupResultId {
  Id: string;
}

export function myselfRules(fs: FamilyStack): void {
  for (const p of fs.ports) {
    addIngressRule(fs, logicalId('AllowingInterCommunicationPort', String(p.port), p.protocol), {
      GroupId: fs.securityGroupId,
      SourceSecurityGroupId: fs.securityGroupId,
      IpProtocol: p.protocol,
      FromPort: p.port,
      ToPort: p.port,
      Description: `Internal traffic on ${p.port}/${p.protocol}`,
    });
  }
}

export function extSourceRules(fs: FamilyStack, src: Mapping, path: KeyPath, r: Reporter): void {
  const v6 = typeof src.IPv6 === 'string';
  const cidr = String(v6 ? src.IPv6 : src.IPv4);
  const key = v6 ? 'IPv6' : 'IPv4';
  const check = v6 ? checkIpv6Cidr(cidr) : checkIpv4Cidr(cidr);
  if (!check.ok) {
    r.error({
      code: 'CXN1001',
      path: [...path, key],
      message: check.reason === 'format' ? `${cidr} is not an ${key} CIDR block` : `${cidr} has host bits set`,
      expected: v6 ? 'an IPv6 CIDR block, e.g. 2001:db8::/32 or ::/0' : 'an IPv4 CIDR block, e.g. 10.0.0.0/16 or 203.0.113.7/32',
      hint:
        check.reason === 'host-bits'
          ? `write the network address ${check.network}, or /${v6 ? 128 : 32} for the single address`
          : 'an address followed by / and the prefix length',
    });
    return;
  }
  const description = userDescription(src, path, r);
  const name = typeof src.Name === 'string' ? src.Name : undefined;
  for (const p of portsFor(fs, src.Ports, [...path, 'Ports'], r)) {
    const id = name
      ? logicalId('From', title(nonAlnum(name)), 'To', String(p.port), p.protocol)
      : logicalId(v6 ? 'FromIpv6' : 'From', cidr, 'To', String(p.port), p.protocol);
    addIngressRule(fs, id, {
      GroupId: fs.securityGroupId,
      [v6 ? 'CidrIpv6' : 'CidrIp']: cidr,
      IpProtocol: p.protocol,
      FromPort: p.port,
      ToPort: p.port,
      Description:
        description ??
        ruleDescription(name ? `From ${name} to ${p.port}/${p.protocol} for ${fs.family.name}` : `From ${cidr} to ${p.port}/${p.protocol} for ${fs.family.name}`),
    });
  }
}

export function awsSourceRules(ctx: RenderContext, fs: FamilyStack, service: string, index: number, src: Mapping, path: KeyPath, r: Reporter): void {
  const type = src.Type === 'PrefixList' ? 'PrefixList' : 'SecurityGroup';
  const prefix = type === 'PrefixList' ? 'pl-' : 'sg-';
  let id: string | undefined;
  if (typeof src.Id === 'string') {
    id = src.Id;
    if (id.startsWith(prefix) && !isAwsId(id, prefix)) {
      r.error(badIdFormat(id, prefix, [...path, 'Id']));
      return;
    }
    if (!id.startsWith(prefix)) {
      r.error({
        code: 'CXN1004',
        path: [...path, 'Id'],
        message: `${id} is not a ${type === 'PrefixList' ? 'prefix list' : 'security group'} id`,
        expected: `an id starting with ${prefix}`,
        hint: `Type is ${type}; set Type: ${type === 'PrefixList' ? 'SecurityGroup' : 'PrefixList'} if ${id} is what you meant`,
      });
      return;
    }
  } else if (isMapping(src.Lookup)) {
    id = lookUpId(ctx, `x-network::${service}::AwsSources::${index}`, src.Lookup, prefix, [...path, 'Lookup'], r);
    if (id === undefined) return;
  } else return;
  if (type === 'PrefixList' && typeof src.AccountOwner === 'string') {
    r.error({
      code: 'CXN1005',
      path: [...path, 'AccountOwner'],
      message: 'AccountOwner applies to security groups only',
      expected: 'no AccountOwner on a PrefixList source',
      hint: 'a prefix list shared from another account is referenced by its id alone',
    });
    return;
  }
  const description = userDescription(src, path, r);
  for (const p of portsFor(fs, src.Ports, [...path, 'Ports'], r)) {
    addIngressRule(fs, logicalId('From', id, 'To', String(p.port), p.protocol), {
      GroupId: fs.securityGroupId,
      SourceSecurityGroupId: type === 'SecurityGroup' ? id : undefined,
      SourceSecurityGroupOwnerId: type === 'SecurityGroup' && typeof src.AccountOwner === 'string' ? src.AccountOwner : undefined,
      SourcePrefixListId: type === 'PrefixList' ? id : undefined,
      IpProtocol: p.protocol,
      FromPort: p.port,
      ToPort: p.port,
      Description: description ?? ruleDescription(`From ${id} to ${p.port}/${p.protocol} for ${fs.family.name}`),
    });
  }
}

/** The recorded `{Id}` of a lookup, checked to be of the expected kind (`sg-` / `pl-`). */
export function lookUpId(ctx: RenderContext, key: string, request: Mapping, prefix: string, path: KeyPath, r: Reporter): string | undefined {
  const got = ctx.lookups.get<LookupResultId>(key, request, undefined, '');
  if ('error' in got) {
    r.error({ code: got.error.code, path, message: got.error.message, expected: got.error.expected, hint: got.error.hint });
    return undefined;
  }
  const id = isMapping(got.result) ? got.result.Id : undefined;
  if (typeof id !== 'string' || !isAwsId(id, prefix)) {
    r.error({
      code: 'CXN1006',
      path,
      message: `the recorded result of lookup ${key} has no ${prefix}... Id`,
      expected: `{"Id": "${prefix}..."}`,
      hint: 'record the lookup again',
    });
    return undefined;
  }
  return id;
}

/** EC2 ids: the prefix then 8 or 17 lowercase hex digits. */
export function isAwsId(id: string, prefix: string): boolean {
  return id.startsWith(prefix) && /^([0-9a-f]{8}|[0-9a-f]{17})$/.test(id.slice(prefix.length));
}

export function badIdFormat(id: string, prefix: string, path: KeyPath): Problem {
  return {
    code: 'CXN1009',
    path,
    message: `${id} is not a valid ${prefix === 'pl-' ? 'prefix list' : 'security group'} id`,
    expected: `${prefix} followed by 8 or 17 hexadecimal digits, e.g. ${prefix}0123456789abcdef0`,
  };
}

function userDescription(src: Mapping, path: KeyPath, r: Reporter): CfnValue | undefined {
  if (typeof src.Description !== 'string') return undefined;
  const problem = descriptionProblem(src.Description);
  if (problem) {
    r.error({
      code: 'CXN1002',
      path: [...path, 'Description'],
      message: `this security group rule description is not accepted by EC2: ${problem}`,
      expected: 'up to 255 characters among a-z A-Z 0-9 space and ._-:/()#,@[]+=&;{}!$*',
    });
    return undefined;
  }
  return literal(src.Description);
}
