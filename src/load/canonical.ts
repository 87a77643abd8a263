/**
 * Canonical long forms: converts compose short syntax into the long forms that
 * `docker compose config --format json` prints (ports, volumes, depends_on, secrets, build,
 * env_file, environment/labels maps, shell-split commands, byte sizes, durations, …).
 * Rules live in a table keyed by path pattern; every container built here carries the source
 * positions of the value it came from. The parsers for port and volume short syntax are
 * exported for the merge stage, which compares entries on their canonical form.
 */
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { posix, resolve as resolvePath } from 'node:path';
import { parse as shellParse } from 'shell-quote';
import type { DiagnosticBag, SourcePos } from '../diagnostics/diagnostic.js';
import { parseDurationSeconds } from '../model/duration.js';
import { MEMORY_EXPECTED, CPUS_EXPECTED, parseCpus, parseMemoryBytes } from '../model/units.js';
import { carryAll, formatPath, isMapping, keyPos, selfPos, setKeyPos, setSelfPos, type Mapping } from './positions.js';

export interface CanonicalContext {
  projectDir: string;
  bag: DiagnosticBag;
  /** File the document came from, named in diagnostics that have no position. */
  file?: string;
  /** Home folder for `~` in bind mounts (defaults to the OS home folder). */
  home?: string;
}

type Seg = string | number;

interface At {
  path: Seg[];
  parent: object;
  key: Seg;
  ctx: CanonicalContext;
}

type Transform = (value: unknown, at: At) => unknown;

/** A short-syntax value that cannot be read; `expected`/`hint` go into the diagnostic. */
export interface SpecError {
  error: string;
  expected: string;
  hint: string;
}

export function isSpecError(v: unknown): v is SpecError {
  return isMapping(v) && typeof v.error === 'string' && typeof v.expected === 'string';
}

// ---------------------------------------------------------------------------------------------
// Entry point and walker
// ---------------------------------------------------------------------------------------------

export function canonicalize(doc: Mapping, ctx: CanonicalContext): Mapping {
  const root = { doc };
  const out = walk(doc, { path: [], parent: root, key: 'doc', ctx });
  return isMapping(out) ? out : doc;
}

function walk(value: unknown, at: At): unknown {
  if (at.path.some((s) => typeof s === 'string' && s.startsWith('x-'))) return value;
  const rule = findRule(at.path);
  if (rule) return rule(value, at);
  return walkChildren(value, at);
}

function walkChildren(value: unknown, at: At): unknown {
  if (Array.isArray(value)) {
    const out = value.map((v, i) => walk(v, child(at, value, i)));
    carryAll(out, value);
    return out;
  }
  if (isMapping(value)) {
    const out: Mapping = {};
    carryAll(out, value);
    for (const [k, v] of Object.entries(value)) put(out, k, walk(v, child(at, value, k)));
    return out;
  }
  return value;
}

function child(at: At, parent: object, key: Seg): At {
  return { path: [...at.path, key], parent, key, ctx: at.ctx };
}

function matches(pattern: readonly string[], path: readonly Seg[]): boolean {
  if (pattern.length !== path.length) return false;
  return pattern.every((p, i) => p === '*' || p === String(path[i]));
}

function findRule(path: readonly Seg[]): Transform | undefined {
  for (const [pattern, rule] of RULES) if (matches(pattern, path)) return rule;
  return undefined;
}

function report(at: At, code: string, message: string, expected?: string, hint?: string): void {
  const pos = keyPos(at.parent, at.key);
  const where = !pos && at.ctx.file ? ` (in ${at.ctx.file})` : '';
  at.ctx.bag.error({ code, message: message + where, path: formatPath(at.path), pos, expected, hint });
}

function posOf(at: At): SourcePos | undefined {
  return keyPos(at.parent, at.key);
}

/** Sets a key as an own property, even for names like `__proto__`. */
export function put(obj: Mapping, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Gives a new container built from a scalar the position of that scalar, for itself and each key. */
export function stamp<T extends object>(obj: T, pos: SourcePos | undefined): T {
  if (!pos) return obj;
  setSelfPos(obj, pos);
  for (const k of Array.isArray(obj) ? obj.keys() : Object.keys(obj)) setKeyPos(obj, k, pos);
  return obj;
}

/** New mapping with `keys` first (in that order, when present), then the remaining keys. */
function ordered(m: Mapping, keys: readonly string[]): Mapping {
  const out: Mapping = {};
  carryAll(out, m);
  for (const k of keys) if (m[k] !== undefined) out[k] = m[k];
  for (const [k, v] of Object.entries(m)) if (!Object.hasOwn(out, k) && v !== undefined) put(out, k, v);
  return out;
}

function copyMapping(m: Mapping): Mapping {
  const out: Mapping = { ...m };
  carryAll(out, m);
  return out;
}

/** Maps each list item through `fn`, which may expand one item into several. */
function mapList(list: unknown[], at: At, fn: (item: unknown, itemAt: At) => unknown[]): unknown[] {
  const out: unknown[] = [];
  setSelfPos(out, selfPos(list));
  list.forEach((item, i) => {
    const itemAt = child(at, list, i);
    for (const produced of fn(item, itemAt)) {
      setKeyPos(out, out.length, keyPos(list, i));
      out.push(produced);
    }
  });
  return out;
}

/** Keeps the first position of each identity; a later entry with the same identity replaces it in place. */
export function uniqueBy(list: unknown[], identity: (item: unknown) => string | undefined): unknown[] {
  const out: unknown[] = [];
  setSelfPos(out, selfPos(list));
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const id = identity(item);
    const at = id === undefined ? undefined : seen.get(id);
    if (at !== undefined) {
      out[at] = item;
      setKeyPos(out, at, keyPos(list, i));
      return;
    }
    if (id !== undefined) seen.set(id, out.length);
    setKeyPos(out, out.length, keyPos(list, i));
    out.push(item);
  });
  return out;
}

/** Stable text for deep equality of plain trees (keys sorted). */
export function stableText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableText).join(',')}]`;
  if (isMapping(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableText(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

// ---------------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------------

const PORT_ORDER = ['name', 'mode', 'host_ip', 'target', 'published', 'protocol', 'app_protocol'] as const;
const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);
const PORT_EXPECTED =
  'a port "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]" with ports 1-65535 (ranges like "8000-8002"), an integer, or a mapping with `target`';
const PORT_HINT = 'e.g. "8080:80", "127.0.0.1:8080:80/udp", 80, or {target: 80, published: "8080"}';

function portError(error: string): SpecError {
  return { error, expected: PORT_EXPECTED, hint: PORT_HINT };
}

interface PortRange {
  start: number;
  end: number;
}

function parsePortRange(text: string, what: string): PortRange | SpecError {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return portError(`${what} "${text}" is not a port number or range`);
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535) return portError(`${what} "${text}" is above 65535`);
  if (end < start) return portError(`${what} range "${text}" ends before it starts`);
  return { start, end };
}

function portMapping(fields: { host_ip?: string; target: number; published?: string; protocol: string }): Mapping {
  const m: Mapping = { mode: 'ingress' };
  if (fields.host_ip) m.host_ip = fields.host_ip;
  m.target = fields.target;
  if (fields.published !== undefined && fields.published !== '') m.published = fields.published;
  m.protocol = fields.protocol;
  return m;
}

/**
 * Parses the port short syntax `[ip:][host:]container[/proto]` as docker does: a container
 * range gives one entry per port (matching a host range of the same length), a single
 * container port with a host range keeps the host range as `published`.
 */
export function parsePortSpec(spec: string): Mapping[] | SpecError {
  let rest = spec.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
    if (!PROTOCOLS.has(protocol)) return portError(`unknown protocol "${spec.slice(slash + 1)}" in port "${spec}"`);
  }
  const parts = rest.split(':');
  const containerText = parts[parts.length - 1];
  let hostText = '';
  let ip = '';
  if (parts.length === 2) hostText = parts[0];
  else if (parts.length >= 3) {
    hostText = parts[parts.length - 2];
    ip = parts.slice(0, parts.length - 2).join(':');
  }
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (ip !== '' && isIP(ip) === 0) return portError(`invalid host IP address "${ip}" in port "${spec}"`);
  if (containerText === '') return portError(`no container port in "${spec}"`);
  const container = parsePortRange(containerText, 'container port');
  if (isSpecError(container)) return container;
  if (container.start === 0) return portError(`container port 0 in "${spec}" is not a valid port`);
  let host: PortRange | undefined;
  if (hostText !== '') {
    const h = parsePortRange(hostText, 'host port');
    if (isSpecError(h)) return h;
    host = h;
    const sameLength = h.end - h.start === container.end - container.start;
    if (!sameLength && container.end !== container.start) {
      return portError(`host range "${hostText}" and container range "${containerText}" in "${spec}" have different lengths`);
    }
  }
  const entries: Array<{ key: string; port: Mapping }> = [];
  for (let i = 0; i <= container.end - container.start; i++) {
    const target = container.start + i;
    let published: string | undefined;
    if (host) {
      published = String(host.start + i);
      if (container.start === container.end && host.start !== host.end) published = `${host.start}-${host.end}`;
    }
    entries.push({ key: `${target}/${protocol}`, port: portMapping({ host_ip: ip, target, published, protocol }) });
  }
  // docker sorts the container ports of one entry as text ("100/tcp" before "99/tcp").
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return entries.map((e) => e.port);
}

function portNumber(v: unknown, what: string, allowZero: boolean): number | SpecError {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  if (text === undefined || !/^\d+$/.test(text)) return portError(`${what} ${JSON.stringify(v)} is not a port number`);
  const n = Number(text);
  if (n > 65535) return portError(`${what} ${text} is above 65535`);
  if (n === 0 && !allowZero) return portError(`${what} 0 is not a valid port`);
  return n;
}

/** Canonical form of one port entry (string, integer or mapping); a string may expand to several. */
export function canonicalPorts(entry: unknown): Mapping[] | SpecError {
  if (typeof entry === 'string') return parsePortSpec(entry);
  if (typeof entry === 'number') {
    const n = portNumber(entry, 'port', false);
    return isSpecError(n) ? n : [portMapping({ target: n, protocol: 'tcp' })];
  }
  if (isMapping(entry)) {
    const target = portNumber(entry.target, 'target port', false);
    if (isSpecError(target)) return target;
    const m = copyMapping(entry);
    m.target = target;
    if (typeof m.published === 'number') {
      const p = portNumber(m.published, 'published port', true);
      if (isSpecError(p)) return p;
      m.published = String(p);
    }
    if (typeof m.protocol === 'string') m.protocol = m.protocol.toLowerCase();
    m.protocol ??= 'tcp';
    m.mode ??= 'ingress';
    return [ordered(m, PORT_ORDER)];
  }
  return portError(`a port must be a string, an integer or a mapping, not ${describe(entry)}`);
}

/** The identity docker uses to de-duplicate ports: host IP, published, target and protocol. */
export function portIdentity(port: Mapping): string {
  const ip = typeof port.host_ip === 'string' && port.host_ip !== '' ? port.host_ip : '0.0.0.0';
  return `${ip}:${port.published ?? ''}:${port.target}/${port.protocol ?? 'tcp'}`;
}

const transformPorts: Transform = (value, at) => {
  if (!Array.isArray(value)) return value;
  const list = mapList(value, at, (item, itemAt) => {
    const ports = canonicalPorts(item);
    if (isSpecError(ports)) {
      report(itemAt, 'CXM1001', `invalid port ${describe(item)}: ${ports.error}`, ports.expected, ports.hint);
      return [item];
    }
    const pos = keyPos(itemAt.parent, itemAt.key);
    return ports.map((p) => (typeof item === 'object' ? p : stamp(p, pos)));
  });
  return uniqueBy(list, (p) => (isMapping(p) ? portIdentity(p) : undefined));
};

// ---------------------------------------------------------------------------------------------
// Service volumes
// ---------------------------------------------------------------------------------------------

const VOLUME_ORDER = ['type', 'source', 'target', 'read_only', 'consistency', 'bind', 'volume', 'tmpfs', 'image'] as const;
const BIND_ORDER = ['propagation', 'create_host_path', 'selinux'] as const;
const PROPAGATIONS = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave']);
const VOLUME_EXPECTED = '"[SOURCE:]TARGET[:MODE]" where MODE is a comma-separated list of ro, rw, nocopy, z, Z or a propagation';
const VOLUME_HINT = 'e.g. "data:/var/lib/data", "./conf:/etc/app:ro" or "/cache"';

/** path.Clean for a mount target, without trailing slash. */
export function normalizeTarget(target: string): string {
  if (target === '') return '';
  const n = posix.normalize(target);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

function isFilePath(source: string): boolean {
  if (source === '') return false;
  if ('./~'.includes(source[0])) return true;
  if (source.startsWith('\\\\')) return true;
  return source.length > 1 && source[1] === ':' && /\p{L}/u.test(source[0]);
}

/**
 * Parses the volume short syntax `[source:]target[:options]` like compose-go: a source that
 * starts with `.`, `/` or `~` is a bind mount (created when missing), anything else a named
 * volume; a lone path is an anonymous volume. Paths are not resolved here.
 */
export function parseVolumeSpec(spec: string): Mapping | SpecError {
  const err = (error: string): SpecError => ({ error, expected: VOLUME_EXPECTED, hint: VOLUME_HINT });
  if (spec.length === 0) return err('empty volume');
  let source = '';
  let target = '';
  let readOnly = false;
  let nocopy = false;
  const bind: Mapping = {};
  if (spec.length <= 2) {
    target = spec;
  } else {
    const sections: string[] = [];
    let buf = '';
    let depth = 0;
    for (let i = 0; i < spec.length; i++) {
      const c = spec[i];
      if (c === '$' && spec[i + 1] === '{') depth++;
      else if (c === '}' && depth > 0) depth--;
      const windowsDrive = c === ':' && buf.length === 1 && /\p{L}/u.test(buf) && sections.length === 0;
      if (c === ':' && depth === 0 && !windowsDrive) {
        sections.push(buf);
        buf = '';
      } else buf += c;
    }
    sections.push(buf);
    if (sections.some((s) => s === '')) return err(`empty section between colons in "${spec}"`);
    if (sections.length > 3) return err(`too many colons in "${spec}"`);
    if (sections.length === 1) target = sections[0];
    else {
      source = sections[0];
      target = sections[1];
    }
    if (sections.length === 3) {
      for (const option of sections[2].split(',')) {
        if (option === 'ro') readOnly = true;
        else if (option === 'rw') readOnly = false;
        else if (option === 'nocopy') nocopy = true;
        else if (PROPAGATIONS.has(option)) bind.propagation = option;
        else if (option === 'z' || option === 'Z') bind.selinux = option;
      }
    }
  }
  const out: Mapping = {};
  if (isFilePath(source)) {
    out.type = 'bind';
    out.source = source;
    out.target = normalizeTarget(target);
    if (readOnly) out.read_only = true;
    out.bind = ordered({ ...bind, create_host_path: true }, BIND_ORDER);
  } else {
    out.type = 'volume';
    if (source !== '') out.source = source;
    out.target = normalizeTarget(target);
    if (readOnly) out.read_only = true;
    out.volume = nocopy ? { nocopy: true } : {};
  }
  return out;
}

/** Mount target of a service volume entry (short or long form), for de-duplication. */
export function volumeTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') {
    const v = parseVolumeSpec(entry);
    return isSpecError(v) ? undefined : (v.target as string);
  }
  if (isMapping(entry) && typeof entry.target === 'string') return normalizeTarget(entry.target);
  return undefined;
}

/** Absolute host path: `~` is the home folder, relative paths are taken from the project folder. */
function hostPath(p: string, ctx: CanonicalContext): string {
  if (p === '~' || p.startsWith('~/')) return posix.join(ctx.home ?? homedir(), p.slice(1));
  if (posix.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')) return p;
  return resolvePath(ctx.projectDir, p);
}

function canonicalVolume(item: unknown, at: At): unknown {
  const pos = posOf(at);
  let m: Mapping;
  if (typeof item === 'string') {
    const parsed = parseVolumeSpec(item);
    if (isSpecError(parsed)) {
      report(at, 'CXM1002', `invalid volume ${JSON.stringify(item)}: ${parsed.error}`, parsed.expected, parsed.hint);
      return item;
    }
    m = stamp(parsed, pos);
    if (isMapping(m.bind)) stamp(m.bind, pos);
    if (isMapping(m.volume)) stamp(m.volume, pos);
  } else if (isMapping(item)) {
    m = copyMapping(item);
    if (typeof m.target === 'string') m.target = normalizeTarget(m.target);
    if (m.read_only !== true) delete m.read_only;
    if (isMapping(m.bind)) {
      const b = copyMapping(m.bind);
      b.create_host_path ??= true;
      m.bind = ordered(b, BIND_ORDER);
    }
  } else {
    report(at, 'CXM1002', `invalid volume ${describe(item)}`, VOLUME_EXPECTED + ', or a mapping with `type` and `target`', VOLUME_HINT);
    return item;
  }
  if (m.type === 'bind' && typeof m.source === 'string') m.source = hostPath(m.source, at.ctx);
  return ordered(m, VOLUME_ORDER);
}

const transformServiceVolumes: Transform = (value, at) => {
  if (!Array.isArray(value)) return value;
  const list = mapList(value, at, (item, itemAt) => [canonicalVolume(item, itemAt)]);
  return uniqueBy(list, volumeTarget);
};

// ---------------------------------------------------------------------------------------------
// secrets / configs, depends_on, networks, build, env_file, extends
// ---------------------------------------------------------------------------------------------

/** Target of a service secret or config, with the implicit default for the short form. */
export function mountTarget(entry: unknown, defaultDir: string): string | undefined {
  const source = typeof entry === 'string' ? entry : isMapping(entry) ? entry.source : undefined;
  const target = isMapping(entry) ? entry.target : undefined;
  if (typeof target === 'string' && target !== '') {
    return target.startsWith('/') || defaultDir === '' ? target : `${defaultDir}/${target}`;
  }
  return typeof source === 'string' ? `${defaultDir}/${source}` : undefined;
}

function fileMounts(defaultDir: string): Transform {
  return (value, at) => {
    if (!Array.isArray(value)) return value;
    const list = mapList(value, at, (item, itemAt) => {
      if (typeof item === 'string') return [stamp({ source: item }, posOf(itemAt))];
      if (isMapping(item) && typeof item.mode === 'number') {
        const m = copyMapping(item);
        m.mode = `0${item.mode.toString(8)}`;
        return [m];
      }
      return [walkChildren(item, itemAt)];
    });
    return uniqueBy(list, (e) => mountTarget(e, defaultDir));
  };
}

const transformDependsOn: Transform = (value, at) => {
  const out: Mapping = {};
  if (Array.isArray(value)) {
    setSelfPos(out, selfPos(value));
    value.forEach((name, i) => {
      if (typeof name !== 'string') return;
      put(out, name, stamp({ condition: 'service_started', required: true }, keyPos(value, i)));
      setKeyPos(out, name, keyPos(value, i));
    });
    return out;
  }
  if (!isMapping(value)) return value;
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

const transformServiceNetworks: Transform = (value, at) => {
  if (!Array.isArray(value)) return walkChildren(value, at);
  const out: Mapping = {};
  setSelfPos(out, selfPos(value));
  value.forEach((name, i) => {
    if (typeof name !== 'string') return;
    put(out, name, null);
    setKeyPos(out, name, keyPos(value, i));
  });
  return out;
};

function isRemoteContext(context: string): boolean {
  return /^(https?:\/\/|git:\/\/|git@|github\.com\/)/.test(context) || context.includes('://');
}

const transformBuild: Transform = (value, at) => {
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

const transformEnvFile: Transform = (value, at) => {
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

const transformExtends: Transform = (value, at) =>
  typeof value === 'string' ? stamp({ service: value }, posOf(at)) : walkChildren(value, at);

/** A string becomes a one-item list; lists lose exact duplicates. */
const stringOrList: Transform = (value, at) => {
  const list = typeof value === 'string' ? stamp([value], posOf(at)) : value;
  if (!Array.isArray(list)) return value;
  return uniqueBy(list, (v) => stableText(v));
};

const transformExpose: Transform = (value, at) => {
  if (!Array.isArray(value)) return value;
  const list = mapList(value, at, (item) => [typeof item === 'number' ? String(item) : item]);
  return uniqueBy(list, (v) => stableText(v));
};

// ---------------------------------------------------------------------------------------------
// Key/value maps, commands, sizes, durations, hosts, ulimits
// ---------------------------------------------------------------------------------------------

function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : stableText(v);
}

/**
 * `KEY=VALUE` lists and mappings → a mapping of strings. A key without value becomes
 * `bare` (null for environment and build args, "" for labels and similar).
 */
function keyValueMap(bare: null | ''): Transform {
  return (value, at) => {
    const out: Mapping = {};
    if (Array.isArray(value)) {
      setSelfPos(out, selfPos(value));
      value.forEach((item, i) => {
        const text = scalarText(item);
        const eq = text.indexOf('=');
        const key = eq < 0 ? text : text.slice(0, eq);
        put(out, key, eq < 0 ? bare : text.slice(eq + 1));
        setKeyPos(out, key, keyPos(value, i));
      });
      return out;
    }
    if (!isMapping(value)) return value;
    carryAll(out, value);
    for (const [k, v] of Object.entries(value)) put(out, k, v === null || v === undefined ? bare : scalarText(v));
    return out;
  };
}

/**
 * Shell-style split of a command string, without any expansion: values are already
 * interpolated, so `$`, `#` and glob characters are literal text here.
 */
export function splitCommand(text: string): string[] {
  const DOLLAR = '\u{F0000}';
  const HASH = '\u{F0001}';
  const guarded = text.replaceAll('$', DOLLAR).replace(/#/g, HASH);
  const restore = (s: string): string => s.replaceAll(DOLLAR, '$').replaceAll(HASH, '#');
  const out: string[] = [];
  for (const token of shellParse(guarded)) {
    if (typeof token === 'string') out.push(restore(token));
    else if ('op' in token && token.op === 'glob') out.push(restore(token.pattern));
    else if ('op' in token) out.push(restore(token.op));
    else if ('comment' in token) out.push(restore(`#${token.comment}`));
  }
  return out;
}

const transformCommand: Transform = (value, at) => {
  if (typeof value === 'string') return stamp(splitCommand(value), posOf(at));
  if (Array.isArray(value)) return mapList(value, at, (item) => [item === null ? item : scalarText(item)]);
  return value;
};

const transformHealthTest: Transform = (value, at) => {
  if (typeof value === 'string') return stamp(['CMD-SHELL', value], posOf(at));
  if (Array.isArray(value)) return mapList(value, at, (item) => [scalarText(item)]);
  return value;
};

const transformMemory: Transform = (value, at) => {
  if (value === null || value === undefined) return value;
  if (value === -1 || value === '-1') return '-1';
  try {
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error('not a size');
    return String(parseMemoryBytes(value));
  } catch {
    report(at, 'CXM1003', `invalid byte size ${describe(value)}`, MEMORY_EXPECTED, 'e.g. "512m" or "2g"');
    return value;
  }
};

const transformCpus: Transform = (value, at) => {
  if (value === null || value === undefined) return value;
  try {
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error('not a number');
    return parseCpus(value);
  } catch {
    report(at, 'CXM1005', `invalid number of CPUs ${describe(value)}`, CPUS_EXPECTED, 'e.g. 0.5 or "2"');
    return value;
  }
};

function fraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const rest = value - whole * unit;
  if (rest === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/** Go's time.Duration text for a whole number of nanoseconds ("1m30s", "1h0m0s", "500ms"). */
export function formatGoDuration(nanos: number): string {
  if (nanos === 0) return '0s';
  if (nanos < 0) return `-${formatGoDuration(-nanos)}`;
  if (nanos < 1e3) return `${nanos}ns`;
  if (nanos < 1e6) return `${fraction(nanos, 1e3)}µs`;
  if (nanos < 1e9) return `${fraction(nanos, 1e6)}ms`;
  const hours = Math.floor(nanos / 3600e9);
  const minutes = Math.floor((nanos - hours * 3600e9) / 60e9);
  const seconds = nanos - hours * 3600e9 - minutes * 60e9;
  let out = '';
  if (hours > 0) out += `${hours}h`;
  if (hours > 0 || minutes > 0) out += `${minutes}m`;
  return `${out}${fraction(seconds, 1e9)}s`;
}

const transformDuration: Transform = (value, at) => {
  if (value === null || value === undefined) return value;
  try {
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error('not a duration');
    return formatGoDuration(Math.round(parseDurationSeconds(value) * 1e9));
  } catch {
    report(
      at,
      'CXM1004',
      `invalid duration ${describe(value)}`,
      'a duration such as "30s", "1m30s", "500ms" or "1h"',
      'use a number followed by h, m, s, ms, us or ns',
    );
    return value;
  }
};

const transformExtraHosts: Transform = (value, at) => {
  const entries: Array<{ text: string; pos: SourcePos | undefined }> = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const text = scalarText(item);
      const eq = text.indexOf('=');
      const sep = eq >= 0 ? eq : text.indexOf(':');
      const host = sep < 0 ? text : text.slice(0, sep);
      const ip = sep < 0 ? '' : text.slice(sep + 1);
      entries.push({ text: `${host}=${ip}`, pos: keyPos(value, i) });
    });
  } else if (isMapping(value)) {
    for (const [host, ips] of Object.entries(value)) {
      for (const ip of Array.isArray(ips) ? ips : [ips]) entries.push({ text: `${host}=${scalarText(ip)}`, pos: keyPos(value, host) });
    }
  } else return value;
  const seen = new Set<string>();
  const unique = entries.filter((e) => (seen.has(e.text) ? false : (seen.add(e.text), true)));
  unique.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const out = unique.map((e) => e.text);
  setSelfPos(out, selfPos(value) ?? posOf(at));
  unique.forEach((e, i) => setKeyPos(out, i, e.pos));
  return out;
};

function limitNumber(v: unknown): unknown {
  return typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v;
}

const transformUlimit: Transform = (value) => {
  if (isMapping(value)) {
    const m = copyMapping(value);
    if (m.soft !== undefined) m.soft = limitNumber(m.soft);
    if (m.hard !== undefined) m.hard = limitNumber(m.hard);
    return ordered(m, ['soft', 'hard']);
  }
  return limitNumber(value);
};

// ---------------------------------------------------------------------------------------------
// Services and top-level resources
// ---------------------------------------------------------------------------------------------

const transformService: Transform = (value, at) => {
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

/** Top-level network, volume, secret or config: legacy `external: {name}`, labels, file paths. */
const transformResource: Transform = (value, at) => {
  if (!isMapping(value)) return value;
  const out = walkChildren(value, at) as Mapping;
  if (isMapping(out.external)) {
    const name = out.external.name;
    out.external = true;
    if (typeof name === 'string' && out.name === undefined) {
      out.name = name;
      setKeyPos(out, 'name', keyPos(out, 'external'));
    }
  }
  if (typeof out.file === 'string' && (at.path[0] === 'secrets' || at.path[0] === 'configs')) {
    out.file = hostPath(out.file, at.ctx);
  }
  return out;
};

const driverOptions: Transform = (value) => {
  if (!isMapping(value)) return value;
  const out = copyMapping(value);
  for (const [k, v] of Object.entries(value)) put(out, k, v === null ? v : scalarText(v));
  return out;
};

const envMap = keyValueMap(null);
const labelMap = keyValueMap('');

const DURATION_PATHS = [
  'services.*.healthcheck.interval',
  'services.*.healthcheck.timeout',
  'services.*.healthcheck.start_period',
  'services.*.healthcheck.start_interval',
  'services.*.stop_grace_period',
  'services.*.deploy.update_config.delay',
  'services.*.deploy.update_config.monitor',
  'services.*.deploy.rollback_config.delay',
  'services.*.deploy.rollback_config.monitor',
  'services.*.deploy.restart_policy.delay',
  'services.*.deploy.restart_policy.window',
];
const MEMORY_PATHS = [
  'services.*.mem_limit',
  'services.*.mem_reservation',
  'services.*.memswap_limit',
  'services.*.shm_size',
  'services.*.build.shm_size',
  'services.*.deploy.resources.limits.memory',
  'services.*.deploy.resources.reservations.memory',
];
const CPU_PATHS = ['services.*.cpus', 'services.*.deploy.resources.limits.cpus', 'services.*.deploy.resources.reservations.cpus'];

/** Path pattern → transform. The first matching pattern wins; unmatched containers are walked. */
const RULE_TABLE: ReadonlyArray<readonly [string, Transform]> = [
  ['services.*', transformService],
  ['services.*.ports', transformPorts],
  ['services.*.expose', transformExpose],
  ['services.*.volumes', transformServiceVolumes],
  ['services.*.secrets', fileMounts('/run/secrets')],
  ['services.*.configs', fileMounts('')],
  ['services.*.depends_on', transformDependsOn],
  ['services.*.networks', transformServiceNetworks],
  ['services.*.build', transformBuild],
  ['services.*.env_file', transformEnvFile],
  ['services.*.extends', transformExtends],
  ['services.*.dns', stringOrList],
  ['services.*.dns_search', stringOrList],
  ['services.*.dns_opt', stringOrList],
  ['services.*.tmpfs', stringOrList],
  ['services.*.label_file', stringOrList],
  ['services.*.cap_add', stringOrList],
  ['services.*.cap_drop', stringOrList],
  ['services.*.profiles', stringOrList],
  ['services.*.environment', envMap],
  ['services.*.build.args', envMap],
  ['services.*.labels', labelMap],
  ['services.*.annotations', labelMap],
  ['services.*.sysctls', labelMap],
  ['services.*.deploy.labels', labelMap],
  ['services.*.build.labels', labelMap],
  ['services.*.build.additional_contexts', labelMap],
  ['services.*.command', transformCommand],
  ['services.*.entrypoint', transformCommand],
  ['services.*.healthcheck.test', transformHealthTest],
  ['services.*.extra_hosts', transformExtraHosts],
  ['services.*.build.extra_hosts', transformExtraHosts],
  ['services.*.ulimits.*', transformUlimit],
  ['services.*.build.ulimits.*', transformUlimit],
  ...DURATION_PATHS.map((p) => [p, transformDuration] as const),
  ...MEMORY_PATHS.map((p) => [p, transformMemory] as const),
  ...CPU_PATHS.map((p) => [p, transformCpus] as const),
  ['networks.*.labels', labelMap],
  ['volumes.*.labels', labelMap],
  ['secrets.*.labels', labelMap],
  ['configs.*.labels', labelMap],
  ['networks.*.driver_opts', driverOptions],
  ['volumes.*.driver_opts', driverOptions],
  ['networks.*', transformResource],
  ['volumes.*', transformResource],
  ['secrets.*', transformResource],
  ['configs.*', transformResource],
];

const RULES: ReadonlyArray<readonly [string[], Transform]> = RULE_TABLE.map(([p, t]) => [p.split('.'), t] as const);

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}
