/**
 * Service-level `x-alarms.Predefined`: ready-made alarms of a family's ECS service, rendered in
 * the family template.
 *  - HighCpuUsageAndMaxScaledOut: metric alarm `HighCpuUsage` (AWS/ECS CPUUtilization, Average)
 *    and `ScalingOutMaxed` (ECS/ContainerInsights RunningTaskCount, Average, 60 s × 1), joined
 *    by the composite alarm `HighCpuUsageAndMaxScaledOut` (both in ALARM).
 *  - HighRamUsageAndMaxScaledOut: the same with `HighRamUsage` (MemoryUtilization).
 * Defaults: threshold 75 %, RunningTaskCount = the family's scaling Range maximum, Period 60,
 * EvaluationPeriods 10, DatapointsToAlarm 5. Both predefined alarms share one `ScalingOutMaxed`
 * when their RunningTaskCount is the same; otherwise `ScalingOutMaxedCpu` / `ScalingOutMaxedRam`.
 * Topics notify from the composite alarms only. Several services of a family: settings of later
 * services override earlier ones, topics add up. RunningTaskCount needs Container Insights on
 * the cluster.
 *
 * Errors: CXA1101 predefined alarms on a family without x-scaling Range; CXA1103 (warning)
 * RunningTaskCount above the Range maximum; CXA1104 invalid Period / DatapointsToAlarm.
 */
import { getAtt, ref, sub, type CfnValue } from '../../cfn/intrinsics.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { refusedWithoutService, type FamilyStack } from '../../synth/family.js';
import { familyScaling } from '../x-scaling/model.js';
import { alarmActions, type TopicRef } from './topics.js';

type KeyPath = (string | number)[];

interface Definition {
  primary: string;
  metric: string;
  short: string;
  what: string;
}

export const PREDEFINED: Record<string, Definition> = {
  HighCpuUsageAndMaxScaledOut: { primary: 'HighCpuUsage', metric: 'CPUUtilization', short: 'Cpu', what: 'CPU' },
  HighRamUsageAndMaxScaledOut: { primary: 'HighRamUsage', metric: 'MemoryUtilization', short: 'Ram', what: 'memory' },
};

export const DEFAULTS = { threshold: 75, Period: 60, EvaluationPeriods: 10, DatapointsToAlarm: 5 };

interface Merged {
  name: string;
  def: Definition;
  settings: Record<string, { value: number; path: KeyPath }>;
  topics: TopicRef[];
  path: KeyPath;
}

/** The predefined alarms of a family, merged over its services, in definition order. */
function mergePredefined(fs: FamilyStack): Merged[] {
  const out = new Map<string, Merged>();
  for (const { service, value } of fs.family.extensions['x-alarms'] ?? []) {
    if (!isMapping(value) || !isMapping(value.Predefined)) continue;
    for (const [name, spec] of Object.entries(value.Predefined)) {
      const def = PREDEFINED[name];
      if (!def || !isMapping(spec)) continue;
      const path = ['services', service, 'x-alarms', 'Predefined', name];
      const m = out.get(name) ?? { name, def, settings: {}, topics: [], path };
      if (isMapping(spec.Settings)) {
        for (const [k, v] of Object.entries(spec.Settings)) if (typeof v === 'number') m.settings[k] = { value: v, path: [...path, 'Settings', k] };
      }
      if (Array.isArray(spec.Topics)) {
        spec.Topics.forEach((t: unknown, i) => {
          if (isMapping(t)) m.topics.push({ topic: t, path: [...path, 'Topics', i] });
        });
      }
      out.set(name, m);
    }
  }
  return Object.keys(PREDEFINED)
    .map((n) => out.get(n))
    .filter((m): m is Merged => m !== undefined);
}

export function addPredefinedAlarms(ctx: RenderContext, fs: FamilyStack): void {
  const alarms = mergePredefined(fs);
  if (alarms.length === 0) return;
  if (refusedWithoutService(ctx.bag, ctx.doc, fs, 'alarms on its service', alarms[0].path)) return;
  const range = familyScaling(fs.family, ctx.doc)?.range;
  if (range === undefined) {
    for (const a of alarms) {
      ctx.bag.error({
        code: 'CXA1101',
        message: `predefined alarm ${a.name} needs the scaling range of family ${fs.family.name}, which has none`,
        path: formatPath(a.path),
        pos: posAt(ctx.doc, a.path),
        expected: 'x-scaling with a Range "min-max" on a service of the family',
        hint: 'the alarm fires when the service runs its maximum number of tasks; add e.g. `x-scaling: {Range: "1-4"}`',
      });
    }
    return;
  }
  const plans = alarms.map((a) => {
    const setting = (k: string, dflt: number) => a.settings[k]?.value ?? dflt;
    const count = a.settings.RunningTaskCount;
    if (count && count.value > range.max) {
      ctx.bag.warn({
        code: 'CXA1103',
        message: `${a.name} waits for ${count.value} running tasks, but family ${fs.family.name} scales to at most ${range.max}: it never fires`,
        path: formatPath(count.path),
        pos: posAt(ctx.doc, count.path),
        expected: `RunningTaskCount <= ${range.max}`,
        hint: `omit RunningTaskCount to use the Range maximum (${formatPath(range.path)})`,
      });
    }
    return {
      a,
      threshold: setting(a.def.metric, DEFAULTS.threshold),
      period: setting('Period', DEFAULTS.Period),
      evaluation: setting('EvaluationPeriods', DEFAULTS.EvaluationPeriods),
      datapoints: setting('DatapointsToAlarm', DEFAULTS.DatapointsToAlarm),
      tasks: setting('RunningTaskCount', range.max),
    };
  });
  let ok = true;
  for (const p of plans) ok = checkSettings(ctx, p.a, p.period, p.evaluation, p.datapoints) && ok;
  if (!ok) return;

  const shared = new Set(plans.map((p) => p.tasks)).size === 1;
  const dimensions = [
    { Name: 'ClusterName', Value: ref('EcsCluster') },
    { Name: 'ServiceName', Value: getAtt('EcsServiceDefinition', 'Name') },
  ];
  for (const p of plans) {
    const { def } = p.a;
    fs.add(def.primary, {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        ActionsEnabled: true,
        AlarmDescription: `Average ${def.what} usage of the ${fs.family.name} service at or above ${p.threshold}%`,
        Namespace: 'AWS/ECS',
        MetricName: def.metric,
        Statistic: 'Average',
        Dimensions: dimensions,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: p.threshold,
        Period: p.period,
        EvaluationPeriods: p.evaluation,
        DatapointsToAlarm: p.datapoints,
      },
    });
    const maxed = shared ? 'ScalingOutMaxed' : `ScalingOutMaxed${def.short}`;
    if (!fs.template.hasResource(maxed)) {
      fs.add(maxed, {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          ActionsEnabled: true,
          AlarmDescription: `The ${fs.family.name} service runs ${p.tasks} task(s) or more`,
          Namespace: 'ECS/ContainerInsights',
          MetricName: 'RunningTaskCount',
          Statistic: 'Average',
          Dimensions: dimensions,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          Threshold: p.tasks,
          Period: 60,
          EvaluationPeriods: 1,
          DatapointsToAlarm: 1,
        },
      });
    }
    const actions = alarmActions(ctx, p.a.topics, fs);
    fs.add(p.a.name, {
      Type: 'AWS::CloudWatch::CompositeAlarm',
      Properties: {
        ActionsEnabled: true,
        AlarmDescription: `The ${fs.family.name} service is at its maximum of ${p.tasks} task(s) and its ${def.what} usage is high`,
        AlarmRule: sub(`ALARM("\${${def.primary}.Arn}") AND ALARM("\${${maxed}.Arn}")`),
        AlarmActions: nonEmpty(actions.alarm),
        OKActions: nonEmpty(actions.ok),
      },
    });
  }
}

function nonEmpty(list: CfnValue[]): CfnValue[] | undefined {
  return list.length > 0 ? list : undefined;
}

/** CloudWatch rules: Period 10, 20, 30 or a multiple of 60; DatapointsToAlarm <= EvaluationPeriods; at most one day evaluated. */
function checkSettings(ctx: RenderContext, a: Merged, period: number, evaluation: number, datapoints: number): boolean {
  const problems: { key: string; message: string; expected: string }[] = [];
  if (![10, 20, 30].includes(period) && period % 60 !== 0) {
    problems.push({ key: 'Period', message: `Period ${period} is not a valid CloudWatch alarm period`, expected: '10, 20, 30 or a multiple of 60 (seconds)' });
  } else if (period * evaluation > 86400) {
    problems.push({ key: 'EvaluationPeriods', message: `Period × EvaluationPeriods = ${period * evaluation} s exceeds one day`, expected: 'Period × EvaluationPeriods <= 86400' });
  }
  if (datapoints > evaluation) {
    problems.push({ key: 'DatapointsToAlarm', message: `DatapointsToAlarm ${datapoints} exceeds EvaluationPeriods ${evaluation}`, expected: `DatapointsToAlarm <= ${evaluation}` });
  }
  for (const p of problems) {
    const path = a.settings[p.key]?.path ?? [...a.path, 'Settings'];
    ctx.bag.error({ code: 'CXA1104', message: `${a.name}: ${p.message}`, path: formatPath(path), pos: posAt(ctx.doc, path), expected: p.expected });
  }
  return problems.length === 0;
}
