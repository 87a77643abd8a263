/**
 * `x-s3::<bucket>::<attribute>` pointers inside environment values: found in a literal, and
 * replaced by the attribute (the whole value), or by an Fn::Sub in which the rest of the text
 * is escaped so it reaches the container exactly as written.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { escapeSub, literal, sub } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';

export const POINTER_PREFIX = 'x-s3::';
const POINTER = /x-s3::([A-Za-z0-9][A-Za-z0-9._-]*)::([A-Za-z]+)/y;

export interface Pointer {
  bucket: string;
  attribute: string;
  index: number;
  length: number;
}

/** Pointers of a text, and the offsets of `x-s3::` occurrences that are not well formed. */
export function findPointers(text: string): { pointers: Pointer[]; malformed: number[] } {
  const pointers: Pointer[] = [];
  const malformed: number[] = [];
  let i = text.indexOf(POINTER_PREFIX);
  while (i >= 0) {
    POINTER.lastIndex = i;
    const m = POINTER.exec(text);
    if (m) {
      pointers.push({ bucket: m[1], attribute: m[2], index: i, length: m[0].length });
      i = text.indexOf(POINTER_PREFIX, i + m[0].length);
    } else {
      malformed.push(i);
      i = text.indexOf(POINTER_PREFIX, i + POINTER_PREFIX.length);
    }
  }
  return { pointers, malformed };
}

/** The text with each pointer replaced by its value. */
export function substitute(text: string, pointers: Pointer[], valueOf: (p: Pointer) => CfnValue): CfnValue {
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
      let name = logicalId(p.bucket, p.attribute);
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
