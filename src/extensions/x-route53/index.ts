/**
 * x-route53: public or private hosted zones, looked up (recorded key `x-route53::<name>`) or
 * created in the nested stack `route53` (an addition: 1.x only looks zones up). Other modules
 * point at a zone with `x-route53::<name>`: x-acm for DNS validation, x-elbv2 `DnsAliases`
 * for alias records.
 *
 * Lookup request: `{ZoneName, ...Lookup mapping}` (`Lookup: true` → `{ZoneName}`); result
 * `{HostedZoneId, ZoneName, IsPrivateZone?}`.
 */
import { ref } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { isMapping, type Mapping } from '../../load/positions.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import { listOf, type KeyPath, type Reporter } from '../x-network/report.js';
import { moduleStack, recordedResult, resourcesOf, type StackValue } from '../x-elbv2/module-stack.js';
import { zoneRequest } from './request.js';

export const ROUTE53_STACK = 'route53';
export const ZONE_POINTER = 'x-route53::';

export interface Zone {
  name: string;
  /** The zone's domain name, without a trailing dot. */
  zoneName: string;
  id: StackValue;
}

export interface ZoneLookupResult {
  HostedZoneId: string;
  ZoneName?: string;
  IsPrivateZone?: boolean;
}

export const zonesOf = resourcesOf('x-route53', (ctx, name, def, r): Zone | undefined => {
  const zoneName = String(def.ZoneName ?? def.Name).replace(/\.$/, '');
  const request = zoneRequest(def);
  if (request) {
    const path = ['x-route53', name, 'Lookup'];
    const res = recordedResult(ctx, `x-route53::${name}`, request, path, r);
    if (!res) return undefined;
    const id = res.HostedZoneId;
    if (typeof id !== 'string' || !/^Z[A-Z0-9]+$/.test(id)) {
      r.error({ code: 'CXE1301', path, message: `the recorded result of lookup x-route53::${name} has no HostedZoneId`, expected: '{"HostedZoneId": "Z...", "ZoneName": "<domain>"}', hint: 'record the lookup again' });
      return undefined;
    }
    return { name, zoneName, id: { literal: id, param: logicalId('Route53', name, 'ZoneId'), description: `Id of hosted zone ${zoneName}` } };
  }
  const stack = moduleStack(ctx, ROUTE53_STACK, 'Route53 hosted zones');
  const id = logicalId('Zone', name);
  stack.add(id, { Type: 'AWS::Route53::HostedZone', Properties: { ...((isMapping(def.Properties) ? def.Properties : {}) as Mapping), Name: zoneName } as never });
  return { name, zoneName, id: { stack, output: `${id}Id`, value: ref(id), param: logicalId('Route53', name, 'ZoneId'), description: `Id of hosted zone ${zoneName}` } };
});

/**
 * The zone a `x-route53::<name>` pointer names, or undefined (reported) when the text is not a
 * pointer to a defined zone.
 */
export function zoneOf(ctx: RenderContext, pointer: string, path: KeyPath, r: Reporter): Zone | undefined {
  const zones = zonesOf(ctx);
  const name = pointer.startsWith(ZONE_POINTER) ? pointer.slice(ZONE_POINTER.length) : undefined;
  const zone = name === undefined ? undefined : zones.get(name);
  if (zone) return zone;
  const x = ctx.doc['x-route53'];
  if (name !== undefined && isMapping(x) && isMapping(x[name])) return undefined; // defined but unusable: reported already
  r.error({
    code: 'CXE1302',
    path,
    message: `${pointer} does not name a zone defined under x-route53`,
    expected: `x-route53::<zone>, one of: ${listOf([...zones.keys()].map((z) => ZONE_POINTER + z))}`,
    hint: 'define the zone under x-route53 (Lookup: true finds an existing zone by its name)',
  });
  return undefined;
}

/** True when `domain` is the zone's name or a name inside it. */
export function inZone(domain: string, zone: Zone): boolean {
  const d = domain.replace(/\.$/, '').toLowerCase().replace(/^\*\./, '');
  const z = zone.zoneName.toLowerCase();
  return d === z || d.endsWith(`.${z}`);
}

export const xRoute53: Extension = {
  name: 'x-route53',
  apply(ctx) {
    zonesOf(ctx);
  },
};
