/**
 * x-network (service level, merged across the services of each family): ingress rules on the
 * family's security group (`Ingress.Myself`, `ExtSources`, `AwsSources`, `Services`) and the
 * extra security groups its tasks join (`AdditionalSecurityGroups`). Rules open only the
 * family's ports; nothing is open unless declared. `AssignPublicIp` is read by the family
 * model; `x-cloudmap` by the x-cloudmap extension.
 */
import { isMapping } from '../../load/positions.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import { awsSourceRules, extSourceRules, myselfRules } from './local-sources.js';
import { Reporter } from './report.js';
import { additionalSecurityGroups } from './security-groups.js';
import { serviceSourceRules } from './service-sources.js';

export const xNetwork: Extension = {
  name: 'x-network',
  apply(ctx) {
    const r = new Reporter(ctx.doc, ctx.bag);
    for (const fs of ctx.families.values()) applyToFamily(ctx, fs, r);
  },
};

function applyToFamily(ctx: RenderContext, fs: FamilyStack, r: Reporter): void {
  for (const { service, value } of fs.family.extensions['x-network'] ?? []) {
    if (!isMapping(value)) continue;
    const base = ['services', service, 'x-network'];
    if (isMapping(value.AdditionalSecurityGroups)) {
      additionalSecurityGroups(ctx, fs, service, value.AdditionalSecurityGroups, [...base, 'AdditionalSecurityGroups'], r);
    }
    const ingress = value.Ingress;
    if (!isMapping(ingress)) continue;
    const at = [...base, 'Ingress'];
    const opens = ingress.Myself === true || ['ExtSources', 'AwsSources', 'Services'].some((k) => list(ingress[k]).length > 0);
    if (fs.ports.length === 0 && opens) {
      r.warn({
        code: 'CXN2001',
        path: at,
        message: `family "${fs.family.name}" exposes no port, so this Ingress opens nothing`,
        hint: 'declare the ports the family listens on with `ports:` (e.g. `- 8080`)',
      });
    }
    if (ingress.Myself === true) myselfRules(fs);
    list(ingress.ExtSources).forEach((src, i) => isMapping(src) && extSourceRules(fs, src, [...at, 'ExtSources', i], r));
    list(ingress.AwsSources).forEach((src, i) => isMapping(src) && awsSourceRules(ctx, fs, service, i, src, [...at, 'AwsSources', i], r));
    list(ingress.Services).forEach((src, i) => isMapping(src) && serviceSourceRules(ctx, fs, src, [...at, 'Services', i], r));
  }
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
