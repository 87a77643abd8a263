/**
 * Top-level `x-cloudmap.<key>`: the Cloud Map private DNS namespaces services register in.
 * New ones are AWS::ServiceDiscovery::PrivateDnsNamespace resources (logical ID NONALNUM(key))
 * of the nested stack `cloudmap`, in the services' VPC, with outputs `<id>Id`, `<id>Arn`,
 * `<id>HostedZoneId` and `<id>Name`. Looked-up ones come from recorded lookups:
 * key `x-cloudmap::<key>`, request `{"Name": <zone name>, ...<Lookup mapping>}`, result
 * `{"NamespaceId", "NamespaceArn", "ZoneName", "HostedZoneId", "VpcId"}`; a private namespace
 * belongs to one VPC, so it must be the VPC the services run in.
 */
import { getAtt, ref, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { isMapping, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { NestedStack } from '../../synth/stack.js';
import { listOf, type Reporter } from '../x-network/report.js';

export const CLOUDMAP_STACK = 'cloudmap';

export interface NamespaceLookupResult {
  NamespaceId: string;
  NamespaceArn: string;
  ZoneName: string;
  HostedZoneId: string;
  VpcId: string;
}

export interface Namespace {
  key: string;
  zoneName: string;
  /** Namespace id as the root passes it to a family stack. */
  id: CfnValue;
  /** Stack creating the namespace, when new. */
  stackId?: string;
  /** Namespace id inside the `cloudmap` stack. */
  localId: CfnValue;
}

const resolved = new WeakMap<RenderContext, Map<string, Namespace | undefined>>();

/** The namespaces x-cloudmap resolved in this render (it runs before the resource modules). */
export function namespacesOf(ctx: RenderContext): Map<string, Namespace | undefined> {
  return resolved.get(ctx) ?? new Map();
}

/** The `cloudmap` nested stack of this render, created on first use. */
export function cloudMapStack(ctx: RenderContext): NestedStack {
  return ctx.stacks.get(CLOUDMAP_STACK) ?? newStack(ctx);
}

const NAMESPACE_PROPERTIES = ['Description', 'Name', 'Properties', 'Tags'];

/** Every declared key → its namespace, or undefined when it is unusable (the error is reported). */
export function resolveNamespaces(ctx: RenderContext, r: Reporter): Map<string, Namespace | undefined> {
  const out = new Map<string, Namespace | undefined>();
  const decl = isMapping(ctx.doc['x-cloudmap']) ? ctx.doc['x-cloudmap'] : {};
  const ids = new Map<string, string>();
  const zones = new Map<string, string>();
  let stack: NestedStack | undefined;
  for (const [key, def] of Object.entries(decl)) {
    if (!isMapping(def)) continue;
    const path = ['x-cloudmap', key];
    out.set(key, undefined);
    const zoneName = String(def.Name ?? def.ZoneName);
    const zone = normalizeZone(zoneName);
    const sameZone = zones.get(zone);
    if (sameZone !== undefined) {
      r.error({
        code: 'CXN1101',
        path: [...path, def.Name !== undefined ? 'Name' : 'ZoneName'],
        message: `namespace ${zoneName} is already declared as x-cloudmap.${sameZone}`,
        expected: 'one x-cloudmap entry per DNS namespace',
        hint: `register the services in x-cloudmap.${sameZone}`,
      });
      continue;
    }
    zones.set(zone, key);
    if (def.Lookup !== undefined && def.Lookup !== false) {
      out.set(key, lookUp(ctx, key, zoneName, def, r));
      continue;
    }
    const id = logicalId(key);
    const clash = ids.get(id);
    if (clash !== undefined) {
      r.error({
        code: 'CXN1102',
        path,
        message: `x-cloudmap.${key} and x-cloudmap.${clash} would both be named ${id} in the template`,
        expected: 'keys that differ in their letters and digits',
        hint: `rename one of them (only letters and digits of a key are kept)`,
      });
      continue;
    }
    ids.set(id, key);
    const props = checkedProperties(def, zoneName, path, r);
    if (!props) continue;
    stack ??= newStack(ctx);
    stack.add(id, {
      Type: 'AWS::ServiceDiscovery::PrivateDnsNamespace',
      Properties: { ...props, Name: zoneName, Vpc: stack.input('VpcId', { Type: 'AWS::EC2::VPC::Id', Description: 'VPC of the namespaces' }, ctx.network.vpcId) },
    });
    stack.template.addOutput(`${id}Id`, { Value: getAtt(id, 'Id') });
    stack.template.addOutput(`${id}Arn`, { Value: getAtt(id, 'Arn') });
    stack.template.addOutput(`${id}HostedZoneId`, { Value: getAtt(id, 'HostedZoneId') });
    stack.template.addOutput(`${id}Name`, { Value: zoneName });
    out.set(key, { key, zoneName, id: getAtt(CLOUDMAP_STACK, `Outputs.${id}Id`), stackId: CLOUDMAP_STACK, localId: ref(id) });
  }
  resolved.set(ctx, out);
  return out;
}

function newStack(ctx: RenderContext): NestedStack {
  const stack = new NestedStack(CLOUDMAP_STACK, 'Cloud Map private DNS namespaces', ctx.tags);
  if (ctx.network.stackId) stack.dependsOn.add(ctx.network.stackId);
  ctx.stacks.set(stack.id, stack);
  return stack;
}

/** User Properties of a new namespace, or undefined (after reporting) when they conflict. */
function checkedProperties(def: Mapping, zoneName: string, path: string[], r: Reporter): Mapping | undefined {
  const props = isMapping(def.Properties) ? def.Properties : {};
  let ok = true;
  for (const k of Object.keys(props)) {
    if (k === 'Vpc') {
      r.error({
        code: 'CXN1103',
        path: [...path, 'Properties', k],
        message: 'the namespace VPC cannot be chosen here',
        expected: 'no Properties.Vpc',
        hint: 'a new namespace is created in the VPC the services run in (x-vpc); remove Properties.Vpc',
      });
      ok = false;
    } else if (k === 'Name' && props.Name !== zoneName) {
      r.error({
        code: 'CXN1104',
        path: [...path, 'Properties', k],
        message: `Properties.Name ${String(props.Name)} differs from the namespace name ${zoneName}`,
        expected: `${zoneName}, or no Properties.Name`,
        hint: 'the name is given once, by Name (or ZoneName)',
      });
      ok = false;
    } else if (!NAMESPACE_PROPERTIES.includes(k)) {
      r.error({
        code: 'CXN1105',
        path: [...path, 'Properties', k],
        message: `${k} is not a property of AWS::ServiceDiscovery::PrivateDnsNamespace`,
        expected: `one of: ${listOf(NAMESPACE_PROPERTIES.filter((p) => p !== 'Name'))}`,
      });
      ok = false;
    }
  }
  return ok ? props : undefined;
}

function lookUp(ctx: RenderContext, key: string, zoneName: string, def: Mapping, r: Reporter): Namespace | undefined {
  const path = ['x-cloudmap', key, 'Lookup'];
  const request = { Name: zoneName, ...(isMapping(def.Lookup) ? def.Lookup : {}) };
  const got = ctx.lookups.get<NamespaceLookupResult>(`x-cloudmap::${key}`, request, undefined, '');
  if ('error' in got) {
    r.error({ code: got.error.code, path, message: got.error.message, expected: got.error.expected, hint: got.error.hint });
    return undefined;
  }
  const res = got.result;
  if (!isMapping(res) || typeof res.NamespaceId !== 'string' || typeof res.VpcId !== 'string' || typeof res.ZoneName !== 'string') {
    r.error({
      code: 'CXN1106',
      path,
      message: `the recorded result of lookup x-cloudmap::${key} is incomplete`,
      expected: '{"NamespaceId", "NamespaceArn", "ZoneName", "HostedZoneId", "VpcId"}',
      hint: 'record the lookup again',
    });
    return undefined;
  }
  if (normalizeZone(res.ZoneName) !== normalizeZone(zoneName)) {
    r.error({
      code: 'CXN1107',
      path,
      message: `the recorded namespace ${res.NamespaceId} is ${res.ZoneName}, not ${zoneName}`,
      expected: `a recorded result for ${zoneName}`,
      hint: 'record the lookup again',
    });
    return undefined;
  }
  if (!ctx.network.lookedUp) {
    r.error({
      code: 'CXN1108',
      path,
      message: `namespace ${zoneName} is in ${res.VpcId}, but the services run in a VPC this project creates`,
      expected: `x-vpc.Lookup of ${res.VpcId}, or a new namespace (no Lookup)`,
      hint: 'a private DNS namespace serves one VPC: look up its VPC with x-vpc, or let compose-x create the namespace',
    });
    return undefined;
  }
  if (ctx.network.vpcId !== res.VpcId) {
    r.error({
      code: 'CXN1109',
      path,
      message: `namespace ${zoneName} is in ${res.VpcId}, but the services run in ${String(ctx.network.vpcId)}`,
      expected: `a namespace of ${String(ctx.network.vpcId)}`,
      hint: 'a private DNS namespace serves one VPC: look up the namespace of the services\' VPC, or create one (no Lookup)',
    });
    return undefined;
  }
  return { key, zoneName, id: res.NamespaceId, localId: res.NamespaceId };
}

function normalizeZone(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}
