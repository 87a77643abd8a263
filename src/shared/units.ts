/**
 * Compose byte sizes and CPU counts: parsing of docker-style memory values ("512m", "1.5g",
 * plain numbers = bytes) and vCPU values ("0.5", 2), plus the conversions to the units ECS
 * wants (MiB, CPU units = vCPU × 1024). Bad input throws UnitError, whose `expected` text is
 * meant to be copied into a user-facing diagnostic by the caller. Used by the load and model
 * stages.
 */

/** A value that cannot be read as the expected kind of quantity. */
export class UnitError extends Error {
  /** Human-readable description of what a valid value looks like. */
  readonly expected: string;
  /** The rejected value, as given. */
  readonly input: unknown;

  constructor(input: unknown, expected: string) {
    super(`invalid value ${describe(input)}: expected ${expected}`);
    this.name = 'UnitError';
    this.expected = expected;
    this.input = input;
  }
}

function describe(input: unknown): string {
  return typeof input === 'string' ? JSON.stringify(input) : String(input);
}

const KIB = 1024;
const MIB = KIB * 1024;

/** Multiplier (1024-based) for each accepted memory unit, lower-case. */
const MEMORY_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  k: KIB,
  kb: KIB,
  m: MIB,
  mb: MIB,
  g: MIB * KIB,
  gb: MIB * KIB,
  t: MIB * MIB,
  tb: MIB * MIB,
};

export const MEMORY_EXPECTED =
  'a byte size: a non-negative number of bytes, or a number followed by one of b, k, kb, m, mb, g, gb, t, tb (e.g. "512m", "1.5g")';

export const CPUS_EXPECTED = 'a non-negative number of vCPUs (e.g. 0.5, "2")';

/** Unsigned decimal: "12", "1.5", ".5", "2." */
const DECIMAL = '(?:\\d+(?:\\.\\d*)?|\\.\\d+)';
const MEMORY_RE = new RegExp(`^(${DECIMAL}) ?([a-z]*)$`, 'i');
const DECIMAL_RE = new RegExp(`^${DECIMAL}$`);

/**
 * Bytes in a compose memory value. Units are 1024-based and case-insensitive; a value without
 * unit (number or numeric string) is a count of bytes. Fractional bytes are rounded up.
 */
export function parseMemoryBytes(v: string | number): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) throw new UnitError(v, MEMORY_EXPECTED);
    return Math.ceil(v);
  }
  if (typeof v !== 'string') throw new UnitError(v, MEMORY_EXPECTED);
  const m = MEMORY_RE.exec(v.trim());
  if (!m) throw new UnitError(v, MEMORY_EXPECTED);
  const unit = m[2].toLowerCase();
  const factor = unit === '' ? 1 : MEMORY_UNITS[unit];
  if (factor === undefined) throw new UnitError(v, MEMORY_EXPECTED);
  const bytes = Number(m[1]) * factor;
  if (!Number.isFinite(bytes)) throw new UnitError(v, MEMORY_EXPECTED);
  return Math.ceil(bytes);
}

/** Whole MiB needed to hold `bytes` (rounded up). */
export function bytesToMiB(bytes: number): number {
  if (!Number.isFinite(bytes) || bytes < 0) {
    throw new UnitError(bytes, 'a non-negative number of bytes');
  }
  return Math.ceil(bytes / MIB);
}

/** vCPUs in a compose `cpus` value (number or numeric string). */
export function parseCpus(v: string | number): number {
  let n: number;
  if (typeof v === 'number') {
    n = v;
  } else if (typeof v === 'string' && DECIMAL_RE.test(v.trim())) {
    n = Number(v.trim());
  } else {
    throw new UnitError(v, CPUS_EXPECTED);
  }
  if (!Number.isFinite(n) || n < 0) throw new UnitError(v, CPUS_EXPECTED);
  return n;
}

/** ECS CPU units for a vCPU count (× 1024, rounded up). */
export function cpusToUnits(vcpus: number): number {
  if (!Number.isFinite(vcpus) || vcpus < 0) throw new UnitError(vcpus, CPUS_EXPECTED);
  // Scaling by a power of two is exact in binary floating point, so ceil sees the true value.
  return Math.ceil(vcpus * 1024);
}
