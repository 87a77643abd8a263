/**
 * Scaling of a family on the depth of a queue: `x-sqs.<queue>.Services.<target>.Scaling` (1.x
 * also writes `scaling`) `{Steps: [{LowerBound, UpperBound?, Count}], ScaleOutCooldown?,
 * ScaleInCooldown?}`. Bounds are numbers of visible messages: a step runs `Count` tasks while the
 * queue holds more than its LowerBound and less than its UpperBound (the last step is open-ended).
 *
 * In the family template (the family waits for the `sqs` stack already, so no cycle):
 *  - `SqsScalingAlarm<queueId>`: AWS/SQS ApproximateNumberOfMessagesVisible (Maximum, 60 s, 1
 *    period, missing data not breaching) of the queue, above the first LowerBound;
 *  - `SqsScalingOut<queueId>`: the steps (relative to that threshold), cooldown
 *    ScaleOutCooldown (default 60), the alarm's AlarmActions;
 *  - `SqsScalingIn<queueId>`: back to 0 tasks (Application Auto Scaling keeps the Range minimum)
 *    once the queue is at or below the threshold, cooldown ScaleInCooldown (default 60), OKActions.
 * The policies are made by x-scaling (../shared/step-scaling.ts), which needs the family's Range
 * and raises its maximum to the largest Count (warning CXQ2011).
 *
 * Errors: CXQ1011 invalid steps (order, gap, overlap, bounds, Count); CXQ1012 a family without
 * x-scaling Range; CXQ1013 a family scaled twice on one queue. Warning CXQ2010 last UpperBound dropped.
 */
import { ref } from '../../cfn/intrinsics.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import type { ServiceLink } from '../shared/module.js';
import { parseSteps, registerStepPlan, type StepCodes } from '../shared/step-scaling.js';
import { familyScaling } from '../x-scaling/model.js';
import type { Queue } from './queues.js';

const CODES: StepCodes = { invalid: 'CXQ1011', openEnded: 'CXQ2010', maxRaised: 'CXQ2011' };
const DEFAULT_COOLDOWN = 60;

const scaled = new WeakMap<RenderContext, Map<string, string>>();

export function linkScaling(ctx: RenderContext, queue: Queue, link: ServiceLink): void {
  const key = isMapping(link.def.Scaling) ? 'Scaling' : isMapping(link.def.scaling) ? 'scaling' : undefined;
  if (key === undefined) return;
  const scaling = link.def[key] as Record<string, unknown> & { Steps?: unknown };
  const path = [...link.path, key];
  const err = (code: string, message: string, at: (string | number)[], expected: string, hint?: string) =>
    ctx.bag.error({ code, message, path: formatPath(at), pos: posAt(ctx.doc, at), expected, hint });

  const families: FamilyStack[] = [...new Set(link.targets.map((t) => t.fs))];
  const seen = scaled.get(ctx) ?? new Map<string, string>();
  scaled.set(ctx, seen);
  const ok = families.filter((fs) => {
    const before = seen.get(`${queue.name}\0${fs.id}`);
    if (before !== undefined) {
      err('CXQ1013', `queue "${queue.name}" scales family ${fs.family.name} twice ("${before}" and "${link.key}")`, path, 'one Scaling per family and queue');
      return false;
    }
    seen.set(`${queue.name}\0${fs.id}`, link.key);
    if (familyScaling(fs.family, ctx.doc)?.range === undefined) {
      err('CXQ1012', `queue "${queue.name}" scales family ${fs.family.name}, which has no scaling range`, path,
        `x-scaling with a Range "min-max" on a service of ${fs.family.name}`,
        'step scaling sets the task count within the scalable target; add e.g. `x-scaling: {Range: "1-4"}`');
      return false;
    }
    return true;
  });
  const first = Array.isArray(scaling.Steps) && isMapping(scaling.Steps[0]) ? scaling.Steps[0].LowerBound : undefined;
  const threshold = typeof first === 'number' ? first : 0;
  const steps = parseSteps(ctx, scaling, path, CODES, threshold);
  if (steps === undefined) return;
  const cooldown = (k: string) => (typeof scaling[k] === 'number' ? (scaling[k] as number) : DEFAULT_COOLDOWN);
  const out = `SqsScalingOut${queue.id}`;
  const inId = `SqsScalingIn${queue.id}`;
  for (const fs of ok) {
    registerStepPlan(ctx, { family: fs.id, id: out, steps, cooldown: cooldown('ScaleOutCooldown'), scaleIn: { id: inId, cooldown: cooldown('ScaleInCooldown') }, codes: CODES });
    fs.add(`SqsScalingAlarm${queue.id}`, {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmDescription: `Scales ${fs.family.name} on the messages waiting in SQS queue ${queue.name}`,
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: queue.value(fs, 'QueueName') }],
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [ref(out)],
        OKActions: [ref(inId)],
      },
    });
  }
}
