/**
 * Consistency checks on the canonical project: every service has an image or a build; the
 * networks, volumes, secrets and configs a service uses are declared; depends_on targets exist;
 * there is no dependency cycle.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, isMapping, keyPos, posAt, type Mapping } from './positions.js';

export function checkConsistency(doc: Mapping, bag: DiagnosticBag): void {
  const services = isMapping(doc.services) ? doc.services : {};
  const declared = (section: string): Set<string> => new Set(isMapping(doc[section]) ? Object.keys(doc[section] as Mapping) : []);
  const networks = declared('networks');
  const volumes = declared('volumes');
  const secrets = declared('secrets');
  const configs = declared('configs');
  const names = Object.keys(services);
  const families = taskFamilies(services);

  for (const [name, svc] of Object.entries(services)) {
    if (!isMapping(svc)) continue;
    const at = (...p: (string | number)[]) => ({ path: formatPath(['services', name, ...p]), pos: posAt(doc, ['services', name, ...p]) });
    if (svc.image === undefined && svc.build === undefined) {
      bag.error({
        code: 'CXL1301',
        message: `service "${name}" has neither an image nor a build context`,
        ...at(),
        expected: '`image:` (ECS runs images) or `build:`',
        hint: 'add `image: <registry>/<repository>:<tag>`',
      });
    }
    if (isMapping(svc.networks)) {
      for (const net of Object.keys(svc.networks)) {
        if (net === 'default' || networks.has(net)) continue;
        bag.error({
          code: 'CXL1302',
          message: `service "${name}" uses network "${net}", which is not declared`,
          ...at('networks', net),
          expected: `one of: ${[...networks].join(', ') || '(no top-level networks)'}`,
          hint: `declare it under the top-level \`networks:\` key`,
        });
      }
    }
    if (Array.isArray(svc.volumes)) {
      svc.volumes.forEach((v, i) => {
        if (!isMapping(v) || v.type !== 'volume' || typeof v.source !== 'string' || v.source === '') return;
        if (volumes.has(v.source)) return;
        bag.error({
          code: 'CXL1303',
          message: `service "${name}" mounts volume "${v.source}", which is not declared`,
          ...at('volumes', i),
          expected: `one of: ${[...volumes].join(', ') || '(no top-level volumes)'}`,
          hint: `declare it under the top-level \`volumes:\` key (e.g. \`volumes: {${v.source}: {}}\`), or use a path starting with ./ for a bind mount`,
        });
      });
    }
    for (const [key, set, label] of [['secrets', secrets, 'secret'], ['configs', configs, 'config']] as const) {
      const list = svc[key];
      if (!Array.isArray(list)) continue;
      list.forEach((s, i) => {
        const src = isMapping(s) ? s.source : s;
        if (typeof src !== 'string' || set.has(src)) return;
        bag.error({
          code: label === 'secret' ? 'CXL1304' : 'CXL1305',
          message: `service "${name}" uses ${label} "${src}", which is not declared`,
          ...at(key, i),
          expected: `one of: ${[...set].join(', ') || `(no top-level ${key})`}`,
          hint: `declare it under the top-level \`${key}:\` key`,
        });
      });
    }
    if (isMapping(svc.depends_on)) {
      for (const dep of Object.keys(svc.depends_on)) {
        if (dep in services || families.has(dep)) continue;
        const cfg = svc.depends_on[dep];
        if (isMapping(cfg) && cfg.required === false) continue;
        bag.error({
          code: 'CXL1306',
          message: `service "${name}" depends on undefined service "${dep}"`,
          ...at('depends_on', dep),
          expected: `a service or a task family (ecs.task.family), one of: ${[...names.filter((n) => n !== name), ...[...families].filter((f) => !names.includes(f))].join(', ') || '(no other services)'}`,
        });
      }
    }
  }
  checkCycles(doc, services, bag);
}

/**
 * The task family names given by `deploy.labels.ecs.task.family` (a comma list). 1.x lets
 * depends_on name a family: the whole family is the dependency.
 */
export function taskFamilies(services: Mapping): Set<string> {
  const out = new Set<string>();
  for (const svc of Object.values(services)) {
    if (!isMapping(svc) || !isMapping(svc.deploy) || !isMapping(svc.deploy.labels)) continue;
    const label = svc.deploy.labels['ecs.task.family'];
    if (typeof label !== 'string') continue;
    for (const f of label.split(',')) if (f.trim() !== '') out.add(f.trim());
  }
  return out;
}

function checkCycles(doc: Mapping, services: Mapping, bag: DiagnosticBag): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const deps = (name: string): string[] => {
    const s = services[name];
    return isMapping(s) && isMapping(s.depends_on) ? Object.keys(s.depends_on).filter((d) => d in services) : [];
  };
  const visit = (name: string, stack: string[]): void => {
    state.set(name, 'visiting');
    for (const d of deps(name)) {
      if (state.get(d) === 'visiting') {
        const path = [...stack, name];
        const cycle = [...path.slice(path.indexOf(d)), d];
        const key = [...cycle].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const svc = services[name] as Mapping;
          bag.error({
            code: 'CXL1307',
            message: `dependency cycle: ${cycle.join(' -> ')}`,
            pos: keyPos(svc.depends_on, d),
            path: formatPath(['services', name, 'depends_on', d]),
            hint: 'depends_on must form a chain without loops; remove one of these dependencies',
          });
        }
      } else if (!state.has(d)) visit(d, [...stack, name]);
    }
    state.set(name, 'done');
  };
  for (const name of Object.keys(services).sort()) if (!state.has(name)) visit(name, []);
  void doc;
}
