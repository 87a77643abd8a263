/**
 * Polls DescribeStackEvents for a root stack and every nested stack it starts, newest page first,
 * and returns each event once, oldest first. Older history is cut off by a watermark (the root's
 * newest event when watching began) and, for nested stacks, by the time the parent started them.
 */
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import type { CfnApi } from './api.js';

interface Watched {
  stackId: string;
  /** Stop paging at this event (root) ... */
  watermark?: string;
  /** ... or at events older than this (nested stacks, server time). */
  since?: number;
}

export class StackEventPoller {
  private readonly seen = new Set<string>();
  private readonly stacks = new Map<string, Watched>();
  /** First time each nested-stack resource was seen in progress (server time). */
  private readonly nestedStarted = new Map<string, number>();

  constructor(
    private readonly cfn: CfnApi,
    readonly rootStackId: string,
  ) {
    this.stacks.set(rootStackId, { stackId: rootStackId });
  }

  /** Remembers the newest existing root event so that only newer ones are reported. */
  async start(): Promise<void> {
    const r = await this.cfn.describeStackEvents({ StackName: this.rootStackId });
    const root = this.stacks.get(this.rootStackId);
    if (root) root.watermark = r.StackEvents?.[0]?.EventId;
  }

  /** Stack IDs being watched (root first). */
  get stackIds(): string[] {
    return [...this.stacks.keys()];
  }

  /** New events since the last poll, oldest first. Errors (throttling included) propagate. */
  async poll(): Promise<StackEvent[]> {
    const fresh: StackEvent[] = [];
    // A Map iterates over entries added during the loop: nested stacks found now are read now.
    for (const w of this.stacks.values()) {
      const events = await this.fetch(w);
      for (const e of events) this.discoverNested(e, w.stackId);
      fresh.push(...events);
    }
    fresh.sort((a, b) => time(a) - time(b));
    return fresh;
  }

  /** Unseen events of one stack, newest first, stopping at what was seen before. */
  private async fetch(w: Watched): Promise<StackEvent[]> {
    const out: StackEvent[] = [];
    let token: string | undefined;
    do {
      const r = await this.cfn.describeStackEvents({ StackName: w.stackId, NextToken: token });
      token = r.NextToken;
      for (const e of r.StackEvents ?? []) {
        const id = e.EventId ?? '';
        if (id === w.watermark || this.seen.has(id) || (w.since !== undefined && time(e) < w.since)) {
          token = undefined;
          break;
        }
        out.push(e);
      }
    } while (token);
    for (const e of out) this.seen.add(e.EventId ?? '');
    return out.reverse();
  }

  private discoverNested(e: StackEvent, ownerId: string): void {
    if (e.ResourceType !== 'AWS::CloudFormation::Stack') return;
    const physical = e.PhysicalResourceId;
    if (physical === ownerId) return;
    // CloudFormation reports the nested stack's ARN only from its second event on; its history
    // for this operation starts at the first one.
    const key = `${ownerId}|${e.LogicalResourceId ?? ''}`;
    const started = Math.min(this.nestedStarted.get(key) ?? Infinity, time(e));
    this.nestedStarted.set(key, started);
    if (!physical || !physical.startsWith('arn:') || this.stacks.has(physical)) return;
    this.stacks.set(physical, { stackId: physical, since: started });
  }
}

export function time(e: StackEvent): number {
  return e.Timestamp ? new Date(e.Timestamp).getTime() : 0;
}
