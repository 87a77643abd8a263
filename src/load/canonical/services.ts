/**
 * Service fields other than ports, mounts, commands and quantities: the implicit `default`
 * network, `depends_on` and `networks` lists as mappings, `build` and `env_file` short forms
 * with absolute paths, `extends` as a mapping, string-or-list fields and ulimits.
 */
import { carryAll, isMapping, keyPos, selfPos, setKeyPos, type Mapping } from '../positions.js';
import { hostPath } from './paths.js';
import { copyMapping, listToMapping, ordered, put, stableText, stamp, uniqueBy } from './tree.js';
import { mapList, posOf, walkChildren, type Transform } from './walk.js';

export const transformService: Transform = (value, at) => {
  const out = walkChildren(value, at);
  if (!isMapping(out)) return out;
  if (out.networks === undefined && out.network_mode === undefined) {
    const nets: Mapping = { default: null };
    const pos = posOf(at);
    stamp(nets, pos);
    out.networks = nets;
    setKeyPos(out, 'networks', pos);
  }
  return out;
};

export const transformDependsOn: Transform = (value) => {
  if (Array.isArray(value)) {
    return listToMapping(value, (name, i) =>
      typeof name === 'string' ? [name, stamp({ condition: 'service_started', required: true }, keyPos(value, i))] : undefined,
    );
  }
  if (!isMapping(value)) return value;
  const out: Mapping = {};
  carryAll(out, value);
  for (const [name, dep] of Object.entries(value)) {
    const d: Mapping = isMapping(dep) ? copyMapping(dep) : {};
    if (!isMapping(dep)) stamp(d, keyPos(value, name));
    d.condition ??= 'service_started';
    d.required ??= true;
    put(out, name, ordered(d, ['condition', 'restart', 'required']));
  }
  return out;
};

export const transformServiceNetworks: Transform = (value, at) => {
  if (!Array.isArray(value)) return walkChildren(value, at);
  return listToMapping(value, (name) => (typeof name === 'string' ? [name, null] : undefined));
};

function isRemoteContext(context: string): boolean {
  return /^(https?:\/\/|git:\/\/|git@|github\.com\/)/.test(context) || context.includes('://');
}

export const transformBuild: Transform = (value, at) => {
  let m: Mapping;
  if (typeof value === 'string') m = stamp({ context: value }, posOf(at));
  else if (isMapping(value)) m = walkChildren(value, at) as Mapping;
  else return value;
  m = copyMapping(m);
  const context = typeof m.context === 'string' ? m.context : '.';
  if (m.context === undefined) setKeyPos(m, 'context', selfPos(value) ?? posOf(at));
  m.context = isRemoteContext(context) ? context : hostPath(context, at.ctx);
  if (m.dockerfile === undefined && m.dockerfile_inline === undefined) {
    m.dockerfile = 'Dockerfile';
    setKeyPos(m, 'dockerfile', keyPos(m, 'context'));
  }
  return ordered(m, ['context', 'dockerfile']);
};

export const transformEnvFile: Transform = (value, at) => {
  const list = typeof value === 'string' ? stamp([value], posOf(at)) : value;
  if (!Array.isArray(list)) return value;
  const out = mapList(list, at, (item, itemAt) => {
    if (typeof item === 'string') return [stamp({ path: hostPath(item, at.ctx), required: true }, posOf(itemAt))];
    if (isMapping(item)) {
      const m = copyMapping(item);
      if (typeof m.path === 'string') m.path = hostPath(m.path, at.ctx);
      m.required ??= true;
      return [ordered(m, ['path', 'required'])];
    }
    return [item];
  });
  return uniqueBy(out, (e) => (isMapping(e) && typeof e.path === 'string' ? e.path : undefined));
};

export const transformExtends: Transform = (value, at) =>
  typeof value === 'string' ? stamp({ service: value }, posOf(at)) : walkChildren(value, at);

/** A string becomes a one-item list; lists lose exact duplicates. */
export const stringOrList: Transform = (value, at) => {
  const list = typeof value === 'string' ? stamp([value], posOf(at)) : value;
  if (!Array.isArray(list)) return value;
  return uniqueBy(list, (v) => stableText(v));
};

function limitNumber(v: unknown): unknown {
  return typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v;
}

export const transformUlimit: Transform = (value) => {
  if (isMapping(value)) {
    const m = copyMapping(value);
    if (m.soft !== undefined) m.soft = limitNumber(m.soft);
    if (m.hard !== undefined) m.hard = limitNumber(m.hard);
    return ordered(m, ['soft', 'hard']);
  }
  return limitNumber(value);
};

