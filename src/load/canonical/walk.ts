/**
 * The walker over a compose document: finds the canonical rule for each path (the first
 * matching pattern wins), walks into containers without a rule, leaves `x-` extensions alone,
 * and gives rules their place in the tree for positions and diagnostics.
 */
import type { DiagnosticBag, SourcePos } from '../../diagnostics/diagnostic.js';
import { carryAll, formatPath, isMapping, keyPos, selfPos, setKeyPos, setSelfPos, type Mapping } from '../positions.js';
import { put } from './tree.js';

export interface CanonicalContext {
  projectDir: string;
  bag: DiagnosticBag;
  /** File the document came from, named in diagnostics that have no position. */
  file?: string;
  /** Home folder for `~` in bind mounts (defaults to the OS home folder). */
  home?: string;
}

export type Seg = string | number;

/** Where a value sits: its path, its parent container and key, and the rules in force. */
export interface At {
  path: Seg[];
  parent: object;
  key: Seg;
  ctx: CanonicalContext;
  rules: RuleTable;
}

export type Transform = (value: unknown, at: At) => unknown;

/** Path patterns (split on `.`, `*` matches any segment) with their transforms, in order. */
export type RuleTable = ReadonlyArray<readonly [readonly string[], Transform]>;

export function walk(value: unknown, at: At): unknown {
  if (at.path.some((s) => typeof s === 'string' && s.startsWith('x-'))) return value;
  const rule = findRule(at.rules, at.path);
  if (rule) return rule(value, at);
  return walkChildren(value, at);
}

export function walkChildren(value: unknown, at: At): unknown {
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

export function child(at: At, parent: object, key: Seg): At {
  return { path: [...at.path, key], parent, key, ctx: at.ctx, rules: at.rules };
}

function matches(pattern: readonly string[], path: readonly Seg[]): boolean {
  if (pattern.length !== path.length) return false;
  return pattern.every((p, i) => p === '*' || p === String(path[i]));
}

function findRule(rules: RuleTable, path: readonly Seg[]): Transform | undefined {
  for (const [pattern, rule] of rules) if (matches(pattern, path)) return rule;
  return undefined;
}

export function report(at: At, code: string, message: string, expected?: string, hint?: string): void {
  const pos = keyPos(at.parent, at.key);
  const where = !pos && at.ctx.file ? ` (in ${at.ctx.file})` : '';
  at.ctx.bag.error({ code, message: message + where, path: formatPath(at.path), pos, expected, hint });
}

export function posOf(at: At): SourcePos | undefined {
  return keyPos(at.parent, at.key);
}

/** Maps each list item through `fn`, which may expand one item into several. */
export function mapList(list: unknown[], at: At, fn: (item: unknown, itemAt: At) => unknown[]): unknown[] {
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
