/**
 * Helpers for building canonical containers from parsed YAML: own-property keys, key order,
 * copies and de-duplication that keep source positions, plus stable text for values.
 */
import type { SourcePos } from '../../diagnostics/diagnostic.js';
import { carryAll, isMapping, keyPos, selfPos, setKeyPos, setSelfPos, type Mapping } from '../positions.js';

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
export function ordered(m: Mapping, keys: readonly string[]): Mapping {
  const out: Mapping = {};
  carryAll(out, m);
  for (const k of keys) if (m[k] !== undefined) out[k] = m[k];
  for (const [k, v] of Object.entries(m)) if (!Object.hasOwn(out, k) && v !== undefined) put(out, k, v);
  return out;
}

export function copyMapping(m: Mapping): Mapping {
  const out: Mapping = { ...m };
  carryAll(out, m);
  return out;
}

/**
 * A list as a mapping: `entry` gives each item's key and value (or nothing, to drop the item);
 * each key takes the position of its item.
 */
export function listToMapping(list: unknown[], entry: (item: unknown, i: number) => readonly [string, unknown] | undefined): Mapping {
  const out: Mapping = {};
  setSelfPos(out, selfPos(list));
  list.forEach((item, i) => {
    const kv = entry(item, i);
    if (kv === undefined) return;
    put(out, kv[0], kv[1]);
    setKeyPos(out, kv[0], keyPos(list, i));
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

/** A scalar as compose prints it in string-valued fields; other values as stable text. */
export function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : stableText(v);
}

/** A value as named in a diagnostic message. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}
