/**
 * The lookups of the load-balancing modules (x-route53, x-acm, x-cognito_userpool, x-elbv2,
 * x-wafv2_webacl), with the requests their renders read the recorded results under.
 */
import { isMapping, type Mapping } from '../../load/positions.js';
import { zoneRequest } from '../x-route53/request.js';
import { webAclRequest } from '../x-wafv2_webacl/request.js';
import { lookupRequest, settingsOf } from './balancer.js';
import { withoutRole } from './module-stack.js';

export interface ModuleLookup {
  key: string;
  kind: 'route53' | 'acm' | 'cognito' | 'elbv2' | 'wafv2' | 'security-group' | 'prefix-list';
  request: Record<string, unknown>;
  path: (string | number)[];
}


export function loadBalancingLookups(model: Mapping): ModuleLookup[] {
  const out: ModuleLookup[] = [];
  const each = (key: string, fn: (name: string, def: Mapping) => void) => {
    const root = model[key];
    if (isMapping(root)) for (const [name, def] of Object.entries(root)) if (isMapping(def)) fn(name, def);
  };
  each('x-route53', (name, def) => {
    const request = zoneRequest(def);
    if (request && (typeof def.ZoneName === 'string' || typeof def.Name === 'string')) out.push({ key: `x-route53::${name}`, kind: 'route53', request, path: ['x-route53', name, 'Lookup'] });
  });
  each('x-acm', (name, def) => {
    if (isMapping(def.Lookup)) out.push({ key: `x-acm::${name}`, kind: 'acm', request: withoutRole(def.Lookup), path: ['x-acm', name, 'Lookup'] });
  });
  each('x-cognito_userpool', (name, def) => {
    if (isMapping(def.Lookup)) out.push({ key: `x-cognito_userpool::${name}`, kind: 'cognito', request: withoutRole(def.Lookup), path: ['x-cognito_userpool', name, 'Lookup'] });
  });
  each('x-elbv2', (name, def) => {
    if (isMapping(def.Lookup)) out.push({ key: `x-elbv2::${name}`, kind: 'elbv2', request: lookupRequest(def), path: ['x-elbv2', name, 'Lookup'] });
    const ingress = settingsOf(def).Ingress;
    const where = isMapping(def.Settings) && isMapping(def.Settings.Ingress) ? 'Settings' : 'MacroParameters';
    const sources = isMapping(ingress) && Array.isArray(ingress.AwsSources) ? ingress.AwsSources : [];
    sources.forEach((src: unknown, i: number) => {
      if (!isMapping(src) || typeof src.Id === 'string' || !isMapping(src.Lookup)) return;
      out.push({ key: `x-elbv2::${name}::AwsSources::${i}`, kind: src.Type === 'PrefixList' ? 'prefix-list' : 'security-group', request: withoutRole(src.Lookup), path: ['x-elbv2', name, where, 'Ingress', 'AwsSources', i, 'Lookup'] });
    });
  });
  each('x-wafv2_webacl', (name, def) => {
    const request = isMapping(def.Lookup) ? webAclRequest(def.Lookup) : undefined;
    if (request) out.push({ key: `x-wafv2_webacl::${name}`, kind: 'wafv2', request, path: ['x-wafv2_webacl', name, 'Lookup'] });
  });
  return out;
}
