/**
 * `Settings.x-cloudmap` of a module resource: registers the resource in an x-cloudmap namespace,
 * so that applications find it with Cloud Map's DiscoverInstances (and, for a resource with an
 * endpoint, by DNS). In the `cloudmap` stack, per resource:
 * - an `AWS::ServiceDiscovery::Service` named after the resource (`Type: HTTP`: found through the
 *   API only), or, with DnsSettings on a resource that has an endpoint (databases), a DNS service
 *   `<Hostname>.<namespace>` (a Hostname ending with the namespace's name is taken as the full
 *   name) with a CNAME record to the endpoint (routing policy WEIGHTED, which CNAME records need);
 * - an `AWS::ServiceDiscovery::Instance` whose attributes are the resource's attributes:
 *   ReturnValues `{<attribute>: <instance attribute name>}`, else every attribute under its own
 *   name; plus AdditionalAttributes (literal), plus AWS_INSTANCE_CNAME for a DNS service.
 * The string form `x-cloudmap: <namespace>` registers with the defaults: DNS for a resource with an
 * endpoint (hostname: the resource's name), else every attribute. A looked-up resource is
 * registered with the string form or `ForceRegister: true` (as by 1.x).
 *
 * Errors: CXN1120 unknown namespace; CXN1121 ReturnValues attribute the resource does not give;
 * CXN1122 an AdditionalAttributes name Cloud Map reserves (AWS_...); CXN1123 more than 30
 * attributes. Warnings: CXN2120 DnsSettings on a resource without an endpoint (registered for the
 * API only); CXN2121 a looked-up resource not registered (no ForceRegister).
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { ref } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { cloudMapStack, namespacesOf } from '../x-cloudmap/namespaces.js';
import type { ModuleResource, ResourceEntry } from './module.js';

/** What the registration needs to know of a module. */
export interface CloudMapModule<R extends ModuleResource> {
  key: string;
  policy: string;
  /** Attribute holding the host name a CNAME record may point to (resources with an endpoint). */
  cloudMapHost?(resource: R): string | undefined;
}

const LABEL = /^[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?$/;
/** Cloud Map's limit of attributes per instance. */
const MAX_ATTRIBUTES = 30;

/** The service name of DNS name `host` in zone `zone`: `db.app.internal` in `app.internal` → `db`. */
function withoutZone(host: string, zone: string): string {
  const h = host.replace(/\.$/, '');
  const z = zone.replace(/\.$/, '');
  return h.toLowerCase().endsWith(`.${z.toLowerCase()}`) ? h.slice(0, h.length - z.length - 1) : h;
}

/** Registers every resource of `entries` whose Settings hold `x-cloudmap`. */
export function registerInCloudMap<R extends ModuleResource>(ctx: RenderContext, mod: CloudMapModule<R>, entries: readonly ResourceEntry[], resources: ReadonlyMap<string, R>): void {
  for (const entry of entries) {
    const written = isMapping(entry.def.Settings) ? entry.def.Settings['x-cloudmap'] : undefined;
    const resource = resources.get(entry.name);
    if (written === undefined || !resource) continue;
    register(ctx, mod, entry, resource, written);
  }
}

function register<R extends ModuleResource>(ctx: RenderContext, mod: CloudMapModule<R>, entry: ResourceEntry, r: R, written: unknown): void {
  const path = [...entry.path, 'Settings', 'x-cloudmap'];
  const at = (...p: string[]) => ({ path: formatPath([...path, ...p]), pos: posAt(ctx.doc, [...path, ...p]) });
  const short = typeof written === 'string';
  const reg: Mapping = isMapping(written) ? written : { Namespace: written };
  if (entry.def.Lookup !== undefined && !short && reg.ForceRegister !== true) {
    ctx.bag.warn({
      code: 'CXN2121',
      message: `${mod.key}.${entry.name} is looked up: it is not registered in Cloud Map`,
      ...at(),
      hint: 'add `ForceRegister: true` to register it anyway',
    });
    return;
  }
  const namespaces = namespacesOf(ctx);
  const key = String(reg.Namespace);
  if (!namespaces.has(key)) {
    ctx.bag.error({
      code: 'CXN1120',
      message: `x-cloudmap namespace "${key}" is not declared`,
      ...at(...(short ? [] : ['Namespace'])),
      expected: namespaces.size > 0 ? `one of: ${[...namespaces.keys()].join(', ')}` : 'a namespace declared under the top-level x-cloudmap',
      hint: `declare it: x-cloudmap: {${key}: {ZoneName: <name>.internal}}`,
    });
    return;
  }
  const ns = namespaces.get(key);
  if (!ns) return; // unusable namespace, already reported

  const host = mod.cloudMapHost?.(r);
  const dnsSettings = short ? (host ? {} : undefined) : isMapping(reg.DnsSettings) ? reg.DnsSettings : undefined;
  if (dnsSettings && !host) {
    ctx.bag.warn({
      code: 'CXN2120',
      message: `${mod.key}.${entry.name} has no endpoint for a DNS record: it is registered for Cloud Map's API only`,
      ...at('DnsSettings'),
      hint: 'remove DnsSettings',
    });
  }
  const dns = dnsSettings !== undefined && host !== undefined;

  const stack = cloudMapStack(ctx);
  const attributes: Record<string, CfnValue> = {};
  const returnValues = isMapping(reg.ReturnValues) ? reg.ReturnValues : undefined;
  let ok = true;
  if (returnValues) {
    for (const [attr, name] of Object.entries(returnValues)) {
      if (!r.attributes.includes(attr)) {
        ctx.bag.error({
          code: 'CXN1121',
          message: `${mod.key}.${entry.name} has no attribute ${attr}`,
          ...at('ReturnValues', attr),
          expected: `one of: ${r.attributes.join(', ')}`,
        });
        ok = false;
        continue;
      }
      attributes[String(name)] = r.value(stack, attr);
    }
  }
  const additional = !short && isMapping(reg.AdditionalAttributes) ? reg.AdditionalAttributes : {};
  for (const [name, value] of Object.entries(additional)) {
    if (name.startsWith('AWS_')) {
      ctx.bag.error({
        code: 'CXN1122',
        message: `instance attribute ${name}: names starting with AWS_ are Cloud Map's own`,
        ...at('AdditionalAttributes', name),
        expected: 'a name not starting with AWS_',
      });
      ok = false;
      continue;
    }
    attributes[name] = String(value);
  }
  if (!ok) return;
  if (!returnValues && !dns) for (const attr of r.attributes) attributes[attr] = r.value(stack, attr);
  if (dns) attributes.AWS_INSTANCE_CNAME = r.value(stack, host);
  if (Object.keys(attributes).length > MAX_ATTRIBUTES) {
    ctx.bag.error({
      code: 'CXN1123',
      message: `${mod.key}.${entry.name} would have ${Object.keys(attributes).length} Cloud Map attributes`,
      ...at(),
      expected: `at most ${MAX_ATTRIBUTES} (Cloud Map's limit per instance)`,
      hint: 'choose the attributes with ReturnValues',
    });
    return;
  }

  const label = (s: string) => (LABEL.test(s) ? s : logicalId(s));
  const id = logicalId(mod.policy, entry.name, 'CloudMap');
  const hostname = dns && typeof dnsSettings?.Hostname === 'string' ? withoutZone(dnsSettings.Hostname, ns.zoneName) : label(entry.name);
  stack.add(`${id}Service`, {
    Type: 'AWS::ServiceDiscovery::Service',
    Properties: {
      Name: hostname,
      Description: `${mod.key} ${entry.name}`,
      NamespaceId: ns.localId,
      ...(dns ? { DnsConfig: { RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'CNAME', TTL: 15 }] } } : { Type: 'HTTP' }),
    },
  });
  stack.add(`${id}Instance`, {
    Type: 'AWS::ServiceDiscovery::Instance',
    Properties: { InstanceId: label(entry.name), ServiceId: ref(`${id}Service`), InstanceAttributes: attributes },
  });
}
