/**
 * The value returned by the short-syntax parsers (ports, volumes) for text they cannot read,
 * carrying what a diagnostic needs.
 */
import { isMapping } from '../positions.js';

/** A short-syntax value that cannot be read; `expected`/`hint` go into the diagnostic. */
export interface SpecError {
  error: string;
  expected: string;
  hint: string;
}

export function isSpecError(v: unknown): v is SpecError {
  return isMapping(v) && typeof v.error === 'string' && typeof v.expected === 'string';
}
