/**
 * Follows one stack operation to its end: poller → activity book → printer, sleeping between
 * polls with jittered backoff on the injected clock and riding out throttling. The result holds
 * the final state and the failures that explain it.
 */
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import type { CfnApi } from './api.js';
import { ActivityBook, type Failure } from './activity.js';
import { isThrottling } from './aws-error.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { Clock } from './clock.js';
import type { StackEventPoller } from './event-poller.js';
import type { ActivityPrinter } from './printers.js';
import { isTerminal } from './stack-status.js';
import { describeStack } from './stacks.js';

export interface MonitorResult {
  status: string;
  reason?: string;
  /** Root-cause failures, first ones first. */
  failures: Failure[];
  /** How many times AWS throttled the poller. */
  throttled: number;
}

export interface MonitorOptions {
  cfn: CfnApi;
  poller: StackEventPoller;
  printer: ActivityPrinter;
  clock: Clock;
  rootName: string;
  backoff?: BackoffOptions;
  /** Give up after this long. @default 3 hours */
  timeoutMs?: number;
}

export async function followStack(o: MonitorOptions): Promise<MonitorResult> {
  const book = new ActivityBook(o.poller.rootStackId, o.rootName);
  const backoff = new Backoff(o.backoff);
  const deadline = o.clock.now() + (o.timeoutMs ?? 3 * 3600_000);
  let throttled = 0;
  let finished = false;
  for (;;) {
    let events: StackEvent[] = [];
    try {
      events = await o.poller.poll();
    } catch (e) {
      if (!isThrottling(e)) throw e;
      throttled++;
      backoff.throttled();
      await o.clock.sleep(backoff.delay());
      continue;
    }
    for (const e of events) {
      const a = book.record(e);
      o.printer.event(e, a);
      if (book.isRootStatus(e) && isTerminal(e.ResourceStatus ?? '')) finished = true;
    }
    if (finished) break;
    if (events.length > 0) backoff.reset();
    else {
      backoff.idle();
      // Events are the main signal; the stack's own status is the safety net.
      const s = await describeStackQuietly(o, () => throttled++);
      if (s && isTerminal(s)) {
        finished = true;
        continue; // one last poll to show the final events
      }
    }
    if (o.clock.now() > deadline) break;
    o.printer.tick(o.clock.now());
    await o.clock.sleep(backoff.delay());
  }
  o.printer.stop();
  const final = await describeStack(o.cfn, o.poller.rootStackId);
  return {
    status: final?.StackStatus ?? 'UNKNOWN',
    reason: final?.StackStatusReason,
    failures: book.rootCauses(),
    throttled,
  };
}

async function describeStackQuietly(o: MonitorOptions, onThrottle: () => void): Promise<string | undefined> {
  try {
    return (await describeStack(o.cfn, o.poller.rootStackId))?.StackStatus;
  } catch (e) {
    if (!isThrottling(e)) throw e;
    onThrottle();
    return undefined;
  }
}
