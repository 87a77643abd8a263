/**
 * Top-level `x-alarms.<name>`: CloudWatch alarms in the nested stack `alarms`. A metric alarm
 * (AWS::CloudWatch::Alarm) from `Properties`, or a composite alarm when `Properties.AlarmRule`
 * or `MacroParameters.CompositeExpression` (see expression.ts) is given. Resource
 * NONALNUM(name); outputs `<logical>` (alarm name) and `<logical>Arn`.
 * `MacroParameters.ServiceName` (a family, or a service of exactly one family) sets the ECS
 * dimensions ClusterName / ServiceName of the metric (and of every MetricStat of `Metrics`);
 * the service name comes from the family stack's EcsServiceName output. `Topics` add to
 * AlarmActions / OKActions. A top-level `x-alarms.DeletionPolicy` applies to every alarm.
 *
 * Errors: CXA1201 unknown or ambiguous ServiceName; CXA1202 invalid CompositeExpression;
 * CXA1203 alarm without a metric, or with both AlarmRule and CompositeExpression; CXA1204 two
 * alarm names giving one logical ID. `Services` (step scaling of families) adds the ARNs of the
 * families' step policies to AlarmActions: see steps.ts for the layout and its diagnostics.
 */
import { getAtt, ref, subOrLiteral, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { refusedWithoutService, type FamilyStack } from '../../synth/family.js';
import { NestedStack } from '../../synth/stack.js';
import { compositeRule } from './expression.js';
import { stepScalingActions } from './steps.js';
import { alarmActions, type TopicRef } from './topics.js';
import { familyByName } from './families.js';

export const ALARMS_STACK_ID = 'alarms';

type KeyPath = (string | number)[];

interface Declared {
  name: string;
  logical: string;
  spec: Mapping;
  path: KeyPath;
}

export function addProjectAlarms(ctx: RenderContext): void {
  const root = ctx.doc['x-alarms'];
  if (!isMapping(root)) return;
  const declared: Declared[] = [];
  const byLogical = new Map<string, string>();
  for (const [name, spec] of Object.entries(root)) {
    if (name === 'DeletionPolicy' || !isMapping(spec)) continue;
    const d = { name, logical: logicalId(name), spec, path: ['x-alarms', name] };
    const other = byLogical.get(d.logical);
    if (other !== undefined) {
      err(ctx, 'CXA1204', `x-alarms "${other}" and "${name}" both give the logical ID ${d.logical}`, d.path, 'alarm names that differ in their letters or digits');
      return;
    }
    byLogical.set(d.logical, name);
    declared.push(d);
  }
  if (declared.length === 0) return;
  const policy = typeof root.DeletionPolicy === 'string' ? (root.DeletionPolicy as DeletionPolicy) : undefined;
  const stack = new NestedStack(ALARMS_STACK_ID, 'CloudWatch alarms (x-alarms)', ctx.tags);
  const logicalOf = (n: string) => (byLogical.has(logicalId(n)) && byLogical.get(logicalId(n)) === n ? logicalId(n) : undefined);
  for (const d of declared) {
    const props = alarmProperties(ctx, d, stack, logicalOf, declared);
    if (props === undefined) continue;
    stack.add(d.logical, { Type: props.type, DeletionPolicy: policy, Properties: props.properties });
    stack.template.addOutput(d.logical, { Description: `Name of the alarm ${d.name}`, Value: ref(d.logical) });
    stack.template.addOutput(`${d.logical}Arn`, { Description: `ARN of the alarm ${d.name}`, Value: getAtt(d.logical, 'Arn') });
  }
  if (stack.template.resourceIds().length > 0) ctx.stacks.set(stack.id, stack);
}

function alarmProperties(
  ctx: RenderContext,
  d: Declared,
  stack: NestedStack,
  logicalOf: (n: string) => string | undefined,
  declared: Declared[],
): { type: string; properties: Record<string, CfnValue | undefined> } | undefined {
  const props: Record<string, CfnValue | undefined> = { ...(isMapping(d.spec.Properties) ? (d.spec.Properties as Record<string, CfnValue>) : {}) };
  const macro = isMapping(d.spec.MacroParameters) ? d.spec.MacroParameters : {};
  const expression = macro.CompositeExpression;
  const composite = typeof expression === 'string' || props.AlarmRule !== undefined;
  if (typeof expression === 'string') {
    if (props.AlarmRule !== undefined) {
      err(ctx, 'CXA1203', `x-alarms ${d.name} sets both Properties.AlarmRule and MacroParameters.CompositeExpression`, [...d.path, 'MacroParameters', 'CompositeExpression'], 'one of them');
      return undefined;
    }
    const r = compositeRule(expression, (n) => (n === d.name ? undefined : logicalOf(n)));
    if ('error' in r) {
      const names = declared.filter((x) => x.name !== d.name).map((x) => x.name);
      err(ctx, 'CXA1202', `CompositeExpression of ${d.name}: ${r.error}`, [...d.path, 'MacroParameters', 'CompositeExpression'],
        `other x-alarms (${names.join(', ') || 'none declared'}) joined by and / or / not, e.g. "${names[0] ?? 'alarm-a'} and not ${names[1] ?? 'alarm-b'}"`);
      return undefined;
    }
    props.AlarmRule = subOrLiteral(r.rule);
  }
  if (!composite && props.MetricName === undefined && props.Metrics === undefined) {
    err(ctx, 'CXA1203', `x-alarms ${d.name} has no metric to watch`, [...d.path, 'Properties'], 'Properties.MetricName (with Namespace), Properties.Metrics, or a composite alarm (AlarmRule / MacroParameters.CompositeExpression)');
    return undefined;
  }
  if (typeof macro.ServiceName === 'string' && !composite) {
    const at = [...d.path, 'MacroParameters', 'ServiceName'];
    const fs = familyByName(ctx, macro.ServiceName, at, err);
    if (fs === undefined || refusedWithoutService(ctx.bag, ctx.doc, fs, `alarm ${d.name} on its service`, at)) return undefined;
    const dims = serviceDimensions(ctx, fs, stack);
    if (Array.isArray(props.Metrics)) props.Metrics = props.Metrics.map((m) => withMetricStatDimensions(m, dims));
    else props.Dimensions = withDimensions(props.Dimensions, dims);
  }
  const topics: TopicRef[] = Array.isArray(d.spec.Topics)
    ? d.spec.Topics.filter(isMapping).map((topic, i) => ({ topic, path: [...d.path, 'Topics', i] }))
    : [];
  const actions = alarmActions(ctx, topics, stack);
  actions.alarm.push(...stepScalingActions(ctx, d.name, stack));
  const merge = (given: CfnValue | undefined, extra: CfnValue[]): CfnValue | undefined =>
    extra.length === 0 ? given : [...(Array.isArray(given) ? given : given === undefined ? [] : [given]), ...extra];
  props.AlarmActions = merge(props.AlarmActions, actions.alarm);
  props.OKActions = merge(props.OKActions, actions.ok);
  return { type: composite ? 'AWS::CloudWatch::CompositeAlarm' : 'AWS::CloudWatch::Alarm', properties: props };
}

type Dimension = { Name: string; Value: CfnValue };

function serviceDimensions(ctx: RenderContext, fs: FamilyStack, stack: NestedStack): Dimension[] {
  const cluster = stack.input('EcsCluster', { Type: 'String', Description: 'Name of the ECS cluster' }, ctx.cluster.identifier);
  const service = stack.input(
    `${fs.id}EcsServiceName`,
    { Type: 'String', Description: `Name of the ECS service of ${fs.family.name}` },
    getAtt(fs.id, 'Outputs.EcsServiceName'),
  );
  return [
    { Name: 'ClusterName', Value: cluster },
    { Name: 'ServiceName', Value: service },
  ];
}

/** The ECS dimensions, followed by the user's other dimensions. */
function withDimensions(given: CfnValue | undefined, dims: Dimension[]): CfnValue {
  const others = Array.isArray(given) ? given.filter((x) => !(isMapping(x) && dims.some((d) => d.Name === x.Name))) : [];
  return [...dims, ...others];
}

function withMetricStatDimensions(m: CfnValue, dims: Dimension[]): CfnValue {
  if (!isMapping(m) || !isMapping(m.MetricStat) || !isMapping(m.MetricStat.Metric)) return m;
  const metric = m.MetricStat.Metric as Record<string, CfnValue>;
  return { ...m, MetricStat: { ...m.MetricStat, Metric: { ...metric, Dimensions: withDimensions(metric.Dimensions, dims) } } } as CfnValue;
}

function err(ctx: RenderContext, code: string, message: string, path: KeyPath, expected: string): void {
  ctx.bag.error({ code, message, path: formatPath(path), pos: posAt(ctx.doc, path), expected });
}
