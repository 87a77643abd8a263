/**
 * Source positions for the raw compose tree.
 *
 * The loader works on plain JavaScript values (objects, arrays, scalars). Each object or
 * array that comes from YAML is registered here with the position of the node itself and of
 * each of its keys / items. Stages that build new containers copy positions over with
 * `carry` / `setKeyPos`, so a later stage (schema validation, model building, rendering) can
 * still report file:line:column for any path.
 */
import type { SourcePos } from '../diagnostics/diagnostic.js';

export type Tree = unknown;
export type Mapping = Record<string, unknown>;

interface NodePositions {
  self?: SourcePos;
  keys: Map<string | number, SourcePos>;
  /** Positions shared with the node this one was copied from (looked up after `keys`). */
  base?: NodePositions;
}

function keyOf(e: NodePositions | undefined, key: string | number): SourcePos | undefined {
  for (let cur = e; cur; cur = cur.base) {
    const p = cur.keys.get(key);
    if (p) return p;
  }
  return undefined;
}

const table = new WeakMap<object, NodePositions>();

function entry(node: object): NodePositions {
  let e = table.get(node);
  if (!e) {
    e = { keys: new Map() };
    table.set(node, e);
  }
  return e;
}

export function setSelfPos(node: object, pos: SourcePos | undefined): void {
  if (pos) entry(node).self = pos;
}

export function setKeyPos(node: object, key: string | number, pos: SourcePos | undefined): void {
  if (pos) entry(node).keys.set(key, pos);
}

export function selfPos(node: unknown): SourcePos | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  return table.get(node)?.self;
}

/** Position of `node[key]`, falling back to the position of the node itself. */
export function keyPos(node: unknown, key: string | number): SourcePos | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const e = table.get(node);
  return keyOf(e, key) ?? e?.self;
}

/** Copies the self position of `from` onto `to`, and the position of key `fromKey` to `toKey`. */
export function carry(to: object, from: unknown): void {
  const p = selfPos(from);
  if (p) setSelfPos(to, p);
}

export function carryKey(to: object, toKey: string | number, from: unknown, fromKey: string | number): void {
  if (typeof from !== 'object' || from === null) return;
  const p = keyOf(table.get(from), fromKey);
  if (p) setKeyPos(to, toKey, p);
}

/** Copies all positions of `from` (self and every key) onto `to`. */
export function carryAll(to: object, from: unknown): void {
  if (typeof from !== 'object' || from === null) return;
  const src = table.get(from);
  if (!src) return;
  const dst = table.get(to);
  if (!dst) {
    // Share instead of copying: copies of large mappings are frequent in the loader.
    table.set(to, { self: src.self, keys: new Map(), base: src });
    return;
  }
  if (src.self) dst.self = src.self;
  const chain: NodePositions[] = [];
  for (let cur: NodePositions | undefined = src; cur; cur = cur.base) chain.push(cur);
  // farthest first, so the nearest copy's positions win, as they do in lookups
  for (const cur of chain.reverse()) for (const [k, v] of cur.keys) dst.keys.set(k, v);
}

/**
 * Best position for a path in a tree: the deepest node on the path that has a known
 * position for the next key.
 */
export function posAt(root: unknown, path: ReadonlyArray<string | number>): SourcePos | undefined {
  let node: unknown = root;
  let best = selfPos(root);
  for (const key of path) {
    if (typeof node !== 'object' || node === null) break;
    const p = keyOf(table.get(node), key);
    if (p) best = p;
    node = (node as Record<string | number, unknown>)[key as string];
    const s = selfPos(node);
    if (s && !p) best = s;
  }
  return best;
}

/** Formats a path like services.web.ports[0].target */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (/^[A-Za-z0-9_\-]+$/.test(k)) out += out ? `.${k}` : k;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
}

export function isMapping(v: unknown): v is Mapping {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
