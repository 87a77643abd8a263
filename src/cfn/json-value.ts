/**
 * Converts template values to plain JSON: a deep copy that drops `undefined` object members and
 * rejects anything JSON cannot represent faithfully (non-finite numbers, `undefined` array items,
 * functions, class instances, cycles). Key order of objects is preserved.
 */

import { CfnInternalError } from './errors.js';
import type { CfnValue, JsonValue } from './intrinsics.js';

/** Deep-copies `value` to plain JSON; `where` names the location for error messages. */
export function toJsonValue(value: CfnValue | undefined, where: string): JsonValue {
  return convert(value, where, new Set<object>());
}

function convert(value: unknown, where: string, ancestors: Set<object>): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CfnInternalError(`${where}: number ${value} cannot be serialised`);
    return value;
  }
  if (typeof value !== 'object') {
    throw new CfnInternalError(`${where}: value of type ${typeof value} cannot be serialised`);
  }
  if (ancestors.has(value)) throw new CfnInternalError(`${where}: circular structure`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return value.map((item: unknown, i: number) => {
        if (item === undefined) throw new CfnInternalError(`${where}[${i}]: undefined list item`);
        return convert(item, `${where}[${i}]`, ancestors);
      });
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new CfnInternalError(`${where}: only plain objects can be serialised`);
    }
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      const converted = convert(v, `${where}.${k}`, ancestors);
      // defineProperty so that a `__proto__` key stays an own data property
      Object.defineProperty(out, k, { value: converted, enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}
