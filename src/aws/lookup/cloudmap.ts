/**
 * `x-cloudmap::<key>` lookup: a private DNS namespace, by NamespaceId (servicediscovery:
 * GetNamespace) or by name (ListNamespaces filtered on DNS_PRIVATE, every page; exactly one with
 * that name). Public DNS and HTTP namespaces are refused. The VPC of a private namespace is the
 * VPC of its Route 53 hosted zone, which Cloud Map does not return: it is filled by the optional
 * `hostedZoneVpcs` function (route53:GetHostedZone); without one, the result has no VpcId and a
 * warning asks to add it to the lookup file by hand.
 * Result `{NamespaceId, NamespaceArn, ZoneName, HostedZoneId, VpcId}`.
 */
import { GetNamespaceCommand, ListNamespacesCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { awsErrorName } from '../errors.js';
import { allPages, type LookupContext } from './context.js';

export interface NamespaceResult {
  NamespaceId: string;
  NamespaceArn: string;
  ZoneName: string;
  HostedZoneId: string;
  VpcId?: string;
}

/** The VPC ids a private hosted zone is associated with. */
export type HostedZoneVpcs = (hostedZoneId: string, ctx: LookupContext) => Promise<string[]>;

const zone = (n: string): string => n.toLowerCase().replace(/\.$/, '');

export async function resolveNamespace(ctx: LookupContext, hostedZoneVpcs?: HostedZoneVpcs): Promise<NamespaceResult> {
  const req = ctx.req.request;
  const name = String(req.Name);
  const sd = ctx.client(ServiceDiscoveryClient);
  let id: string;
  if (typeof req.NamespaceId === 'string') {
    id = req.NamespaceId;
  } else {
    const pages = await ctx.call('servicediscovery:ListNamespaces', () =>
      allPages((token) => sd.send(new ListNamespacesCommand({ Filters: [{ Name: 'TYPE', Values: ['DNS_PRIVATE'], Condition: 'EQ' }], ...(token ? { NextToken: token } : {}) }))),
    );
    const all = pages.flatMap((p) => p.Namespaces ?? []).filter((n) => n.Id && n.Name);
    const hits = all.filter((n) => zone(n.Name as string) === zone(name));
    if (hits.length === 0) {
      throw ctx.error('CXK1101', `no private DNS namespace named ${name} in ${ctx.session.region}`, {
        expected: all.length ? `one of: ${all.map((n) => `${n.Name} (${n.Id})`).join(', ')}` : 'an existing private DNS namespace (the region has none)',
        hint: 'check the namespace name, or create it by removing the Lookup',
      });
    }
    if (hits.length > 1) {
      throw ctx.error('CXK1102', `${hits.length} private DNS namespaces are named ${name}`, {
        expected: `exactly one; candidates: ${hits.map((n) => `${n.Id} (${n.Arn})`).join('; ')}`,
        hint: 'give the NamespaceId in the Lookup',
      });
    }
    id = hits[0].Id as string;
  }
  const out = await ctx.call('servicediscovery:GetNamespace', async () => {
    try {
      return await sd.send(new GetNamespaceCommand({ Id: id }));
    } catch (e) {
      if (awsErrorName(e) === 'NamespaceNotFound') return undefined;
      throw e;
    }
  });
  const ns = out?.Namespace;
  if (!ns?.Id || !ns.Arn || !ns.Name) throw ctx.error('CXK1101', `namespace ${id} does not exist`, { expected: 'an existing private DNS namespace', hint: 'check the NamespaceId and the region' });
  if (ns.Type !== 'DNS_PRIVATE') {
    throw ctx.error('CXK1103', `namespace ${ns.Name} (${ns.Id}) is ${ns.Type ?? 'of an unknown type'}, not a private DNS namespace`, { expected: 'a private DNS namespace (DNS_PRIVATE)' });
  }
  if (zone(ns.Name) !== zone(name)) {
    throw ctx.error('CXK1103', `namespace ${ns.Id} is ${ns.Name}, not ${name}`, { expected: `the namespace of ${name}`, hint: 'make the NamespaceId and the Name (or ZoneName) agree' });
  }
  const hostedZoneId = ns.Properties?.DnsProperties?.HostedZoneId ?? '';
  const result: NamespaceResult = { NamespaceId: ns.Id, NamespaceArn: ns.Arn, ZoneName: ns.Name, HostedZoneId: hostedZoneId };
  const vpcs = hostedZoneVpcs && hostedZoneId ? await hostedZoneVpcs(hostedZoneId, ctx) : undefined;
  if (vpcs && vpcs.length > 0) result.VpcId = vpcs[0];
  else {
    ctx.warn('CXK2101', `the VPC of namespace ${ns.Name} (hosted zone ${hostedZoneId}) could not be looked up`, `add "VpcId": "vpc-..." to the result of ${ctx.req.key} in the lookup file`);
  }
  return result;
}
