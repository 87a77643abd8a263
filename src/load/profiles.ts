/**
 * Profiles: a service with `profiles` is enabled only when one of them is active (`--profile`,
 * COMPOSE_PROFILES, or `*` for all). Disabled services are removed; a dependency on a disabled
 * service is an error unless it is declared `required: false`, in which case it stays as written
 * (as docker compose prints it); later stages skip dependencies on services that are not there.
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
    for (const [dep, cfg] of Object.entries(deps)) {
      if (!disabled.has(dep) || (isMapping(cfg) && cfg.required === false)) continue;
      bag.error({
        code: 'CXL1201',
        message: `service "${name}" depends on "${dep}", which is disabled by its profiles`,
        pos: keyPos(deps, dep),
        path: formatPath(['services', name, 'depends_on', dep]),
        hint: `activate one of the profiles of "${dep}" with --profile, or declare the dependency with \`required: false\``,
      });
    }
  }
  const out: Mapping = { ...doc, services: enabled };
  carryAll(out, doc);
  return out;
}
