/**
 * Service mounts: the volume short syntax `[source:]target[:options]`, long-form volumes with
 * cleaned targets and absolute bind sources, and the mount targets that volumes, secrets and
 * configs are de-duplicated by.
 */
import { posix } from 'node:path';
import { isMapping, type Mapping } from '../positions.js';
import { hostPath } from './paths.js';
import { isSpecError, type SpecError } from './spec-error.js';
import { copyMapping, describe, ordered, stamp, uniqueBy } from './tree.js';
import { mapList, posOf, report, walkChildren, type At, type Transform } from './walk.js';

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

export const transformServiceVolumes: Transform = (value, at) => {
  if (!Array.isArray(value)) return value;
  const list = mapList(value, at, (item, itemAt) => [canonicalVolume(item, itemAt)]);
  return uniqueBy(list, volumeTarget);
};

/** Target of a service secret or config, with the implicit default for the short form. */
export function mountTarget(entry: unknown, defaultDir: string): string | undefined {
  const source = typeof entry === 'string' ? entry : isMapping(entry) ? entry.source : undefined;
  const target = isMapping(entry) ? entry.target : undefined;
  if (typeof target === 'string' && target !== '') {
    return target.startsWith('/') || defaultDir === '' ? target : `${defaultDir}/${target}`;
  }
  return typeof source === 'string' ? `${defaultDir}/${source}` : undefined;
}

export function fileMounts(defaultDir: string): Transform {
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

