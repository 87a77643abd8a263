/**
 * Normalisation after canonical forms, as docker compose does before printing a project:
 * the implicit `default` network, names of top-level resources, `env_file` folded into
 * `environment`, value-less environment entries and build args resolved from the variables, implicit
 * dependencies, and pruning of unused top-level resources.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { carryAll, formatPath, isMapping, keyPos, setKeyPos, type Mapping } from './positions.js';
import type { VarLookup } from './interpolate.js';

export interface NormalizeContext {
  projectName: string;
  lookup: VarLookup;
  bag: DiagnosticBag;
  /** Reads an env file; undefined when it does not exist. */
  readEnvFile: (path: string) => Map<string, string> | undefined;
}

export function normalize(doc: Mapping, ctx: NormalizeContext): Mapping {
  const out: Mapping = { ...doc };
  carryAll(out, doc);
  const services: Mapping = {};
  carryAll(services, doc.services);
  for (const [name, svc] of Object.entries(isMapping(doc.services) ? doc.services : {})) {
    services[name] = isMapping(svc) ? normalizeService(name, svc, ctx) : svc;
  }
  out.services = services;
  const usesDefault = Object.values(services).some(
    (s) => isMapping(s) && isMapping(s.networks) && 'default' in s.networks,
  );
  if (usesDefault) {
    const nets: Mapping = isMapping(out.networks) ? { ...out.networks } : {};
    carryAll(nets, out.networks);
    if (!('default' in nets) || nets.default === null) nets.default = {};
    out.networks = nets;
  }
  for (const section of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    const res = out[section];
    if (!isMapping(res)) continue;
    const named: Mapping = {};
    carryAll(named, res);
    for (const [key, def] of Object.entries(res)) {
      const d: Mapping = isMapping(def) ? { ...def } : {};
      carryAll(d, def);
      if (d.name === undefined) d.name = d.external === true ? key : `${ctx.projectName}_${key}`;
      named[key] = d;
    }
    out[section] = named;
  }
  return out;
}

function normalizeService(name: string, svc: Mapping, ctx: NormalizeContext): Mapping {
  const out: Mapping = { ...svc };
  carryAll(out, svc);
  // `command: null` / `entrypoint: null` (as docker compose prints unset ones) mean unset.
  if (out.command === null) delete out.command;
  if (out.entrypoint === null) delete out.entrypoint;
  // env_file contents under explicit environment; later files win over earlier ones.
  let env: Mapping | undefined = isMapping(svc.environment) ? { ...svc.environment } : undefined;
  if (env) carryAll(env, svc.environment);
  if (Array.isArray(svc.env_file)) {
    const fromFiles: Mapping = {};
    svc.env_file.forEach((entry, i) => {
      const path = isMapping(entry) ? entry.path : entry;
      if (typeof path !== 'string') return;
      const vars = ctx.readEnvFile(path);
      if (!vars) {
        if (isMapping(entry) && entry.required === false) return;
        ctx.bag.error({
          code: 'CXL1401',
          message: `env file ${path} not found`,
          pos: keyPos(svc.env_file, i),
          path: formatPath(['services', name, 'env_file', i]),
          hint: 'create the file, fix the path (relative to the project directory), or mark it `required: false`',
        });
        return;
      }
      for (const [k, v] of vars) {
        fromFiles[k] = v;
        setKeyPos(fromFiles, k, keyPos(svc.env_file, i));
      }
    });
    const merged: Mapping = { ...fromFiles };
    carryAll(merged, fromFiles);
    if (env) {
      for (const [k, v] of Object.entries(env)) {
        merged[k] = v;
        setKeyPos(merged, k, keyPos(env, k));
      }
    }
    env = merged;
    delete out.env_file;
  }
  if (env) {
    for (const [k, v] of Object.entries(env)) {
      if (v === null || v === undefined) {
        const resolved = ctx.lookup(k);
        env[k] = resolved === undefined ? null : resolved;
      }
    }
    out.environment = env;
  }
  // Build args without a value come from the variables, and are dropped when unset.
  if (isMapping(svc.build) && isMapping(svc.build.args)) {
    const args: Mapping = {};
    carryAll(args, svc.build.args);
    for (const [k, v] of Object.entries(svc.build.args)) {
      const value = v === null || v === undefined ? ctx.lookup(k) : v;
      if (value !== undefined) args[k] = value;
    }
    const build: Mapping = { ...svc.build, args };
    carryAll(build, svc.build);
    if (Object.keys(args).length === 0) delete build.args;
    out.build = build;
  }
  // Implicit dependencies.
  const implicit: string[] = [];
  if (Array.isArray(svc.links)) {
    for (const l of svc.links) if (typeof l === 'string') implicit.push(l.split(':')[0]);
  }
  if (typeof svc.network_mode === 'string' && svc.network_mode.startsWith('service:')) implicit.push(svc.network_mode.slice(8));
  if (Array.isArray(svc.volumes_from)) {
    for (const v of svc.volumes_from) {
      if (typeof v === 'string' && !v.startsWith('container:')) implicit.push(v.split(':')[0]);
    }
  }
  for (const key of ['ipc', 'pid', 'uts', 'cgroup'] as const) {
    const v = svc[key];
    if (typeof v === 'string' && v.startsWith('service:')) implicit.push(v.slice(8));
  }
  if (implicit.length > 0) {
    const deps: Mapping = isMapping(svc.depends_on) ? { ...svc.depends_on } : {};
    carryAll(deps, svc.depends_on);
    for (const d of implicit) {
      if (!(d in deps)) deps[d] = { condition: 'service_started', restart: true, required: true };
    }
    out.depends_on = deps;
  }
  return out;
}

/** Removes top-level networks, volumes, secrets and configs that no service uses. */
export function pruneUnused(doc: Mapping): Mapping {
  const used = { networks: new Set<string>(), volumes: new Set<string>(), secrets: new Set<string>(), configs: new Set<string>() };
  for (const svc of Object.values(isMapping(doc.services) ? doc.services : {})) {
    if (!isMapping(svc)) continue;
    if (isMapping(svc.networks)) for (const n of Object.keys(svc.networks)) used.networks.add(n);
    if (Array.isArray(svc.volumes)) {
      for (const v of svc.volumes) if (isMapping(v) && v.type === 'volume' && typeof v.source === 'string') used.volumes.add(v.source);
    }
    for (const key of ['secrets', 'configs'] as const) {
      const list = svc[key];
      if (Array.isArray(list)) for (const s of list) if (isMapping(s) && typeof s.source === 'string') used[key].add(s.source);
    }
  }
  const out: Mapping = { ...doc };
  carryAll(out, doc);
  for (const section of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    const res = doc[section];
    if (!isMapping(res)) continue;
    const kept: Mapping = {};
    carryAll(kept, res);
    for (const [k, v] of Object.entries(res)) if (used[section].has(k)) kept[k] = v;
    if (Object.keys(kept).length > 0) out[section] = kept;
    else delete out[section];
  }
  return out;
}

/**
 * The target docker compose prints for a secret mount that names none: `/run/secrets/<source>`.
 * Only for `config` output: the model keeps the mounts as written.
 */
export function withSecretTargets(doc: Mapping): Mapping {
  if (!isMapping(doc.services)) return doc;
  const services: Mapping = {};
  for (const [name, svc] of Object.entries(doc.services)) {
    if (!isMapping(svc) || !Array.isArray(svc.secrets)) {
      services[name] = svc;
      continue;
    }
    const secrets = svc.secrets.map((s) => (isMapping(s) && s.target === undefined && typeof s.source === 'string' ? { ...s, target: `/run/secrets/${s.source}` } : s));
    services[name] = { ...svc, secrets };
  }
  return { ...doc, services };
}
