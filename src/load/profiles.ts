/**
 * Profiles: a service with `profiles` is enabled only when one of them is active (`--profile`,
 * COMPOSE_PROFILES, or `*` for all). Disabled services are removed; a dependency on a disabled
 * service is an error unless it is declared `required: false`, in which case it is dropped.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { carryAll, formatPath, isMapping, keyPos, type Mapping } from './positions.js';

export function isServiceEnabled(svc: unknown, active: ReadonlySet<string>): boolean {
  if (!isMapping(svc) || !Array.isArray(svc.profiles) || svc.profiles.length === 0) return true;
  if (active.has('*')) return true;
  return svc.profiles.some((p) => typeof p === 'string' && active.has(p));
}

/** Expects canonical `depends_on` (mapping form). */
export function applyProfiles(doc: Mapping, active: ReadonlySet<string>, bag: DiagnosticBag): Mapping {
  const services = isMapping(doc.services) ? doc.services : {};
  const enabled: Mapping = {};
  carryAll(enabled, services);
  const disabled = new Set<string>();
  for (const [name, svc] of Object.entries(services)) {
    if (isServiceEnabled(svc, active)) enabled[name] = svc;
    else disabled.add(name);
  }
  for (const [name, svc] of Object.entries(enabled)) {
    if (!isMapping(svc) || !isMapping(svc.depends_on)) continue;
    const deps = svc.depends_on;
    let changed = false;
    const kept: Mapping = {};
    carryAll(kept, deps);
    for (const [dep, cfg] of Object.entries(deps)) {
      if (!disabled.has(dep)) {
        kept[dep] = cfg;
        continue;
      }
      changed = true;
      const required = !(isMapping(cfg) && cfg.required === false);
      if (required) {
        bag.error({
          code: 'CXL1201',
          message: `service "${name}" depends on "${dep}", which is disabled by its profiles`,
          pos: keyPos(deps, dep),
          path: formatPath(['services', name, 'depends_on', dep]),
          hint: `activate one of the profiles of "${dep}" with --profile, or declare the dependency with \`required: false\``,
        });
      }
    }
    if (changed) {
      const copy: Mapping = { ...svc, depends_on: kept };
      carryAll(copy, svc);
      if (Object.keys(kept).length === 0) delete copy.depends_on;
      enabled[name] = copy;
    }
  }
  const out: Mapping = { ...doc, services: enabled };
  carryAll(out, doc);
  return out;
}
