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

/** The merged scaling plan of a family, or undefined when no service of it has x-scaling. */
export function familyScaling(family: FamilyModel): ScalingModel | undefined {
  const entries = family.extensions['x-scaling'] ?? [];
  if (entries.length === 0) return undefined;
  const m: ScalingModel = {
    services: [],
    scaleInCooldown: DEFAULT_SCALE_IN_COOLDOWN,
    scaleOutCooldown: DEFAULT_SCALE_OUT_COOLDOWN,
    disableScaleIn: false,
    scheduled: [],
  };
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
