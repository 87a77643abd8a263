/**
 * Jittered exponential backoff for polling loops: fast while things change, slower while
 * nothing happens, much slower when AWS throttles us. Randomness is injected.
 */
export interface BackoffOptions {
  /** @default 2000 */
  minMs?: number;
  /** @default 10000 */
  maxMs?: number;
  /** Upper bound while throttled. @default 30000 */
  throttledMaxMs?: number;
  /** Multiplier per idle poll. @default 1.5 */
  factor?: number;
  /** Fraction of the delay randomised either way. @default 0.2 */
  jitter?: number;
  /** Returns a number in [0, 1). @default Math.random */
  random?: () => number;
}

export class Backoff {
  private base: number;
  private readonly o: Required<BackoffOptions>;

  constructor(opts: BackoffOptions = {}) {
    this.o = {
      minMs: opts.minMs ?? 2000,
      maxMs: opts.maxMs ?? 10000,
      throttledMaxMs: opts.throttledMaxMs ?? 30000,
      factor: opts.factor ?? 1.5,
      jitter: opts.jitter ?? 0.2,
      random: opts.random ?? Math.random,
    };
    this.base = this.o.minMs;
  }

  /** Something changed: poll again soon. */
  reset(): void {
    this.base = this.o.minMs;
  }

  /** Nothing changed: wait a little longer next time. */
  idle(): void {
    this.base = Math.min(this.o.maxMs, this.base * this.o.factor);
  }

  /** AWS throttled us: back off hard. */
  throttled(): void {
    this.base = Math.min(this.o.throttledMaxMs, Math.max(this.base * 2, this.o.minMs * 2));
  }

  /** The next delay, jittered. */
  delay(): number {
    const j = this.o.jitter * (2 * this.o.random() - 1);
    return Math.max(0, Math.round(this.base * (1 + j)));
  }
}
