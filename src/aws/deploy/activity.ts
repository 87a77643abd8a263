/**
 * The state of each resource during one stack operation, folded from stack events: what is in
 * progress, done or failed, since when, and which failures are root causes.
 */
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { isFailedEvent } from './stack-status.js';
import { time } from './event-poller.js';

export type Phase = 'in-progress' | 'done' | 'failed';

export interface ResourceActivity {
  key: string;
  /** Where the resource lives: the root stack's name, or the nested stack's logical ID. */
  stackLabel: string;
  logicalId: string;
  /** Display name: see ActivityBook.where. */
  where: string;
  /** The event is a stack's own status change (root or nested). */
  stackEvent: boolean;
  type: string;
  status: string;
  phase: Phase;
  reason?: string;
  startedAt: number;
  updatedAt: number;
}

export function phaseOf(status: string): Phase {
  if (isFailedEvent(status)) return 'failed';
  if (status.endsWith('_IN_PROGRESS')) return 'in-progress';
  return 'done';
}

/** A failure event with where it happened, for display. */
export interface Failure {
  event: StackEvent;
  /** `<logical id>` in the root stack, `<nested stack logical id>/<logical id>` in a nested one. */
  where: string;
}

export class ActivityBook {
  readonly resources = new Map<string, ResourceActivity>();
  readonly failures: StackEvent[] = [];
  /** Nested stack ARN → its logical ID in the parent. */
  private readonly labels = new Map<string, string>();

  constructor(
    readonly rootStackId: string,
    readonly rootName: string,
  ) {}

  /** The stack an event belongs to, for display. */
  labelOf(stackId: string | undefined): string {
    if (!stackId || stackId === this.rootStackId) return this.rootName;
    return this.labels.get(stackId) ?? stackNameFromArn(stackId);
  }

  /** True for the root stack's own status events. */
  isRootStatus(e: StackEvent): boolean {
    return e.ResourceType === 'AWS::CloudFormation::Stack' && e.PhysicalResourceId === this.rootStackId && e.StackId === this.rootStackId;
  }

  record(e: StackEvent): ResourceActivity {
    if (e.ResourceType === 'AWS::CloudFormation::Stack' && e.PhysicalResourceId?.startsWith('arn:') && e.PhysicalResourceId !== e.StackId) {
      this.labels.set(e.PhysicalResourceId, e.LogicalResourceId ?? '');
    }
    const status = e.ResourceStatus ?? 'UNKNOWN';
    const key = `${e.StackId ?? ''}|${e.LogicalResourceId ?? ''}`;
    const at = time(e);
    const prev = this.resources.get(key);
    const phase = phaseOf(status);
    const startedAt = prev && !(prev.phase !== 'in-progress' && phase === 'in-progress') ? prev.startedAt : at;
    const a: ResourceActivity = {
      key,
      stackLabel: this.labelOf(e.StackId),
      logicalId: e.LogicalResourceId ?? '',
      where: this.where(e),
      stackEvent: e.PhysicalResourceId !== undefined && e.PhysicalResourceId === e.StackId,
      type: e.ResourceType ?? '',
      status,
      phase,
      reason: e.ResourceStatusReason,
      startedAt,
      updatedAt: at,
    };
    this.resources.set(key, a);
    if (phase === 'failed' && e.ResourceStatusReason) this.failures.push(e);
    return a;
  }

  /**
   * The failures that explain what went wrong, first ones first: resource failures before the
   * "Embedded stack ... was not successfully created" echoes, cancellations left out.
   */
  rootCauses(limit = 5): Failure[] {
    const meaningful = this.failures.filter((e) => !/cancell?ed/i.test(e.ResourceStatusReason ?? ''));
    const leaf = meaningful.filter((e) => e.ResourceType !== 'AWS::CloudFormation::Stack');
    const rest = meaningful.filter((e) => e.ResourceType === 'AWS::CloudFormation::Stack');
    const pick = (leaf.length > 0 ? leaf : rest).slice().sort((a, b) => time(a) - time(b));
    return pick.slice(0, limit).map((event) => ({ event, where: this.where(event) }));
  }

  /** Display name of an event's resource; a stack's own events are named after the stack. */
  where(e: StackEvent): string {
    const label = this.labelOf(e.StackId);
    if (e.PhysicalResourceId && e.PhysicalResourceId === e.StackId) return label === this.rootName ? label : `${label} (nested stack)`;
    return label === this.rootName ? (e.LogicalResourceId ?? '') : `${label}/${e.LogicalResourceId ?? ''}`;
  }
}

/** arn:aws:cloudformation:<region>:<acct>:stack/<name>/<uuid> → <name>. */
export function stackNameFromArn(arn: string): string {
  const m = /:stack\/([^/]+)\//.exec(arn);
  return m ? m[1] : arn;
}
