/**
 * Step scaling from top-level alarms:
 * `x-alarms.<name>.Services.<service|family>.Scaling: {Steps: [{LowerBound, UpperBound?, Count}], ScaleOutCooldown?}`.
 *
 * Layout (no cycle between stacks): for each target family, the policy
 * `ScalingOutPolicy<alarm>` (AWS::ApplicationAutoScaling::ScalingPolicy, StepScaling,
 * AdjustmentType ExactCapacity, on the family's ServiceScalingTarget) lives in the FAMILY
 * template, which outputs its ARN as `ScalingOutPolicy<alarm>Arn`. The alarm stays in the
 * `alarms` stack; it receives that ARN as the parameter `<family>ScalingOutPolicy<alarm>`
 * (GetAtt <family>.Outputs.ScalingOutPolicy<alarm>Arn) and lists it in AlarmActions. The
 * alarms stack already waits for the family stacks (it reads their EcsServiceName), so the
 * order is: family stacks, then `alarms`; an alarm may scale several families.
 *
 * Steps are intervals of (metric - threshold): LowerBound inclusive, UpperBound exclusive.
 * They must be given in ascending order, each UpperBound (when given) must be the next step's
 * LowerBound (AWS accepts neither gaps nor overlaps); a missing UpperBound of a step that is
 * not the last one is the next LowerBound; the last step is open-ended (its UpperBound, if
 * given, is dropped with warning CXA1210). Cooldown = Scaling.ScaleOutCooldown, default 60.
 * The family's scalable target MaxCapacity is raised to the largest Count (warning CXA1211,
 * applied by x-scaling, which creates the target and then the policies: see addStepPolicies).
 *
 * Errors: CXA1201 unknown or ambiguous target; CXA1206 target family without x-scaling Range;
 * CXA1207 step scaling on a composite alarm, or on an alarm that fires below its threshold;
 * CXA1208 invalid steps (order, overlap, gap, bounds, Count); CXA1209 one family targeted twice
 * by an alarm. Warnings: CXA1210 last UpperBound dropped; CXA1211 MaxCapacity raised.
 */
import { getAtt, ref, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import type { NestedStack } from '../../synth/stack.js';
import { DEFAULT_SCALE_OUT_COOLDOWN, familyScaling, type ScalingRange } from '../x-scaling/model.js';
import { familyByName } from './families.js';

type KeyPath = (string | number)[];

export interface Step {
  lower: number;
  /** Exclusive upper bound; undefined on the last (open-ended) step. */
  upper?: number;
  count: number;
  path: KeyPath;
}

export interface StepPlan {
  alarm: string;
  alarmLogical: string;
  family: string;
  steps: Step[];
  cooldown: number;
  /** Path of the `Services.<target>` entry. */
  path: KeyPath;
}

/** Resource / output ID of the policy of `alarmLogical` in a family template. */
export const policyId = (alarmLogical: string) => `ScalingOutPolicy${alarmLogical}`;

const plans = new WeakMap<RenderContext, StepPlan[]>();

/**
 * Every valid step-scaling plan of the project, parsed once per render (diagnostics are
 * reported on the first call, whichever extension makes it).
 */
export function stepScalingPlans(ctx: RenderContext): StepPlan[] {
  let out = plans.get(ctx);
  if (out === undefined) {
    out = parsePlans(ctx);
    plans.set(ctx, out);
  }
  return out;
}

function parsePlans(ctx: RenderContext): StepPlan[] {
  const root = ctx.doc['x-alarms'];
  if (!isMapping(root)) return [];
  const out: StepPlan[] = [];
  for (const [alarm, spec] of Object.entries(root)) {
    if (alarm === 'DeletionPolicy' || !isMapping(spec) || !isMapping(spec.Services)) continue;
    const base: KeyPath = ['x-alarms', alarm, 'Services'];
    if (Object.keys(spec.Services).length === 0) continue;
    if (!alarmCanScale(ctx, alarm, spec, base)) continue;
    const seen = new Map<string, string>();
    for (const [target, entry] of Object.entries(spec.Services)) {
      const path = [...base, target];
      if (isMapping(entry) && 'Access' in entry) {
        ctx.bag.warn({
          code: 'CXA1212',
          message: `Access of x-alarms ${alarm} for "${target}" is ignored: an alarm grants no access (1.x ignores it too)`,
          path: formatPath([...path, 'Access']),
          pos: posAt(ctx.doc, [...path, 'Access']),
          hint: 'remove it',
        });
      }
      const fs = familyByName(ctx, target, path, err);
      if (fs === undefined) continue;
      const before = seen.get(fs.id);
      if (before !== undefined) {
        err(ctx, 'CXA1209', `x-alarms ${alarm} scales family ${fs.family.name} twice ("${before}" and "${target}")`, path, 'one entry per family under Services');
        continue;
      }
      seen.set(fs.id, target);
      if (familyScaling(fs.family, ctx.doc)?.range === undefined) {
        err(ctx, 'CXA1206', `x-alarms ${alarm} scales family ${fs.family.name}, which has no scaling range`, path,
          `x-scaling with a Range "min-max" on a service of ${fs.family.name}`,
          'step scaling sets the task count within the scalable target; add e.g. `x-scaling: {Range: "1-4"}`');
        continue;
      }
      const scaling = isMapping(entry) && isMapping(entry.Scaling) ? entry.Scaling : undefined;
      const steps = scaling ? parseSteps(ctx, scaling, [...path, 'Scaling']) : undefined;
      if (steps === undefined) continue;
      const cooldown = typeof scaling?.ScaleOutCooldown === 'number' ? scaling.ScaleOutCooldown : DEFAULT_SCALE_OUT_COOLDOWN;
      out.push({ alarm, alarmLogical: logicalId(alarm), family: fs.id, steps, cooldown, path });
    }
  }
  return out;
}

/** Only a metric alarm that fires above its threshold can drive steps with bounds >= 0. */
function alarmCanScale(ctx: RenderContext, alarm: string, spec: Mapping, path: KeyPath): boolean {
  const props = isMapping(spec.Properties) ? spec.Properties : {};
  const macro = isMapping(spec.MacroParameters) ? spec.MacroParameters : {};
  if (props.AlarmRule !== undefined || macro.CompositeExpression !== undefined) {
    err(ctx, 'CXA1207', `x-alarms ${alarm} is a composite alarm; composite alarms cannot trigger scaling policies`, path,
      'Services on a metric alarm (Properties.MetricName or Properties.Metrics)');
    return false;
  }
  if (typeof props.ComparisonOperator === 'string' && !props.ComparisonOperator.startsWith('GreaterThan')) {
    const p = ['x-alarms', alarm, 'Properties', 'ComparisonOperator'];
    err(ctx, 'CXA1207', `x-alarms ${alarm} fires when the metric is below its threshold (${props.ComparisonOperator}); its steps (LowerBound >= 0) would never apply`, p,
      'GreaterThanThreshold or GreaterThanOrEqualToThreshold');
    return false;
  }
  return true;
}

function parseSteps(ctx: RenderContext, scaling: Mapping, path: KeyPath): Step[] | undefined {
  const list = Array.isArray(scaling.Steps) ? scaling.Steps : [];
  if (list.length === 0) {
    err(ctx, 'CXA1208', 'step scaling without steps', [...path, ...(scaling.Steps === undefined ? [] : ['Steps'])], 'Steps: [{LowerBound, UpperBound?, Count}, ...]');
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
      err(ctx, 'CXA1208', `step ${i + 1} has no valid LowerBound`, isMapping(raw) && 'LowerBound' in s ? [...at, 'LowerBound'] : at, 'an integer >= 0 (metric value minus the alarm threshold)');
      return;
    }
    if (!int(s.Count)) {
      ok = false;
      err(ctx, 'CXA1208', `step ${i + 1} has no valid Count`, 'Count' in s ? [...at, 'Count'] : at, 'the number of tasks to run, an integer >= 0');
      return;
    }
    if (s.UpperBound !== undefined && !(int(s.UpperBound) && (s.UpperBound as number) > (s.LowerBound as number))) {
      ok = false;
      err(ctx, 'CXA1208', `step ${i + 1}: UpperBound ${String(s.UpperBound)} is not above its LowerBound ${String(s.LowerBound)}`, [...at, 'UpperBound'], `an integer above ${String(s.LowerBound)}`);
      return;
    }
    steps.push({ lower: s.LowerBound as number, upper: s.UpperBound as number | undefined, count: s.Count as number, path: at });
  });
  if (!ok) return undefined;
  for (let i = 1; i < steps.length; i++) {
    const [prev, cur] = [steps[i - 1], steps[i]];
    if (cur.lower <= prev.lower) {
      err(ctx, 'CXA1208', `step ${i + 1} starts at ${cur.lower}, not above step ${i} (${prev.lower}): steps must be in ascending order`, [...cur.path, 'LowerBound'], `a LowerBound above ${prev.lower}`);
      return undefined;
    }
    if (prev.upper === undefined) prev.upper = cur.lower;
    else if (prev.upper !== cur.lower) {
      const overlap = prev.upper > cur.lower;
      err(ctx, 'CXA1208',
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
      code: 'CXA1210',
      message: `the last step is open-ended: its UpperBound ${last.upper} is ignored`,
      path: formatPath(p),
      pos: posAt(ctx.doc, p),
      hint: `remove it; step ${steps.length} applies to every value ${last.lower} or more above the threshold`,
    });
    last.upper = undefined;
  }
  return steps;
}

/**
 * The MaxCapacity of a family's scalable target: its Range maximum, raised to the largest
 * step Count of the alarms scaling it (warning CXA1211).
 */
export function stepMaxCapacity(ctx: RenderContext, fs: FamilyStack, range: ScalingRange): number {
  let max = range.max;
  let at: Step | undefined;
  for (const p of stepScalingPlans(ctx)) {
    if (p.family !== fs.id) continue;
    for (const s of p.steps) {
      if (s.count > max) {
        max = s.count;
        at = s;
      }
    }
  }
  if (at !== undefined) {
    const p = [...at.path, 'Count'];
    ctx.bag.warn({
      code: 'CXA1211',
      message: `family ${fs.family.name} may scale to ${max} tasks by step scaling, above its Range maximum ${range.max}; its scalable target allows ${max}`,
      path: formatPath(p),
      pos: posAt(ctx.doc, p),
      hint: `raise the Range at ${formatPath(range.path)} to ${range.min}-${max}, or lower the Count`,
    });
  }
  return max;
}

/** Adds the step policies of the family (after its ServiceScalingTarget) and their ARN outputs. */
export function addStepPolicies(ctx: RenderContext, fs: FamilyStack, scalableTarget: string): void {
  for (const p of stepScalingPlans(ctx)) {
    if (p.family !== fs.id) continue;
    const id = policyId(p.alarmLogical);
    fs.add(id, {
      Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
      Properties: {
        PolicyName: `${fs.family.logicalName}${id}`,
        PolicyType: 'StepScaling',
        ScalingTargetId: ref(scalableTarget),
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ExactCapacity',
          Cooldown: p.cooldown,
          StepAdjustments: p.steps.map((s) => {
            const adj: Record<string, CfnValue | undefined> = {
              MetricIntervalLowerBound: s.lower,
              MetricIntervalUpperBound: s.upper,
              ScalingAdjustment: s.count,
            };
            return adj;
          }),
        },
      },
    });
    fs.template.addOutput(`${id}Arn`, { Description: `ARN of the step scaling policy of x-alarms ${p.alarm}`, Value: ref(id) });
  }
}

/** AlarmActions of alarm `name` in the alarms stack: the ARNs of its step policies, as parameters. */
export function stepScalingActions(ctx: RenderContext, alarm: string, stack: NestedStack): CfnValue[] {
  const out: CfnValue[] = [];
  for (const p of stepScalingPlans(ctx)) {
    if (p.alarm !== alarm) continue;
    const fs = ctx.families.get(p.family);
    if (fs === undefined) continue;
    const id = policyId(p.alarmLogical);
    out.push(
      stack.input(
        `${fs.id}${id}`,
        { Type: 'String', Description: `ARN of the step scaling policy of ${fs.family.name} for x-alarms ${alarm}` },
        getAtt(fs.id, `Outputs.${id}Arn`),
      ),
    );
  }
  return out;
}

function err(ctx: RenderContext, code: string, message: string, path: KeyPath, expected: string, hint?: string): void {
  ctx.bag.error({ code, message, path: formatPath(path), pos: posAt(ctx.doc, path), expected, hint });
}
