/**
 * Converts template values to plain JSON: a deep copy that drops `undefined` object members and
 * rejects anything JSON cannot represent faithfully (non-finite numbers, `undefined` array items,
 * functions, class instances, cycles). Key order of objects is preserved.
 */

import { CfnInternalError } from './errors.js';
import type { CfnValue, JsonValue } from './intrinsics.js';

/** Deep-copies `value` to plain JSON; `where` names the location for error messages. */
export function toJsonValue(value: CfnValue | undefined, where: string): JsonValue {
  return convert(value, [where], new Set<object>());
}

/** The location of an error, built only when there is one (the walk itself stays cheap). */
function at(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function convert(value: unknown, path: (string | number)[], ancestors: Set<object>): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CfnInternalError(`${at(path)}: number ${value} cannot be serialised`);
    return value;
  }
  if (typeof value !== 'object') {
    throw new CfnInternalError(`${at(path)}: value of type ${typeof value} cannot be serialised`);
  }
  if (ancestors.has(value)) throw new CfnInternalError(`${at(path)}: circular structure`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const out: JsonValue[] = new Array<JsonValue>(value.length);
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        if (value[i] === undefined) throw new CfnInternalError(`${at(path)}: undefined list item`);
        out[i] = convert(value[i], path, ancestors);
        path.pop();
      }
      return out;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new CfnInternalError(`${at(path)}: only plain objects can be serialised`);
    }
    const out: { [key: string]: JsonValue } = {};
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) continue;
      path.push(k);
      const converted = convert(v, path, ancestors);
      path.pop();
      if (k === '__proto__') {
        // defineProperty so that a `__proto__` key stays an own data property
        Object.defineProperty(out, k, { value: converted, enumerable: true, writable: true, configurable: true });
      } else out[k] = converted;
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}
