/**
 * Fargate task sizes: the valid task CPU/memory pairs (as documented by AWS for Linux tasks)
 * and the choice of the smallest pair that covers a requested CPU and memory. Memory may push
 * the CPU up (e.g. 0.25 vCPU with 4 GiB needs 512!4096); nothing is ever silently reduced.
 */
import { UnitError } from './units.js';

export interface FargatePair {
  /** Task CPU units (1024 = 1 vCPU). */
  cpu: number;
  /** Task memory in MiB. */
  memory: number;
}

export interface FargateSize extends FargatePair {
  /** True when the pair is larger than the exact request in CPU or memory. */
  roundedUp: boolean;
}

export interface FargateTooLarge {
  error: 'too-large';
  maxCpu: number;
  maxMemory: number;
}

/** Memory range (MiB, inclusive) and step for each Fargate CPU size above 256. */
const RANGES: ReadonlyArray<{ cpu: number; min: number; max: number; step: number }> = [
  { cpu: 512, min: 1024, max: 4096, step: 1024 },
  { cpu: 1024, min: 2048, max: 8192, step: 1024 },
  { cpu: 2048, min: 4096, max: 16384, step: 1024 },
  { cpu: 4096, min: 8192, max: 30720, step: 1024 },
  { cpu: 8192, min: 16384, max: 61440, step: 4096 },
  { cpu: 16384, min: 32768, max: 122880, step: 8192 },
];

function buildPairs(): FargatePair[] {
  // 256 CPU units is irregular: 512, 1024 and 2048 MiB only.
  const pairs: FargatePair[] = [512, 1024, 2048].map((memory) => Object.freeze({ cpu: 256, memory }));
  for (const r of RANGES) {
    for (let memory = r.min; memory <= r.max; memory += r.step) {
      pairs.push(Object.freeze({ cpu: r.cpu, memory }));
    }
  }
  return pairs;
}

/** Every valid pair, ordered by CPU then memory (ascending). */
export const FARGATE_PAIRS: ReadonlyArray<Readonly<FargatePair>> = Object.freeze(buildPairs());

export const FARGATE_MAX_CPU = 16384;
export const FARGATE_MAX_MEMORY = 122880;

/** The `FargateCpuRamConfiguration` parameter value for a pair, e.g. "2048!4096". */
export function fargateParameterValue(pair: FargatePair): string {
  return `${pair.cpu}!${pair.memory}`;
}

/** All pairs in parameter-value form, in FARGATE_PAIRS order (for AllowedValues). */
export const FARGATE_ALLOWED_VALUES: string[] = FARGATE_PAIRS.map(fargateParameterValue);

/** Whether cpu/memory is exactly one of the valid Fargate pairs. */
export function isFargatePair(cpu: number, memory: number): boolean {
  return FARGATE_PAIRS.some((p) => p.cpu === cpu && p.memory === memory);
}

/**
 * Smallest valid pair (lowest CPU, then lowest memory) with cpu ≥ cpuUnits and
 * memory ≥ memoryMiB; 0/0 gives 256/512. A request beyond 16 vCPU or 120 GiB gives
 * a `too-large` result. Negative or non-finite input throws UnitError.
 */
export function fargateSize(cpuUnits: number, memoryMiB: number): FargateSize | FargateTooLarge {
  if (!Number.isFinite(cpuUnits) || cpuUnits < 0) {
    throw new UnitError(cpuUnits, 'a non-negative number of CPU units');
  }
  if (!Number.isFinite(memoryMiB) || memoryMiB < 0) {
    throw new UnitError(memoryMiB, 'a non-negative number of MiB');
  }
  const pair = FARGATE_PAIRS.find((p) => p.cpu >= cpuUnits && p.memory >= memoryMiB);
  if (!pair) return { error: 'too-large', maxCpu: FARGATE_MAX_CPU, maxMemory: FARGATE_MAX_MEMORY };
  return {
    cpu: pair.cpu,
    memory: pair.memory,
    roundedUp: pair.cpu !== cpuUnits || pair.memory !== memoryMiB,
  };
}
