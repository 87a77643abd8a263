/**
 * Compose durations (healthcheck interval/timeout/start_period, stop_grace_period, …) in
 * seconds. Strings follow the Go duration syntax used by compose: one or more
 * `<decimal><unit>` parts with units ns, us (µs), ms, s, m, h, e.g. "1h2m3s", "1.5s", "500ms".
 * A plain number, or a string holding only a number, is a count of seconds.
 * Bad input throws UnitError. Used by the load and model stages.
 */
import { UnitError } from './units.js';

export const DURATION_EXPECTED =
  'a duration: a non-negative number of seconds, or parts like "1h2m3s", "1m30s", "500ms", "1.5s" (units h, m, s, ms, us, ns)';

const NS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const DECIMAL = '(?:\\d+(?:\\.\\d*)?|\\.\\d+)';
const NUMBER_ONLY_RE = new RegExp(`^${DECIMAL}$`);
const WHOLE_RE = new RegExp(`^(?:${DECIMAL}(?:ns|us|µs|μs|ms|s|m|h))+$`);
const PART_RE = new RegExp(`(${DECIMAL})(ns|us|µs|μs|ms|s|m|h)`, 'g');

/** Seconds in a compose duration (may be fractional, e.g. "500ms" → 0.5). */
export function parseDurationSeconds(v: string | number): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) throw new UnitError(v, DURATION_EXPECTED);
    return v;
  }
  if (typeof v !== 'string') throw new UnitError(v, DURATION_EXPECTED);
  const text = v.trim();
  if (NUMBER_ONLY_RE.test(text)) return Number(text);
  if (!WHOLE_RE.test(text)) throw new UnitError(v, DURATION_EXPECTED);
  // Sum in whole nanoseconds so "1m30s" or "1us" do not pick up binary rounding noise.
  let nanos = 0;
  for (const part of text.matchAll(PART_RE)) {
    nanos += Math.round(Number(part[1]) * NS_PER_UNIT[part[2]]);
  }
  const seconds = nanos / 1e9;
  if (!Number.isFinite(seconds)) throw new UnitError(v, DURATION_EXPECTED);
  return seconds;
}
