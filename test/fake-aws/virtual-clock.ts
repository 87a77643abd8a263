/**
 * Virtual time for tests: `sleep` registers a timer; `run(promise)` advances time from timer to
 * timer (letting all pending promise callbacks run in between) until the promise settles, so
 * hours of polling take milliseconds and every run is deterministic.
 */
import type { Clock } from '../../src/aws/deploy/clock.js';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export class VirtualClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start = Date.UTC(2024, 4, 17, 9, 30, 0)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve });
    });
  }

  /** Moves time forward by `ms`, firing the timers due on the way. */
  async advance(ms: number): Promise<void> {
    const until = this.t + ms;
    for (;;) {
      await flush();
      const next = this.next();
      if (!next || next.at > until) break;
      this.fire(next);
    }
    this.t = until;
    await flush();
  }

  /** Drives virtual time until `p` settles. Fails if nothing is left to wait for, or after `limitMs`. */
  async run<T>(p: Promise<T>, limitMs = 24 * 3600_000): Promise<T> {
    let settled = false;
    const watched = p.finally(() => {
      settled = true;
    });
    watched.catch(() => undefined);
    const end = this.t + limitMs;
    for (;;) {
      await flush();
      if (settled) return watched;
      const next = this.next();
      if (!next) throw new Error('VirtualClock.run: the promise waits for something that is not a timer');
      if (next.at > end) throw new Error(`VirtualClock.run: still running after ${limitMs} ms of virtual time`);
      this.fire(next);
    }
  }

  private next(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  }

  private fire(t: Timer): void {
    this.timers = this.timers.filter((x) => x !== t);
    this.t = Math.max(this.t, t.at);
    t.resolve();
  }
}

/** Lets every queued promise callback run (several rounds of the event loop). */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}
