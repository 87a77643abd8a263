/**
 * Quantities: memory sizes as byte counts in strings, CPU counts as numbers and durations as
 * Go duration text, as `docker compose config` prints them.
 */
import { parseDurationSeconds } from '../../shared/duration.js';
import { CPUS_EXPECTED, MEMORY_EXPECTED, parseCpus, parseMemoryBytes } from '../../shared/units.js';
import { describe } from './tree.js';
import { report, type Transform } from './walk.js';

/** What a diagnostic says about a value of one kind of quantity that cannot be read. */
interface QuantityKind {
  code: string;
  /** Named in the message: "invalid <what> <value>". */
  what: string;
  expected: string;
  hint: string;
}

/**
 * A transform for a quantity: null stays, a string or number goes through `convert`, anything
 * else, or a value `convert` throws on, is reported and kept as written.
 */
function quantity(kind: QuantityKind, convert: (value: string | number) => unknown): Transform {
  return (value, at) => {
    if (value === null || value === undefined) return value;
    if (typeof value === 'string' || typeof value === 'number') {
      try {
        return convert(value);
      } catch {
        // reported below
      }
    }
    report(at, kind.code, `invalid ${kind.what} ${describe(value)}`, kind.expected, kind.hint);
    return value;
  };
}

export const transformMemory = quantity(
  { code: 'CXM1003', what: 'byte size', expected: MEMORY_EXPECTED, hint: 'e.g. "512m" or "2g"' },
  (value) => (value === -1 || value === '-1' ? '-1' : String(parseMemoryBytes(value))),
);

export const transformCpus = quantity(
  { code: 'CXM1005', what: 'number of CPUs', expected: CPUS_EXPECTED, hint: 'e.g. 0.5 or "2"' },
  parseCpus,
);

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

export const transformDuration = quantity(
  {
    code: 'CXM1004',
    what: 'duration',
    expected: 'a duration such as "30s", "1m30s", "500ms" or "1h"',
    hint: 'use a number followed by h, m, s, ms, us or ns',
  },
  (value) => formatGoDuration(Math.round(parseDurationSeconds(value) * 1e9)),
);
