/**
 * Prints a resolved compose project the way `docker compose config` does: canonical shapes,
 * keys sorted inside each section, `$` escaped as `$$` so the output loads back to the same
 * project, and the x- extensions kept.
 */
import { stringify } from 'yaml';

const TOP_ORDER = ['name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models'];

export function formatConfig(model: Record<string, unknown>, format: 'yaml' | 'json'): string {
  const ordered: Record<string, unknown> = {};
  for (const k of TOP_ORDER) if (k in model) ordered[k] = prepare(model[k], k !== 'name');
  if (format === 'json' && typeof ordered.services === 'object' && ordered.services !== null) {
    // docker compose's JSON printer always writes these two keys, null when unset.
    const services = ordered.services as Record<string, Record<string, unknown>>;
    for (const [name, svc] of Object.entries(services)) {
      services[name] = prepare({ command: null, entrypoint: null, ...svc }, false) as Record<string, unknown>;
    }
  }
  for (const k of Object.keys(model).sort()) if (!(k in ordered)) ordered[k] = prepare(model[k], true);
  if (format === 'json') return JSON.stringify(ordered, null, 2) + '\n';
  return stringify(ordered, { lineWidth: 0, aliasDuplicateObjects: false });
}

function prepare(v: unknown, escape: boolean): unknown {
  if (typeof v === 'string') return escape ? v.replace(/\$/g, '$$$$') : v;
  if (Array.isArray(v)) return v.map((x) => prepare(x, escape));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = prepare((v as Record<string, unknown>)[k], escape);
    return out;
  }
  return v;
}
