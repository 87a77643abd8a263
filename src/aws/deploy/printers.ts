/**
 * Shows stack activity: `PlainPrinter` writes one line per event (logs, CI, pipes);
 * `LivePrinter` redraws a block of resources with their state and elapsed time on a terminal,
 * keeping stack status changes and failures as permanent lines above it.
 */
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import type { ResourceActivity } from './activity.js';
import { formatElapsed } from './clock.js';
import type { DeployHost } from './host.js';
import { time } from './event-poller.js';

export interface ActivityPrinter {
  event(e: StackEvent, a: ResourceActivity): void;
  /** Called between polls with the current time, to refresh elapsed times. */
  tick(now: number): void;
  /** Leaves the final view on screen. */
  stop(): void;
}

export function eventLine(e: StackEvent, a: ResourceActivity): string {
  const at = new Date(time(e)).toISOString().slice(11, 19);
  const where = a.where;
  const reason = e.ResourceStatusReason ? `  ${e.ResourceStatusReason}` : '';
  return `${at}  ${pad(e.ResourceStatus ?? '', 28)}  ${pad(e.ResourceType ?? '', 34)}  ${where}${reason}\n`;
}

export class PlainPrinter implements ActivityPrinter {
  constructor(private readonly host: DeployHost) {}

  event(e: StackEvent, a: ResourceActivity): void {
    this.host.notify({ kind: 'info', text: eventLine(e, a) });
  }

  tick(): void {}

  stop(): void {}
}

const MARK: Record<ResourceActivity['phase'], string> = { 'in-progress': '…', done: '✔', failed: '✖' };

export interface LivePrinterOptions {
  /** Done resources listed individually before they are summed up. @default 8 */
  recentDone?: number;
}

export class LivePrinter implements ActivityPrinter {
  private readonly rows = new Map<string, ResourceActivity>();
  private drawn = 0;
  private now = 0;
  private rootStatus = '';
  private rootStarted = 0;

  constructor(
    private readonly host: DeployHost,
    private readonly rootName: string,
    private readonly opts: LivePrinterOptions = {},
  ) {}

  event(e: StackEvent, a: ResourceActivity): void {
    this.now = Math.max(this.now, time(e));
    const isStack = e.ResourceType === 'AWS::CloudFormation::Stack';
    if (a.stackEvent) {
      // A nested stack's own status is already shown by its resource row in the parent.
      if (a.stackLabel === this.rootName) {
        if (!this.rootStarted) this.rootStarted = a.startedAt;
        this.rootStatus = a.status;
      }
    } else {
      this.rows.set(a.key, a);
    }
    // Stack-level transitions and failures stay in the scrollback.
    if (isStack || a.phase === 'failed') this.above(eventLine(e, a));
    else this.draw();
  }

  tick(now: number): void {
    this.now = Math.max(this.now, now);
    this.draw();
  }

  stop(): void {
    this.draw();
    this.drawn = 0;
  }

  private above(line: string): void {
    this.host.notify({ kind: 'progress', text: this.clear() + line });
    this.drawn = 0;
    this.draw();
  }

  private clear(): string {
    return this.drawn > 0 ? `\x1b[${this.drawn}A\x1b[0J` : '';
  }

  private draw(): void {
    const lines = this.block();
    this.host.notify({ kind: 'progress', text: this.clear() + lines.join('\n') + '\n' });
    this.drawn = lines.length;
  }

  private block(): string[] {
    const all = [...this.rows.values()];
    const done = all.filter((r) => r.phase === 'done').sort((a, b) => a.updatedAt - b.updatedAt);
    const shownDone = done.slice(-(this.opts.recentDone ?? 8));
    const active = all.filter((r) => r.phase !== 'done').sort((a, b) => a.startedAt - b.startedAt);
    const elapsed = this.rootStarted ? `  ${formatElapsed(this.now - this.rootStarted)}` : '';
    const head = `${this.rootName}  ${this.rootStatus || 'waiting'}${elapsed}  (${done.length} done, ${active.filter((r) => r.phase === 'in-progress').length} in progress, ${active.filter((r) => r.phase === 'failed').length} failed)`;
    const rows = [...shownDone, ...active].map((r) => {
      const took = r.phase === 'in-progress' ? this.now - r.startedAt : r.updatedAt - r.startedAt;
      return `  ${MARK[r.phase]} ${pad(r.where, 44)} ${pad(r.type, 34)} ${pad(r.status, 28)} ${formatElapsed(took)}`;
    });
    if (done.length > shownDone.length) rows.unshift(`  ✔ … ${done.length - shownDone.length} more done`);
    return [head, ...rows];
  }
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
