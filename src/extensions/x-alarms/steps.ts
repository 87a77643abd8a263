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
 * applied by x-scaling, which creates the target and then the policies: ../shared/step-scaling.ts).
 * The plans are registered there by the extension xAlarmSteps, which runs before x-scaling.
 *
 * Errors: CXA1201 unknown or ambiguous target; CXA1206 target family without x-scaling Range;
 * CXA1207 step scaling on a composite alarm, or on an alarm that fires below its threshold;
 * CXA1208 invalid steps (order, overlap, gap, bounds, Count); CXA1209 one family targeted twice
 * by an alarm. Warnings: CXA1210 last UpperBound dropped; CXA1211 MaxCapacity raised.
 */
import { getAtt, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { NestedStack } from '../../synth/stack.js';
import { DEFAULT_SCALE_OUT_COOLDOWN, familyScaling } from '../x-scaling/model.js';
import { parseSteps, registerStepPlan, type Step, type StepCodes } from '../shared/step-scaling.js';
import { familyByName } from './families.js';

type KeyPath = (string | number)[];

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

const STEP_CODES: StepCodes = { invalid: 'CXA1208', openEnded: 'CXA1210', maxRaised: 'CXA1211' };

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
    for (const p of out) {
      registerStepPlan(ctx, {
        family: p.family,
        id: policyId(p.alarmLogical),
        steps: p.steps,
        cooldown: p.cooldown,
        outputArn: `ARN of the step scaling policy of x-alarms ${p.alarm}`,
        codes: STEP_CODES,
      });
    }
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
      const steps = scaling ? parseSteps(ctx, scaling, [...path, 'Scaling'], STEP_CODES) : undefined;
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
