/**
 * Step scaling of a family's ECS service, shared by the modules that drive it from an alarm
 * (x-alarms `Services.<target>.Scaling`, x-sqs `Services.<target>.Scaling`):
 *
 *   Scaling: {Steps: [{LowerBound, UpperBound?, Count}, ...], ScaleOutCooldown?, ScaleInCooldown?}
 *
 * - `parseSteps` checks the steps: integers >= 0, ascending, no gap nor overlap (a missing
 *   UpperBound of a step that is not the last is the next LowerBound), the last one open-ended
 *   (its UpperBound is dropped with a warning). Bounds are as the module reads them; a plan
 *   carries them relative to the alarm threshold (AWS's MetricIntervalLowerBound/UpperBound).
 * - A module registers each family's plan (`registerStepPlan`) before x-scaling runs; x-scaling
 *   then creates the scalable target, its MaxCapacity raised to the largest Count
 *   (`stepMaxCapacity`, warning of the plan's module), and the policies (`addStepPolicies`):
 *   `AWS::ApplicationAutoScaling::ScalingPolicy` `<id>` (StepScaling, ExactCapacity, cooldown
 *   ScaleOutCooldown), and for a plan with `scaleIn`, `<scaleIn.id>` setting 0 tasks (the Range
 *   minimum) when the metric is back at or below the threshold (cooldown ScaleInCooldown).
 */
import { ref, type CfnValue } from '../../cfn/intrinsics.js';
import { formatPath, posAt, type Mapping } from '../../load/positions.js';
import { isMapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { refusedWithoutService, type FamilyStack } from '../../synth/family.js';
import type { ScalingRange } from '../x-scaling/model.js';

type KeyPath = (string | number)[];

export interface Step {
  lower: number;
  /** Exclusive upper bound; undefined on the last (open-ended) step. */
  upper?: number;
  count: number;
  path: KeyPath;
}

/** Diagnostic codes of a module's steps. */
export interface StepCodes {
  /** Invalid steps (error). */
  invalid: string;
  /** Last UpperBound dropped (warning). */
  openEnded: string;
  /** MaxCapacity raised to a Count (warning). */
  maxRaised: string;
}

export interface StepPlan {
  /** Family stack id. */
  family: string;
  /** Resource (and output) id of the scale-out policy in the family template. */
  id: string;
  /** Steps with bounds relative to the alarm threshold. */
  steps: Step[];
  cooldown: number;
  /** A scale-in policy to 0 tasks for the alarm's OK state. */
  scaleIn?: { id: string; cooldown: number };
  /** Output `<id>Arn` (the alarm is in another stack), with this description. */
  outputArn?: string;
  codes: StepCodes;
}

/**
 * The steps of `scaling` (at `path`), bounds as written; undefined when invalid (reported).
 * `offset` is subtracted from every bound in the result (bounds relative to the threshold).
 */
export function parseSteps(ctx: RenderContext, scaling: Mapping, path: KeyPath, codes: StepCodes, offset = 0): Step[] | undefined {
  const err = (message: string, at: KeyPath, expected: string, hint?: string) =>
    ctx.bag.error({ code: codes.invalid, message, path: formatPath(at), pos: posAt(ctx.doc, at), expected, hint });
  const list = Array.isArray(scaling.Steps) ? scaling.Steps : [];
  if (list.length === 0) {
    err('step scaling without steps', [...path, ...(scaling.Steps === undefined ? [] : ['Steps'])], 'Steps: [{LowerBound, UpperBound?, Count}, ...]');
    return undefined;
  }
  const steps: Step[] = [];
  let ok = true;
  const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  list.forEach((raw: unknown, i) => {
    const at = [...path, 'Steps', i];
    const s = isMapping(raw) ? raw : {};
    if (!int(s.LowerBound)) {
      ok = false;
      err(`step ${i + 1} has no valid LowerBound`, isMapping(raw) && 'LowerBound' in s ? [...at, 'LowerBound'] : at, 'an integer >= 0');
      return;
    }
    if (!int(s.Count)) {
      ok = false;
      err(`step ${i + 1} has no valid Count`, 'Count' in s ? [...at, 'Count'] : at, 'the number of tasks to run, an integer >= 0');
      return;
    }
    if (s.UpperBound !== undefined && !(int(s.UpperBound) && (s.UpperBound as number) > (s.LowerBound as number))) {
      ok = false;
      err(`step ${i + 1}: UpperBound ${String(s.UpperBound)} is not above its LowerBound ${String(s.LowerBound)}`, [...at, 'UpperBound'], `an integer above ${String(s.LowerBound)}`);
      return;
    }
    steps.push({ lower: s.LowerBound as number, upper: s.UpperBound as number | undefined, count: s.Count as number, path: at });
  });
  if (!ok) return undefined;
  for (let i = 1; i < steps.length; i++) {
    const [prev, cur] = [steps[i - 1], steps[i]];
    if (cur.lower <= prev.lower) {
      err(`step ${i + 1} starts at ${cur.lower}, not above step ${i} (${prev.lower}): steps must be in ascending order`, [...cur.path, 'LowerBound'], `a LowerBound above ${prev.lower}`);
      return undefined;
    }
    if (prev.upper === undefined) prev.upper = cur.lower;
    else if (prev.upper !== cur.lower) {
      const overlap = prev.upper > cur.lower;
      err(
        overlap
          ? `steps ${i} and ${i + 1} overlap: step ${i} ends at ${prev.upper}, step ${i + 1} starts at ${cur.lower}`
          : `gap between steps ${i} and ${i + 1}: step ${i} ends at ${prev.upper}, step ${i + 1} starts at ${cur.lower}`,
        [...cur.path, 'LowerBound'], `LowerBound ${prev.upper} (the UpperBound of step ${i})`, 'Application Auto Scaling accepts neither gaps nor overlaps between steps');
      return undefined;
    }
  }
  const last = steps[steps.length - 1];
  if (last.upper !== undefined) {
    const p = [...last.path, 'UpperBound'];
    ctx.bag.warn({
      code: codes.openEnded,
      message: `the last step is open-ended: its UpperBound ${last.upper} is ignored`,
      path: formatPath(p),
      pos: posAt(ctx.doc, p),
      hint: `remove it; step ${steps.length} applies from ${last.lower} up`,
    });
    last.upper = undefined;
  }
  return steps.map((s) => ({ ...s, lower: s.lower - offset, upper: s.upper === undefined ? undefined : s.upper - offset }));
}

const plans = new WeakMap<RenderContext, StepPlan[]>();

/** Registers a family's step plan (before x-scaling runs). */
export function registerStepPlan(ctx: RenderContext, plan: StepPlan): void {
  const fs = ctx.families.get(plan.family);
  const at = plan.steps[0]?.path.slice(0, -2);
  if (fs && at && refusedWithoutService(ctx.bag, ctx.doc, fs, 'step scaling', at)) return;
  const list = plans.get(ctx) ?? [];
  list.push(plan);
  plans.set(ctx, list);
}

/** The step plans of a family, in registration order. */
export function familyStepPlans(ctx: RenderContext, fs: FamilyStack): StepPlan[] {
  return (plans.get(ctx) ?? []).filter((p) => p.family === fs.id);
}

/**
 * The MaxCapacity of a family's scalable target: its Range maximum, raised to the largest
 * step Count of the plans scaling it (warning of that plan's module).
 */
export function stepMaxCapacity(ctx: RenderContext, fs: FamilyStack, range: ScalingRange): number {
  let max = range.max;
  let at: { step: Step; plan: StepPlan } | undefined;
  for (const plan of familyStepPlans(ctx, fs)) {
    for (const step of plan.steps) {
      if (step.count > max) {
        max = step.count;
        at = { step, plan };
      }
    }
  }
  if (at !== undefined) {
    const p = [...at.step.path, 'Count'];
    ctx.bag.warn({
      code: at.plan.codes.maxRaised,
      message: `family ${fs.family.name} may scale to ${max} tasks by step scaling, above its Range maximum ${range.max}; its scalable target allows ${max}`,
      path: formatPath(p),
      pos: posAt(ctx.doc, p),
      hint: `raise the Range at ${formatPath(range.path)} to ${range.min}-${max}, or lower the Count`,
    });
  }
  return max;
}

/** Adds the step policies of the family (after its scalable target) and their ARN outputs. */
export function addStepPolicies(ctx: RenderContext, fs: FamilyStack, scalableTarget: string): void {
  for (const p of familyStepPlans(ctx, fs)) {
    fs.add(p.id, policy(fs, p.id, p.cooldown, p.steps.map((s) => ({ MetricIntervalLowerBound: s.lower, MetricIntervalUpperBound: s.upper, ScalingAdjustment: s.count })), scalableTarget));
    if (p.scaleIn) fs.add(p.scaleIn.id, policy(fs, p.scaleIn.id, p.scaleIn.cooldown, [{ MetricIntervalUpperBound: 0, ScalingAdjustment: 0 }], scalableTarget));
    if (p.outputArn !== undefined) fs.template.addOutput(`${p.id}Arn`, { Description: p.outputArn, Value: ref(p.id) });
  }
}

function policy(fs: FamilyStack, id: string, cooldown: number, adjustments: Record<string, CfnValue | undefined>[], scalableTarget: string) {
  return {
    Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
    Properties: {
      PolicyName: `${fs.family.logicalName}${id}`,
      PolicyType: 'StepScaling',
      ScalingTargetId: ref(scalableTarget),
      StepScalingPolicyConfiguration: { AdjustmentType: 'ExactCapacity', Cooldown: cooldown, StepAdjustments: adjustments },
    },
  };
}
