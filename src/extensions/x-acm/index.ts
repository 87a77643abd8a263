/**
 * x-acm: TLS certificates for load balancer listeners, new (nested stack `acm`, DNS
 * validation) or looked up (recorded key `x-acm::<name>`, request = the Lookup mapping,
 * result `{CertificateArn}`).
 *
 * A new certificate comes from `Properties` (the AWS::CertificateManager::Certificate
 * properties; a DomainValidationOptions HostedZoneId may be `x-route53::<zone>`) or from
 * `MacroParameters` {DomainNames (the first is the subject), HostedZoneId (id or
 * `x-route53::<zone>`)}: DNS validation of every name in that zone. A name outside the zone it
 * is validated in is an error (the validation record could not be created).
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { ref } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { isMapping, type Mapping } from '../../load/positions.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import { listOf, type KeyPath, type Reporter } from '../x-network/report.js';
import { moduleStack, recordedResult, resourcesOf, valueIn, withoutRole, type StackValue } from '../x-elbv2/module-stack.js';
import { inZone, ZONE_POINTER, zoneOf } from '../x-route53/index.js';

export const ACM_STACK = 'acm';
export const CERT_ARN = /^arn:aws(-[a-z]+)*:acm:[a-z0-9-]+:[0-9]{12}:certificate\/[A-Za-z0-9-]+$/;

export interface Certificate {
  name: string;
  arn: StackValue;
}

export const certificatesOf = resourcesOf('x-acm', (ctx, name, def, r): Certificate | undefined => {
  const base = ['x-acm', name];
  if (isMapping(def.Lookup)) {
    const res = recordedResult(ctx, `x-acm::${name}`, withoutRole(def.Lookup), [...base, 'Lookup'], r);
    if (!res) return undefined;
    const arn = res.CertificateArn;
    if (typeof arn !== 'string' || !CERT_ARN.test(arn)) {
      r.error({ code: 'CXE1201', path: [...base, 'Lookup'], message: `the recorded result of lookup x-acm::${name} has no certificate ARN`, expected: '{"CertificateArn": "arn:aws:acm:<region>:<account>:certificate/<id>"}', hint: 'record the lookup again' });
      return undefined;
    }
    return { name, arn: { literal: arn, param: logicalId('Acm', name, 'Arn'), description: `ARN of certificate ${name}` } };
  }
  const props = newCertificateProperties(ctx, name, def, base, r);
  if (!props) return undefined;
  const stack = moduleStack(ctx, ACM_STACK, 'ACM certificates');
  const id = logicalId('Certificate', name);
  stack.add(id, { Type: 'AWS::CertificateManager::Certificate', Properties: props as Record<string, CfnValue> });
  return { name, arn: { stack, output: `${id}Arn`, value: ref(id), param: logicalId('Acm', name, 'Arn'), description: `ARN of certificate ${name}` } };
});

function newCertificateProperties(ctx: RenderContext, name: string, def: Mapping, base: KeyPath, r: Reporter): Record<string, unknown> | undefined {
  const stackOf = () => moduleStack(ctx, ACM_STACK, 'ACM certificates');
  let ok = true;
  const zoneValue = (pointer: string, path: KeyPath, names: string[]): CfnValue | undefined => {
    if (!pointer.startsWith(ZONE_POINTER)) return pointer;
    const zone = zoneOf(ctx, pointer, path, r);
    if (!zone) return undefined;
    const outside = names.filter((n) => !inZone(n, zone));
    if (outside.length > 0) {
      r.error({
        code: 'CXE1202',
        path,
        message: `certificate "${name}" validates ${listOf(outside)} in zone ${zone.zoneName}, which does not hold ${outside.length === 1 ? 'that name' : 'those names'}`,
        expected: `names ending in .${zone.zoneName}`,
        hint: 'validate each name in the zone that holds it (one DomainValidationOptions entry per zone)',
      });
      return undefined;
    }
    return valueIn(stackOf(), zone.id);
  };
  if (isMapping(def.MacroParameters)) {
    const m = def.MacroParameters;
    const names = (m.DomainNames as string[]) ?? [];
    const zone = zoneValue(String(m.HostedZoneId), [...base, 'MacroParameters', 'HostedZoneId'], names);
    if (zone === undefined) return undefined;
    return {
      DomainName: names[0],
      SubjectAlternativeNames: names.length > 1 ? names.slice(1) : undefined,
      ValidationMethod: 'DNS',
      DomainValidationOptions: names.map((n) => ({ DomainName: n, HostedZoneId: zone })),
    };
  }
  const props = { ...((def.Properties ?? {}) as Mapping) };
  if (Array.isArray(props.DomainValidationOptions)) {
    props.DomainValidationOptions = (props.DomainValidationOptions as Mapping[]).map((o, i) => {
      if (!isMapping(o) || typeof o.HostedZoneId !== 'string') return o;
      const z = zoneValue(o.HostedZoneId, [...base, 'Properties', 'DomainValidationOptions', i, 'HostedZoneId'], [String(o.DomainName)]);
      if (z === undefined) ok = false;
      return { ...o, HostedZoneId: z };
    });
  }
  return ok ? props : undefined;
}

/** The certificate `x-acm: <name>` names, or undefined (reported). */
export function certificateOf(ctx: RenderContext, name: string, path: KeyPath, r: Reporter): Certificate | undefined {
  const certs = certificatesOf(ctx);
  const c = certs.get(name);
  if (c) return c;
  const x = ctx.doc['x-acm'];
  if (isMapping(x) && isMapping(x[name])) return undefined;
  r.error({
    code: 'CXE1203',
    path,
    message: `x-acm "${name}" is not defined`,
    expected: `one of: ${listOf([...certs.keys()])}`,
    hint: 'define the certificate under x-acm, or give its ARN with CertificateArn',
  });
  return undefined;
}

export const xAcm: Extension = {
  name: 'x-acm',
  apply(ctx) {
    certificatesOf(ctx);
  },
};
