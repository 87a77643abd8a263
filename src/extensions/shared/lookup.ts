/**
 * Existing resources of a module (`Lookup:` instead of `Properties:`), read from the recorded
 * lookups (src/lookups/recorded.ts) — render never calls AWS.
 *
 *   x-<module>:
 *     <name>:
 *       Lookup: {Tags: [...] | Arn: <arn> | Identifier: <id>, RoleArn?: <role>}
 *
 * Recorded under key `x-<module>::<name>` (`x-efs::<volume>` for `volumes.<volume>.x-efs.Lookup`),
 * request = the Lookup mapping without an empty RoleArn. Before render, `ensureLookups` lists
 * these requests (`resourceLookupRequests`, called by src/lookups/requests.ts for every module of
 * RESOURCE_LOOKUP_MODULES) and resolves the missing ones with the module's resolver
 * (src/aws/lookup/resource.ts: Tags → tag:GetResources, Arn, Identifier; then its describe calls).
 *
 * API (all a module needs):
 *   RESOURCE_LOOKUP_MODULES           top-level keys whose `<name>.Lookup` are resource lookups
 *   readLookup(ctx, entry, spec)      the recorded attributes of `entry`'s Lookup, or undefined
 *                                     (missing, stale or unusable result reported at the Lookup)
 *
 * A result is a flat JSON object of attributes; `spec.required` must be non-empty strings,
 * `spec.optional` are kept when they are strings; anything else in the result is ignored.
 */
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import { normalizeRequest } from '../../lookups/requests.js';
import type { RenderContext } from '../../synth/context.js';

/** Top-level modules whose `x-<module>.<name>.Lookup` are resolved by src/aws/lookup/resource.ts. */
export const RESOURCE_LOOKUP_MODULES: readonly string[] = ['x-dynamodb', 'x-elasticache', 'x-opensearch', 'x-sqs', 'x-ssm_parameter', 'x-codeguru_profiler', 'x-rds', 'x-docdb', 'x-neptune', 'x-aps'];

/** Where a Lookup is written: `x-<module>.<name>` (or `volumes.<name>.x-efs`). */
export interface LookupSite {
  /** Recorded key, `x-<module>::<name>`. */
  key: string;
  /** Key path of the mapping holding `Lookup`. */
  path: readonly (string | number)[];
  /** That mapping. */
  def: Mapping;
}

export interface LookupSpec {
  /** Result attributes that must be non-empty strings. */
  required: readonly string[];
  /** Result attributes kept when they are strings. */
  optional?: readonly string[];
  /** Forms the attributes must have (e.g. an ARN of the module's service), checked when present. */
  patterns?: Readonly<Record<string, RegExp>>;
  /** Code of "the recorded result is unusable" (module prefix). */
  code: string;
}

/** One resource lookup of the project, for src/lookups/requests.ts. */
export interface ResourceLookup {
  key: string;
  request: Record<string, unknown>;
  path: (string | number)[];
}

/** The site of `x-<module>.<name>` (what defineModule calls a ResourceEntry). */
export function moduleSite(entry: { name: string; def: Mapping; path: readonly string[] }): LookupSite {
  return { key: `${entry.path[0]}::${entry.name}`, path: entry.path, def: entry.def };
}

/** The request recorded for a Lookup mapping. */
export function lookupRequestOf(lookup: Mapping): Record<string, unknown> {
  return normalizeRequest(lookup);
}

/** Every `x-<module>.<name>.Lookup` of RESOURCE_LOOKUP_MODULES and `volumes.<name>.x-efs.Lookup`. */
export function resourceLookupRequests(model: Mapping): ResourceLookup[] {
  const out: ResourceLookup[] = [];
  for (const module of RESOURCE_LOOKUP_MODULES) {
    const root = model[module];
    if (!isMapping(root)) continue;
    for (const [name, def] of Object.entries(root)) {
      if (isMapping(def) && isMapping(def.Lookup)) out.push({ key: `${module}::${name}`, request: lookupRequestOf(def.Lookup), path: [module, name, 'Lookup'] });
    }
  }
  const volumes = model.volumes;
  if (isMapping(volumes)) {
    for (const [name, def] of Object.entries(volumes)) {
      const efs = isMapping(def) ? def['x-efs'] : undefined;
      if (isMapping(efs) && isMapping(efs.Lookup)) out.push({ key: `x-efs::${name}`, request: lookupRequestOf(efs.Lookup), path: ['volumes', name, 'x-efs', 'Lookup'] });
    }
  }
  return out;
}

/**
 * The recorded attributes of `site`'s Lookup (required + optional ones present), or undefined
 * when there is no usable recorded result (reported at the Lookup).
 */
export function readLookup(ctx: RenderContext, site: LookupSite, spec: LookupSpec): Record<string, string> | undefined {
  const lookup = site.def.Lookup;
  const path = [...site.path, 'Lookup'];
  const where = { path: formatPath(path), pos: posAt(ctx.doc, path) };
  const r = ctx.lookups.get<unknown>(site.key, lookupRequestOf(isMapping(lookup) ? lookup : {}), where.pos, where.path);
  if ('error' in r) {
    ctx.bag.add(r.error);
    return undefined;
  }
  const res = r.result;
  const present = (a: string) => isMapping(res) && typeof res[a] === 'string' && res[a] !== '';
  const missing = spec.required.filter((a) => !present(a));
  const malformed = Object.entries(spec.patterns ?? {}).filter(([a, re]) => isMapping(res) && present(a) && !re.test(res[a] as string)).map(([a]) => a);
  if (!isMapping(res) || missing.length > 0 || malformed.length > 0) {
    ctx.bag.error({
      code: spec.code,
      message: `the recorded result of lookup ${site.key} ${missing.length > 0 ? `lacks ${missing.join(', ')}` : `has a malformed ${malformed.join(', ')}`}`,
      ...where,
      expected: `{${[...spec.required.map((a) => `"${a}": "..."`), ...(spec.optional ?? []).map((a) => `"${a}"?: "..."`)].join(', ')}}`,
      hint: 'record the lookup again (or complete the entry in the lookup file)',
    });
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const a of [...spec.required, ...(spec.optional ?? [])]) if (present(a)) out[a] = res[a] as string;
  return out;
}
