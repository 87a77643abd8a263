/**
 * Runs a stack operation and reports it: starts the event poller before the operation, follows
 * the stack with the live or plain printer, then explains a failure (root-cause events, final
 * state, what to do next) or, for a successful create/update, watches the ECS rollout.
 */
import type { ActivityPrinter } from './printers.js';
import { LivePrinter, PlainPrinter } from './printers.js';
import { StackEventPoller } from './event-poller.js';
import { followStack, type MonitorResult } from './stack-monitor.js';
import type { DeployContext } from './context.js';
import { say } from './host.js';
import { formatElapsed } from './clock.js';
import { isSuccess } from './stack-status.js';
import { findServices } from './services.js';
import { watchRollout } from './ecs-rollout.js';

export interface FollowRequest {
  stackName: string;
  stackId: string;
  /** Starts the operation (execute a change set, delete the stack). */
  start: () => Promise<unknown>;
  /** Watch the ECS services once the stack is done. */
  watchServices: boolean;
}

export function printerFor(ctx: DeployContext, rootName: string): ActivityPrinter {
  return ctx.host.live ? new LivePrinter(ctx.host, rootName) : new PlainPrinter(ctx.host);
}

/** Returns the exit code: 0 when the stack (and the rollout) succeeded, 1 otherwise. */
export async function runAndFollow(ctx: DeployContext, req: FollowRequest): Promise<number> {
  const { cfn } = ctx.apis;
  const poller = new StackEventPoller(cfn, req.stackId);
  await poller.start();
  const began = ctx.clock.now();
  await req.start();
  const result = await followStack({
    cfn,
    poller,
    printer: printerFor(ctx, req.stackName),
    clock: ctx.clock,
    rootName: req.stackName,
    backoff: ctx.backoff,
  });
  const took = formatElapsed(ctx.clock.now() - began);
  if (result.throttled > 0) say(ctx.host, 'info', `(AWS throttled DescribeStackEvents ${result.throttled} time(s); polling slowed down)`);
  if (!isSuccess(result.status)) {
    reportFailure(ctx, req, result, took);
    return 1;
  }
  say(ctx.host, 'result', `Stack ${req.stackName}: ${result.status} in ${took}`);
  if (!req.watchServices || result.status === 'DELETE_COMPLETE') return 0;
  return watchServices(ctx, req.stackId);
}

function reportFailure(ctx: DeployContext, req: FollowRequest, r: MonitorResult, took: string): void {
  const h = ctx.host;
  const region = ctx.apis.region;
  say(h, 'error', `Stack ${req.stackName} failed: ${r.status}${r.reason ? ` (${r.reason})` : ''} after ${took}`);
  if (r.failures.length > 0) {
    say(h, 'error', 'First failures:');
    for (const { event: e, where } of r.failures) {
      say(h, 'error', `  ${where} (${e.ResourceType ?? '?'}) ${e.ResourceStatus ?? ''}: ${e.ResourceStatusReason ?? ''}`);
    }
  }
  const s = `--stack-name ${req.stackName} --region ${region}`;
  switch (r.status) {
    case 'CREATE_FAILED':
    case 'UPDATE_FAILED':
      say(h, 'error', `Rollback was disabled: the resources are kept for debugging. Roll back with \`aws cloudformation rollback-stack ${s}\`${r.status === 'CREATE_FAILED' ? ` or delete with \`ecs-compose-x down -n ${req.stackName}\`` : ''}.`);
      break;
    case 'ROLLBACK_COMPLETE':
      say(h, 'error', `The stack was rolled back and must be deleted before the next attempt: \`ecs-compose-x down -n ${req.stackName}\`.`);
      break;
    case 'UPDATE_ROLLBACK_COMPLETE':
      say(h, 'error', 'The update was rolled back; the stack is back to its previous state and can be updated again.');
      break;
    case 'UPDATE_ROLLBACK_FAILED':
      say(h, 'error', `The rollback failed. Fix the cause, then \`aws cloudformation continue-update-rollback ${s}\`.`);
      break;
    case 'DELETE_FAILED':
      say(h, 'error', `Fix the resources that could not be deleted, then run \`ecs-compose-x down -n ${req.stackName}\` again.`);
      break;
    default:
      if (r.status.endsWith('_IN_PROGRESS')) say(h, 'error', `Stopped watching while the stack is still ${r.status}; follow it with \`ecs-compose-x status -n ${req.stackName}\`.`);
  }
}

async function watchServices(ctx: DeployContext, stackId: string): Promise<number> {
  const services = await findServices(ctx.apis.cfn, stackId);
  if (services.length === 0) return 0;
  say(ctx.host, 'info', `Waiting for the ECS rollout of ${services.length} service(s)...`);
  const r = await watchRollout({
    ecs: ctx.apis.ecs,
    clock: ctx.clock,
    services,
    report: (line) => say(ctx.host, 'info', line),
    timeoutMs: ctx.rolloutTimeoutMs,
    backoff: ctx.rolloutBackoff,
  });
  if (r.ok) {
    say(ctx.host, 'result', `ECS services stable: ${services.map((s) => s.family).join(', ')}`);
    return 0;
  }
  if (r.timedOut) say(ctx.host, 'error', 'Gave up waiting for the ECS rollout; the services are still deploying:');
  else say(ctx.host, 'error', 'The ECS rollout failed:');
  for (const s of r.services.filter((x) => x.state !== 'stable')) {
    say(ctx.host, 'error', `  ${s.ref.family}: ${s.summary}${s.reason ? ` (${s.reason})` : ''}`);
  }
  return 1;
}
