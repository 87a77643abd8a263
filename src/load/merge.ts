/**
 * Merging compose documents: one document (an override file) over the model built so far,
 * with docker compose's rules. The rules are a table keyed by path pattern; paths not in the
 * table merge mappings recursively, replace scalars and append sequences. `!reset` removes a
 * path, `!override` replaces it, and no tag marker survives in the result. Containers built
 * here carry the source positions of the values they came from.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { carryAll, carryKey, formatPath, isMapping, keyPos, selfPos, setKeyPos, setSelfPos, type Mapping } from './positions.js';
import { isOverride, isReset } from './tags.js';
import {
  canonicalPorts,
  isSpecError,
  mountTarget,
  normalizeTarget,
  portIdentity,
  put,
  stableText,
  stamp,
  uniqueBy,
  volumeTarget,
} from './canonical.js';

type Path = readonly string[];

/** Where the override value sits (for positions of diagnostics and of merged keys). */
interface Where {
  parent: object;
  key: string | number;
}

interface MergeContext {
  bag: DiagnosticBag;
}

type Merger = (base: unknown, over: unknown, path: Path, cx: MergeContext, where: Where) => unknown;

/** Returned instead of a value when the path must be removed (`!reset`). */
const DROP = Symbol('drop');

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

/** Merges `override` over `base` (neither is modified). Tags in `override` are applied and removed. */
export function mergeFiles(base: Mapping, override: Mapping, bag: DiagnosticBag): Mapping {
  const holder = { root: override };
  const out = mergeAt(base, override, [], { bag }, { parent: holder, key: 'root' });
  return isMapping(out) ? out : {};
}

/** Resolves tags in a single document: `!reset` drops the key, `!override` unwraps its value. */
export function resolveTags(doc: Mapping): Mapping {
  const out = resolveValue(doc);
  return isMapping(out) ? out : {};
}

function resolveValue(v: unknown): unknown {
  if (isReset(v)) return DROP;
  if (isOverride(v)) return resolveValue(v.value);
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    setSelfPos(out, selfPos(v));
    v.forEach((item, i) => {
      const r = resolveValue(item);
      if (r === DROP) return;
      setKeyPos(out, out.length, keyPos(v, i));
      out.push(r);
    });
    return out;
  }
  if (isMapping(v)) {
    const out: Mapping = {};
    carryAll(out, v);
    for (const [k, item] of Object.entries(v)) {
      const r = resolveValue(item);
      if (r !== DROP) put(out, k, r);
    }
    return out;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// The merge walk
// ---------------------------------------------------------------------------------------------

function isContainer(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

function kind(v: unknown): string {
  return Array.isArray(v) ? 'a list' : isMapping(v) ? 'a mapping' : `the value ${JSON.stringify(v)}`;
}

function mergeAt(base: unknown, over: unknown, path: Path, cx: MergeContext, where: Where): unknown {
  if (isReset(over)) return DROP;
  if (isOverride(over)) return resolveValue(over.value);
  if (base === undefined || base === null) return resolveValue(over);
  // An empty override never clears anything: only !reset does.
  if (over === null || over === undefined || (Array.isArray(over) && over.length === 0)) return base;
  if (path.some((s) => s.startsWith('x-'))) return mergeExtension(base, over, path, cx);
  const rule = findRule(path);
  if (rule) return rule(base, over, path, cx, where);
  return mergeDefault(base, over, path, cx, where);
}

function mergeDefault(base: unknown, over: unknown, path: Path, cx: MergeContext, where: Where): unknown {
  if (isMapping(base) && isMapping(over)) return mergeMappings(base, over, path, cx);
  if (Array.isArray(base) && Array.isArray(over)) return append(base, over);
  if (isContainer(base) || isContainer(over)) {
    cx.bag.error({
      code: 'CXM1101',
      message: `cannot merge ${kind(over)} over ${kind(base)} at ${formatPath(path)}`,
      path: formatPath(path),
      pos: keyPos(where.parent, where.key),
      expected: `${kind(base).startsWith('the value') ? 'a scalar' : kind(base)}, as in the earlier file`,
      hint: 'use the same form as the earlier file, or tag the value with !override to replace it',
    });
  }
  return resolveValue(over);
}

function mergeMappings(base: Mapping, over: Mapping, path: Path, cx: MergeContext): Mapping {
  const out: Mapping = { ...base };
  carryAll(out, base);
  for (const [k, v] of Object.entries(over)) {
    const before = Object.hasOwn(base, k) ? base[k] : undefined;
    const merged = mergeAt(before, v, [...path, k], cx, { parent: over, key: k });
    if (merged === DROP) {
      delete out[k];
      continue;
    }
    put(out, k, merged);
    const fromOver = merged !== before && (before === undefined || before === null || isOverride(v) || !isContainer(merged));
    if (fromOver) carryKey(out, k, over, k);
  }
  return out;
}

/** base items, then the override's items (tags resolved), with their positions. */
function append(base: unknown[], over: unknown[]): unknown[] {
  const out: unknown[] = [];
  setSelfPos(out, selfPos(base));
  base.forEach((item, i) => {
    setKeyPos(out, out.length, keyPos(base, i));
    out.push(item);
  });
  over.forEach((item, i) => {
    const r = resolveValue(item);
    if (r === DROP) return;
    setKeyPos(out, out.length, keyPos(over, i));
    out.push(r);
  });
  return out;
}

/** x-* extensions: mappings merged recursively, lists get the override items they do not have yet. */
function mergeExtension(base: unknown, over: unknown, path: Path, cx: MergeContext): unknown {
  if (isMapping(base) && isMapping(over)) return mergeMappings(base, over, path, cx);
  if (!Array.isArray(base) || !Array.isArray(over)) return resolveValue(over);
  const out = append(base, []);
  const seen = new Set(base.map(stableText));
  over.forEach((item, i) => {
    const r = resolveValue(item);
    if (r === DROP || seen.has(stableText(r))) return;
    seen.add(stableText(r));
    setKeyPos(out, out.length, keyPos(over, i));
    out.push(r);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

const replace: Merger = (_base, over) => resolveValue(over);

/** Sequences appended, then de-duplicated by `identity` (a later entry replaces an earlier one in place). */
function appendUnique(identity: (item: unknown) => string | undefined, stringIsList = false): Merger {
  return (base, over, path, cx, where) => {
    const b = stringIsList && typeof base === 'string' ? stamp([base], selfPos(base)) : base;
    const o = stringIsList && typeof over === 'string' ? stamp([over], keyPos(where.parent, where.key)) : over;
    if (!Array.isArray(b) || !Array.isArray(o)) return mergeDefault(b, o, path, cx, where);
    return uniqueBy(append(b, o), identity);
  };
}

const exact = (item: unknown): string => stableText(typeof item === 'number' ? String(item) : item);

/** Ports compared on their canonical form: host IP, published port, target and protocol. */
const mergePorts: Merger = (base, over, path, cx, where) => {
  if (!Array.isArray(base) || !Array.isArray(over)) return mergeDefault(base, over, path, cx, where);
  const all = append(base, over);
  const expanded: unknown[] = [];
  setSelfPos(expanded, selfPos(all));
  all.forEach((entry, i) => {
    const ports = canonicalPorts(entry);
    const items = isSpecError(ports) ? [entry] : ports.map((p) => (isMapping(entry) ? p : stamp(p, keyPos(all, i))));
    for (const p of items) {
      setKeyPos(expanded, expanded.length, keyPos(all, i));
      expanded.push(p);
    }
  });
  return uniqueBy(expanded, (p) => (isMapping(p) && typeof p.target === 'number' ? portIdentity(p) : undefined));
};

function deviceTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') {
    const parts = entry.split(':');
    return normalizeTarget(parts.length === 1 ? parts[0] : parts[1]);
  }
  return isMapping(entry) && typeof entry.target === 'string' ? normalizeTarget(entry.target) : undefined;
}

function envFilePath(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  return isMapping(entry) && typeof entry.path === 'string' ? entry.path : undefined;
}

interface KeyedEntry {
  key: string;
  value: unknown;
  pos: ReturnType<typeof keyPos>;
  reset: boolean;
}

type KeySplitter = (text: string) => [string, string | null];

const splitEquals: KeySplitter = (text) => {
  const eq = text.indexOf('=');
  return eq < 0 ? [text, null] : [text.slice(0, eq), text.slice(eq + 1)];
};

/** extra_hosts accept `host=ip` and `host:ip`. */
const splitHost: KeySplitter = (text) => {
  const eq = text.indexOf('=');
  const sep = eq >= 0 ? eq : text.indexOf(':');
  return sep < 0 ? [text, null] : [text.slice(0, sep), text.slice(sep + 1)];
};

function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : stableText(v);
}

function keyedEntries(value: unknown, split: KeySplitter, multi: boolean): KeyedEntry[] | undefined {
  const entries: KeyedEntry[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const r = resolveValue(item);
      if (r === DROP || r === null) return;
      const [key, v] = split(scalarText(r));
      const prev = multi ? entries.find((e) => e.key === key) : undefined;
      if (prev && v !== null) prev.value = [...(Array.isArray(prev.value) ? prev.value : [prev.value]), v];
      else entries.push({ key, value: v, pos: keyPos(value, i), reset: false });
    });
    return entries;
  }
  if (isMapping(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (isReset(v)) entries.push({ key, value: null, pos: keyPos(value, key), reset: true });
      else entries.push({ key, value: resolveValue(v), pos: keyPos(value, key), reset: false });
    }
    return entries;
  }
  return undefined;
}

/**
 * environment, labels, … : merged key by key whatever mix of `K=V` lists and mappings. A bare
 * `KEY` replaces an earlier value with a value-less entry. The result keeps the base's form.
 */
function mergeByKey(split: KeySplitter, multi = false): Merger {
  return (base, over, path, cx, where) => {
    const b = keyedEntries(base, split, multi);
    const o = keyedEntries(over, split, multi);
    if (!b || !o) return mergeDefault(base, over, path, cx, where);
    const merged = new Map<string, KeyedEntry>();
    for (const e of b) merged.set(e.key, e);
    for (const e of o) {
      if (e.reset) merged.delete(e.key);
      else merged.set(e.key, e);
    }
    if (Array.isArray(base)) {
      const out: string[] = [];
      setSelfPos(out, selfPos(base));
      for (const e of merged.values()) {
        for (const v of Array.isArray(e.value) ? e.value : [e.value]) {
          setKeyPos(out, out.length, e.pos);
          out.push(v === null ? e.key : `${e.key}=${scalarText(v)}`);
        }
      }
      return out;
    }
    const out: Mapping = {};
    setSelfPos(out, selfPos(base));
    for (const e of merged.values()) {
      put(out, e.key, e.value);
      setKeyPos(out, e.key, e.pos);
    }
    return out;
  };
}

/** A list of names becomes a mapping (`defaults` for each name), then mappings merge per name. */
function mergeAsMapping(defaults: () => Mapping | null): Merger {
  const toMapping = (v: unknown): unknown => {
    if (!Array.isArray(v)) return v;
    const out: Mapping = {};
    setSelfPos(out, selfPos(v));
    v.forEach((name, i) => {
      const r = resolveValue(name);
      if (typeof r !== 'string') return;
      const d = defaults();
      put(out, r, d === null ? null : stamp(d, keyPos(v, i)));
      setKeyPos(out, r, keyPos(v, i));
    });
    return out;
  };
  return (base, over, path, cx, where) => {
    const b = toMapping(base);
    const o = toMapping(over);
    if (isMapping(b) && isMapping(o)) return mergeMappings(b, o, path, cx);
    return mergeDefault(b, o, path, cx, where);
  };
}

/** logging: options merge only when both drivers are the same or one is missing; else replaced. */
const mergeLogging: Merger = (base, over, path, cx, where) => {
  if (!isMapping(base) || !isMapping(over)) return mergeDefault(base, over, path, cx, where);
  const d1 = base.driver;
  const d2 = isOverride(over.driver) ? over.driver.value : over.driver;
  if (d1 === undefined || d2 === undefined || d1 === d2) return mergeMappings(base, over, path, cx);
  return resolveValue(over);
};

/** A `build` string is the context of a build mapping. */
const mergeBuild: Merger = (base, over, path, cx, where) => {
  const toMapping = (v: unknown, pos: ReturnType<typeof keyPos>): unknown =>
    typeof v === 'string' ? stamp({ context: v }, pos) : v;
  const b = toMapping(base, selfPos(base));
  const o = toMapping(over, keyPos(where.parent, where.key));
  if (isMapping(b) && isMapping(o)) return mergeMappings(b, o, path, cx);
  return mergeDefault(b, o, path, cx, where);
};

/** One ulimit: a number replaces; two {soft, hard} mappings merge. */
const mergeUlimit: Merger = (base, over, path, cx) =>
  isMapping(base) && isMapping(over) ? mergeMappings(base, over, path, cx) : resolveValue(over);

/** Path pattern → merge rule. */
const RULE_TABLE: ReadonlyArray<readonly [string, Merger]> = [
  ['services.*.command', replace],
  ['services.*.entrypoint', replace],
  ['services.*.healthcheck.test', replace],
  ['services.*.environment', mergeByKey(splitEquals)],
  ['services.*.labels', mergeByKey(splitEquals)],
  ['services.*.annotations', mergeByKey(splitEquals)],
  ['services.*.sysctls', mergeByKey(splitEquals)],
  ['services.*.build.args', mergeByKey(splitEquals)],
  ['services.*.build.labels', mergeByKey(splitEquals)],
  ['services.*.build.additional_contexts', mergeByKey(splitEquals)],
  ['services.*.deploy.labels', mergeByKey(splitEquals)],
  ['networks.*.labels', mergeByKey(splitEquals)],
  ['volumes.*.labels', mergeByKey(splitEquals)],
  ['secrets.*.labels', mergeByKey(splitEquals)],
  ['configs.*.labels', mergeByKey(splitEquals)],
  ['services.*.extra_hosts', mergeByKey(splitHost, true)],
  ['services.*.build.extra_hosts', mergeByKey(splitHost, true)],
  ['services.*.depends_on', mergeAsMapping(() => ({ condition: 'service_started', required: true }))],
  ['services.*.networks', mergeAsMapping(() => null)],
  ['services.*.logging', mergeLogging],
  ['services.*.build', mergeBuild],
  ['services.*.ulimits.*', mergeUlimit],
  ['services.*.ports', mergePorts],
  ['services.*.volumes', appendUnique(volumeTarget)],
  ['services.*.secrets', appendUnique((e) => mountTarget(e, '/run/secrets'))],
  ['services.*.configs', appendUnique((e) => mountTarget(e, ''))],
  ['services.*.devices', appendUnique(deviceTarget)],
  ['services.*.env_file', appendUnique(envFilePath, true)],
  ['services.*.dns', appendUnique(exact, true)],
  ['services.*.dns_search', appendUnique(exact, true)],
  ['services.*.dns_opt', appendUnique(exact)],
  ['services.*.tmpfs', appendUnique(exact, true)],
  ['services.*.label_file', appendUnique(exact, true)],
  ['services.*.cap_add', appendUnique(exact)],
  ['services.*.cap_drop', appendUnique(exact)],
  ['services.*.expose', appendUnique(exact)],
  ['services.*.profiles', appendUnique(exact)],
  ['services.*.links', appendUnique(exact)],
  ['services.*.networks.*.aliases', appendUnique(exact)],
  ['services.*.networks.*.link_local_ips', appendUnique(exact)],
  ['services.*.build.tags', appendUnique(exact)],
  ['services.*.build.platforms', appendUnique(exact)],
];

const RULES: ReadonlyArray<readonly [string[], Merger]> = RULE_TABLE.map(([p, m]) => [p.split('.'), m] as const);

function findRule(path: Path): Merger | undefined {
  for (const [pattern, rule] of RULES) {
    if (pattern.length === path.length && pattern.every((p, i) => p === '*' || p === path[i])) return rule;
  }
  return undefined;
}
