/**
 * x-scaling model: merges the `x-scaling` blocks of a family's services into one scaling plan.
 *
 * Family merge rules (several services of one family each with x-scaling):
 *  - Range: the smallest minimum and the largest maximum of all ranges given;
 *  - CpuTarget / MemoryTarget: the lowest value given for each (the most cautious target);
 *    a CPU target from one service and a memory target from another give two tracking policies
 *    (Application Auto Scaling scales out when either asks, and in only when both agree);
 *  - ScaleInCooldown: the longest given (default 300); ScaleOutCooldown: the shortest given
 *    (default 60); DisableScaleIn: true when any service sets it;
 *  - ScheduledActions: all of them, in service order.
 * A family where no service has x-scaling takes the ECS-plugin syntax instead (reference §13):
 * `deploy.x-aws-autoscaling` (or service-level `x-aws-autoscaling`) `{min (default 1), max, cpu | memory}`
 * is read as `Range: "<min>-<max>"` plus a CpuTarget / MemoryTarget, merged with the same rules.
 * The x-aws-compat extension reports invalid values and an x-aws-autoscaling ignored for x-scaling.
 * Pure: no CloudFormation here, so other extensions (predefined alarms) can read the range.
 */
import type { FamilyModel } from '../../model/types.js';
import { isMapping, type Mapping } from '../../load/positions.js';

export type KeyPath = (string | number)[];

export interface ScalingRange {
  min: number;
  max: number;
  /** Path of the Range that set the maximum (for diagnostics). */
  path: KeyPath;
}

export interface TrackingTarget {
  value: number;
  path: KeyPath;
}

export interface ScheduledActionModel {
  service: string;
  index: number;
  name?: string;
  schedule: string;
  startTime?: string;
  endTime?: string;
  timezone?: string;
  minCapacity?: number;
  maxCapacity?: number;
  path: KeyPath;
}

export interface ScalingModel {
  /** Services of the family that declare x-scaling. */
  services: string[];
  range?: ScalingRange;
  cpu?: TrackingTarget;
  memory?: TrackingTarget;
  scaleInCooldown: number;
  scaleOutCooldown: number;
  disableScaleIn: boolean;
  scheduled: ScheduledActionModel[];
  /** Path of the first TargetScaling block (for "needs a Range" diagnostics). */
  targetPath?: KeyPath;
}

export const DEFAULT_SCALE_IN_COOLDOWN = 300;
export const DEFAULT_SCALE_OUT_COOLDOWN = 60;

/** A plan with no service, range, target or schedule yet, and the default cooldowns. */
function emptyScaling(): ScalingModel {
  return {
    services: [],
    scaleInCooldown: DEFAULT_SCALE_IN_COOLDOWN,
    scaleOutCooldown: DEFAULT_SCALE_OUT_COOLDOWN,
    disableScaleIn: false,
    scheduled: [],
  };
}

/**
 * The merged scaling plan of a family, or undefined when no service of it has x-scaling (nor,
 * when `doc` is given, x-aws-autoscaling).
 */
export function familyScaling(family: FamilyModel, doc?: Mapping): ScalingModel | undefined {
  const entries = family.extensions['x-scaling'] ?? [];
  if (entries.length === 0) return doc === undefined ? undefined : awsAutoscaling(family, doc);
  const m = emptyScaling();
  let scaleIn: number | undefined;
  let scaleOut: number | undefined;
  for (const { service, value } of entries) {
    if (!isMapping(value)) continue;
    m.services.push(service);
    const base: KeyPath = ['services', service, 'x-scaling'];
    if (typeof value.Range === 'string') {
      const [lo, hi] = value.Range.split('-').map(Number);
      const path = [...base, 'Range'];
      if (m.range === undefined) m.range = { min: lo, max: hi, path };
      else {
        m.range.min = Math.min(m.range.min, lo);
        if (hi > m.range.max) m.range = { ...m.range, max: hi, path };
      }
    }
    const t = value.TargetScaling;
    if (isMapping(t)) {
      m.targetPath ??= [...base, 'TargetScaling'];
      m.cpu = lowest(m.cpu, t.CpuTarget, [...base, 'TargetScaling', 'CpuTarget']);
      m.memory = lowest(m.memory, t.MemoryTarget, [...base, 'TargetScaling', 'MemoryTarget']);
      if (typeof t.ScaleInCooldown === 'number') scaleIn = Math.max(scaleIn ?? 0, t.ScaleInCooldown);
      if (typeof t.ScaleOutCooldown === 'number') scaleOut = Math.min(scaleOut ?? Infinity, t.ScaleOutCooldown);
      if (t.DisableScaleIn === true) m.disableScaleIn = true;
    }
    if (Array.isArray(value.ScheduledActions)) {
      value.ScheduledActions.forEach((a: unknown, index) => {
        if (isMapping(a)) m.scheduled.push(scheduledAction(service, index, a, [...base, 'ScheduledActions', index]));
      });
    }
  }
  if (scaleIn !== undefined) m.scaleInCooldown = scaleIn;
  if (scaleOut !== undefined) m.scaleOutCooldown = scaleOut;
  return m;
}

/** Where the ECS-plugin `x-aws-autoscaling` of a service may be: in deploy (Docker's place) or at service level. */
export function awsAutoscalingBlocks(doc: Mapping, service: string): { value: Mapping; path: KeyPath }[] {
  const services = isMapping(doc.services) ? doc.services : {};
  const svc = services[service];
  if (!isMapping(svc)) return [];
  const out: { value: Mapping; path: KeyPath }[] = [];
  if (isMapping(svc.deploy) && isMapping(svc.deploy['x-aws-autoscaling'])) {
    out.push({ value: svc.deploy['x-aws-autoscaling'], path: ['services', service, 'deploy', 'x-aws-autoscaling'] });
  }
  if (isMapping(svc['x-aws-autoscaling'])) out.push({ value: svc['x-aws-autoscaling'], path: ['services', service, 'x-aws-autoscaling'] });
  return out;
}

/** Default minimum of x-aws-autoscaling without `min`: one task (target tracking cannot scale out from zero). */
export const AWS_AUTOSCALING_DEFAULT_MIN = 1;

function awsAutoscaling(family: FamilyModel, doc: Mapping): ScalingModel | undefined {
  const m = emptyScaling();
  for (const service of family.services) {
    for (const { value, path } of awsAutoscalingBlocks(doc, service)) {
      if (typeof value.max !== 'number') continue;
      if (!m.services.includes(service)) m.services.push(service);
      const lo = typeof value.min === 'number' ? value.min : AWS_AUTOSCALING_DEFAULT_MIN;
      const hi = value.max;
      if (m.range === undefined) m.range = { min: lo, max: hi, path: [...path, 'max'] };
      else {
        m.range.min = Math.min(m.range.min, lo);
        if (hi > m.range.max) m.range = { ...m.range, max: hi, path: [...path, 'max'] };
      }
      if (value.cpu !== undefined || value.memory !== undefined) m.targetPath ??= path;
      m.cpu = lowest(m.cpu, value.cpu, [...path, 'cpu']);
      if (typeof value.cpu !== 'number') m.memory = lowest(m.memory, value.memory, [...path, 'memory']);
    }
  }
  return m.services.length > 0 ? m : undefined;
}

function lowest(current: TrackingTarget | undefined, value: unknown, path: KeyPath): TrackingTarget | undefined {
  if (typeof value !== 'number') return current;
  return current === undefined || value < current.value ? { value, path } : current;
}

function scheduledAction(service: string, index: number, a: Mapping, path: KeyPath): ScheduledActionModel {
  const target = isMapping(a.ScalableTargetAction) ? a.ScalableTargetAction : {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return {
    service,
    index,
    name: str(a.ScheduledActionName),
    schedule: String(a.Schedule),
    startTime: str(a.StartTime),
    endTime: str(a.EndTime),
    timezone: str(a.Timezone),
    minCapacity: num(target.MinCapacity),
    maxCapacity: num(target.MaxCapacity),
    path,
  };
}
