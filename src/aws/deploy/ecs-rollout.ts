/**
 * Watches the ECS rollout after CloudFormation is done: polls DescribeServices until each
 * service has a single PRIMARY deployment with running = desired, or a rollout failed
 * (deployment circuit breaker), reporting counts and new service events as they change.
 */
import type { Deployment, Service } from '@aws-sdk/client-ecs';
import type { EcsApi } from './api.js';
import { isThrottling } from './aws-error.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { Clock } from './clock.js';
import { formatElapsed } from './clock.js';
import type { ServiceRef } from './services.js';

export type RolloutState = 'stable' | 'in-progress' | 'failed';

export interface ServiceRollout {
  ref: ServiceRef;
  state: RolloutState;
  summary: string;
  reason?: string;
}

export interface RolloutResult {
  ok: boolean;
  services: ServiceRollout[];
  timedOut: boolean;
}

export function rolloutState(s: Service): { state: RolloutState; reason?: string } {
  const deployments = s.deployments ?? [];
  const failed = deployments.find((d) => d.rolloutState === 'FAILED');
  if (failed) return { state: 'failed', reason: failed.rolloutStateReason ?? 'the deployment failed' };
  if (s.status && s.status !== 'ACTIVE') return { state: 'failed', reason: `service is ${s.status}` };
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  if (deployments.length === 1 && primary && (primary.runningCount ?? 0) === (primary.desiredCount ?? 0) && primary.rolloutState !== 'IN_PROGRESS') {
    return { state: 'stable' };
  }
  return { state: 'in-progress' };
}

export function deploymentSummary(s: Service): string {
  const part = (d: Deployment) => `${d.status ?? '?'} ${d.runningCount ?? 0}/${d.desiredCount ?? 0} running${d.pendingCount ? `, ${d.pendingCount} pending` : ''}${d.failedTasks ? `, ${d.failedTasks} failed tasks` : ''}`;
  return (s.deployments ?? []).map(part).join('; ') || `${s.runningCount ?? 0}/${s.desiredCount ?? 0} running`;
}

/** DescribeServices takes up to 10 services of one cluster per call. */
export async function describeAll(ecs: EcsApi, refs: ServiceRef[]): Promise<Map<ServiceRef, Service | undefined>> {
  const out = new Map<ServiceRef, Service | undefined>();
  const byCluster = new Map<string, ServiceRef[]>();
  for (const r of refs) byCluster.set(r.cluster, [...(byCluster.get(r.cluster) ?? []), r]);
  for (const [cluster, list] of byCluster) {
    for (let i = 0; i < list.length; i += 10) {
      const chunk = list.slice(i, i + 10);
      const r = await ecs.describeServices({ cluster, services: chunk.map((c) => c.service) });
      for (const ref of chunk) out.set(ref, r.services?.find((s) => s.serviceArn === ref.service || s.serviceName === ref.service));
    }
  }
  return out;
}

export interface RolloutOptions {
  ecs: EcsApi;
  clock: Clock;
  services: ServiceRef[];
  /** One line per change. */
  report: (line: string) => void;
  /** @default 30 minutes */
  timeoutMs?: number;
  backoff?: BackoffOptions;
}

export async function watchRollout(o: RolloutOptions): Promise<RolloutResult> {
  const start = o.clock.now();
  const deadline = start + (o.timeoutMs ?? 30 * 60_000);
  const backoff = new Backoff({ minMs: 5000, maxMs: 15000, ...o.backoff });
  const last = new Map<ServiceRef, string>();
  const seenEvents = new Set<string>();
  let first = true;
  for (;;) {
    let described: Map<ServiceRef, Service | undefined>;
    try {
      described = await describeAll(o.ecs, o.services);
    } catch (e) {
      if (!isThrottling(e)) throw e;
      backoff.throttled();
      await o.clock.sleep(backoff.delay());
      continue;
    }
    const rollouts: ServiceRollout[] = [];
    let changed = false;
    for (const ref of o.services) {
      const s = described.get(ref);
      if (!s) {
        rollouts.push({ ref, state: 'failed', summary: 'missing', reason: 'service not found' });
        continue;
      }
      const { state, reason } = rolloutState(s);
      const summary = deploymentSummary(s);
      rollouts.push({ ref, state, summary, reason });
      const line = `${ref.family}: ${summary}${state === 'stable' ? ' (stable)' : state === 'failed' ? ` (FAILED: ${reason})` : ''}`;
      if (last.get(ref) !== line) {
        o.report(`${formatElapsed(o.clock.now() - start).padStart(6)}  ${line}`);
        last.set(ref, line);
        changed = true;
      }
      // ECS service events, newest first: show the new ones (not the history on the first look).
      const fresh = (s.events ?? []).filter((e) => e.id && !seenEvents.has(e.id));
      for (const e of fresh) seenEvents.add(e.id ?? '');
      if (!first) for (const e of fresh.reverse()) o.report(`        ${ref.family}: ${e.message ?? ''}`);
    }
    first = false;
    const done = rollouts.every((r) => r.state !== 'in-progress');
    if (done) return { ok: rollouts.every((r) => r.state === 'stable'), services: rollouts, timedOut: false };
    if (o.clock.now() >= deadline) return { ok: false, services: rollouts, timedOut: true };
    if (changed) backoff.reset();
    else backoff.idle();
    await o.clock.sleep(backoff.delay());
  }
}
