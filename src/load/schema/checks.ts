/**
 * Checks on extension values that JSON Schema cannot express, run after the schemas
 * (only on values that already have the right shape).
 */
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt } from '../positions.js';
import { SchemaCodes } from './codes.js';

type KeyPath = Array<string | number>;

/** `x-scaling.Range` "min-max": the minimum must not exceed the maximum. */
export function checkScalingRange(scaling: unknown, path: KeyPath, root: unknown, bag: DiagnosticBag): void {
  if (!isMapping(scaling) || typeof scaling.Range !== 'string') return;
  const m = /^([0-9]+)-([0-9]+)$/.exec(scaling.Range);
  if (!m) return;
  const [min, max] = [Number(m[1]), Number(m[2])];
  if (min <= max) return;
  const at = [...path, 'Range'];
  bag.error({
    code: SchemaCodes.InvalidScalingRange,
    message: `\`Range\` minimum ${min} is greater than its maximum ${max}`,
    path: formatPath(at),
    pos: posAt(root, at),
    expected: 'a range "<min>-<max>" with min <= max, e.g. "1-6"',
    hint: `did you mean \`${max}-${min}\`?`,
  });
}
