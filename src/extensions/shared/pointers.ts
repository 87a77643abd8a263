/**
 * `x-<module>::<resource>::<attribute>` pointers inside environment values, for every module:
 * found in a literal, and replaced by the attribute (the whole value), or by an Fn::Sub in
 * which the rest of the text is escaped so it reaches the container exactly as written.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { escapeSub, literal, sub } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';

export interface Pointer {
  /** Module key, e.g. `x-s3`. */
  module: string;
  resource: string;
  attribute: string;
  index: number;
  length: number;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Pointers of a text to the given modules, and the `x-<module>::` occurrences not well formed. */
export function findPointers(text: string, modules: readonly string[]): { pointers: Pointer[]; malformed: { module: string; index: number }[] } {
  const pointers: Pointer[] = [];
  const malformed: { module: string; index: number }[] = [];
  for (const module of modules) {
    const prefix = `${module}::`;
    const re = new RegExp(`${escapeRe(prefix)}([A-Za-z0-9][A-Za-z0-9._-]*)::([A-Za-z]+)`, 'y');
    let i = text.indexOf(prefix);
    while (i >= 0) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (m) {
        pointers.push({ module, resource: m[1], attribute: m[2], index: i, length: m[0].length });
        i = text.indexOf(prefix, i + m[0].length);
      } else {
        malformed.push({ module, index: i });
        i = text.indexOf(prefix, i + prefix.length);
      }
    }
  }
  pointers.sort((a, b) => a.index - b.index);
  return { pointers, malformed };
}

/** The text with each pointer replaced by its value. */
export function substitute(text: string, pointers: readonly Pointer[], valueOf: (p: Pointer) => CfnValue): CfnValue {
  if (pointers.length === 1 && pointers[0].index === 0 && pointers[0].length === text.length) return valueOf(pointers[0]);
  let template = '';
  let plain = '';
  let allPlain = true;
  const vars: Record<string, CfnValue> = {};
  let pos = 0;
  for (const p of pointers) {
    const before = text.slice(pos, p.index);
    template += escapeSub(before);
    plain += before;
    const v = valueOf(p);
    if (typeof v === 'string') {
      template += escapeSub(v);
      plain += v;
    } else {
      allPlain = false;
      let name = logicalId(p.resource, p.attribute);
      if (name in vars && JSON.stringify(vars[name]) !== JSON.stringify(v)) name += String(Object.keys(vars).length);
      vars[name] = v;
      template += `\${${name}}`;
    }
    pos = p.index + p.length;
  }
  template += escapeSub(text.slice(pos));
  plain += text.slice(pos);
  if (allPlain) return literal(plain);
  return sub(template, vars);
}
