/**
 * x-events: EventBridge rules (nested stack `events`, AWS::Events::Rule) that run task families
 * as ECS tasks, on a schedule (`Properties.ScheduleExpression`) or on matching events
 * (`Properties.EventPattern`).
 *
 *   x-events:
 *     nightly:
 *       Properties: {ScheduleExpression: "cron(0 2 * * ? *)", Description: ...}
 *       Services:
 *         report: {TaskCount: 1, DeleteDefaultService: true, Overrides: {...}}
 *
 * Each `Services` key (a family, or a service whose families are all run; the 1.x list form
 * `[{name, TaskCount, ...}]` too) adds one target to the rule: the family's task definition
 * with TaskCount tasks, the launch type or capacity provider strategy its service has, its
 * subnets, security groups and public IP (awsvpc), Fargate platform LATEST, and the
 * `Overrides` as the target's Input. One IAM role per rule, assumed by EventBridge, may
 * `ecs:RunTask` the targeted task definitions in the cluster only and `iam:PassRole` their task
 * and execution roles only. `DeleteDefaultService: true` sets FamilyModel.withoutService: the
 * family gets no ECS service (src/synth/family.ts), its x-scaling is dropped (CXJ2503) and what
 * needs the service is refused by the modules that add it (CXJ1510).
 */
import { getAtt, sub, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy, ParameterType } from '../../cfn/template.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import type { NestedStack } from '../../synth/stack.js';
import { resolveTargets } from '../shared/targets.js';
import { moduleStack } from '../shared/stack.js';
import { shortRate } from '../x-scaling/index.js';
import { scheduleProblem } from './schedule.js';

export const EVENTS_STACK = 'events';
type KeyPath = (string | number)[];
/** Targets EventBridge allows on one rule. */
const MAX_TARGETS = 5;
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

interface RuleTarget {
  fs: FamilyStack;
  taskCount: number;
  deleteService: boolean;
  overrides?: Mapping;
  path: KeyPath;
}

interface ParsedRule {
  name: string;
  path: KeyPath;
  properties: Record<string, CfnValue>;
  targets: RuleTarget[];
}

export const xEvents: Extension = {
  name: 'x-events',
  apply(ctx) {
    const root = ctx.doc['x-events'];
    if (!isMapping(root)) return;
    const rules: ParsedRule[] = [];
    for (const [name, def] of Object.entries(root)) {
      if (name === 'DeletionPolicy' || !isMapping(def)) continue;
      const rule = parseRule(ctx, name, def);
      if (rule) rules.push(rule);
    }
    for (const r of rules) for (const t of r.targets) if (t.deleteService) withoutService(ctx, t);
    if (rules.length === 0 || ctx.bag.hasErrors()) return;
    const stack = moduleStack(ctx, EVENTS_STACK, 'EventBridge rules running ECS tasks (x-events)');
    for (const r of rules) addRule(ctx, stack, r);
  },
};

function err(ctx: RenderContext, code: string, message: string, path: KeyPath, expected?: string, hint?: string): void {
  ctx.bag.error({ code, message, path: formatPath(path), pos: posAt(ctx.doc, path), expected, hint });
}

function parseRule(ctx: RenderContext, name: string, def: Mapping): ParsedRule | undefined {
  const path: KeyPath = ['x-events', name];
  const props: Record<string, CfnValue> = { ...((isMapping(def.Properties) ? def.Properties : {}) as Record<string, CfnValue>) };
  let ok = true;
  const hasSchedule = props.ScheduleExpression !== undefined;
  if (hasSchedule === (props.EventPattern !== undefined)) {
    ok = false;
    err(
      ctx,
      'CXJ1502',
      hasSchedule ? `rule "${name}" has both a ScheduleExpression and an EventPattern` : `rule "${name}" has neither a ScheduleExpression nor an EventPattern`,
      isMapping(def.Properties) ? [...path, 'Properties'] : path,
      'exactly one of Properties.ScheduleExpression and Properties.EventPattern',
      hasSchedule ? 'make two rules: one on the schedule, one on the events' : 'add e.g. `ScheduleExpression: "cron(0 2 * * ? *)"` (02:00 UTC every day)',
    );
  }
  if (typeof props.ScheduleExpression === 'string') {
    const expression = props.ScheduleExpression;
    const problem = scheduleProblem(expression);
    if (problem !== undefined) {
      ok = false;
      const compact = shortRate(expression);
      err(
        ctx,
        'CXJ1501',
        `rule "${name}": "${expression}" is not a schedule expression EventBridge accepts: ${problem}`,
        [...path, 'Properties', 'ScheduleExpression'],
        'rate(<n> minute|minutes|hour|hours|day|days) or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)',
        compact ? `write \`${compact}\`` : 'e.g. `rate(12 hours)`, or `cron(0 2 * * ? *)` for 02:00 UTC every day',
      );
    }
  }
  if (props.Name === '') delete props.Name;
  if (typeof props.Name === 'string' && !RULE_NAME.test(props.Name)) {
    ok = false;
    err(ctx, 'CXJ1507', `rule "${name}": invalid Name "${props.Name}"`, [...path, 'Properties', 'Name'], 'at most 64 letters, digits and . - _');
  }
  const targets = parseTargets(ctx, name, def, path);
  if (targets === undefined) return undefined;
  const given = Array.isArray(props.Targets) ? props.Targets.length : 0;
  if (targets.length + given === 0) {
    ok = false;
    err(ctx, 'CXJ1504', `rule "${name}" runs nothing: it has no Services`, path, 'Services: {<service or family>: {TaskCount: <n>}}');
  } else if (targets.length + given > MAX_TARGETS) {
    ok = false;
    err(ctx, 'CXJ1505', `rule "${name}" has ${targets.length + given} targets; EventBridge allows ${MAX_TARGETS}`, [...path, 'Services'], `at most ${MAX_TARGETS} families and Targets`, 'split the families over several rules');
  }
  return ok ? { name, path, properties: props, targets } : undefined;
}

/** The families the rule runs, from `Services` (mapping or list form); undefined when one is unknown. */
function parseTargets(ctx: RenderContext, name: string, def: Mapping, path: KeyPath): RuleTarget[] | undefined {
  const entries: { key: string; spec: Mapping; path: KeyPath }[] = [];
  if (Array.isArray(def.Services)) {
    def.Services.forEach((s, i) => {
      if (isMapping(s) && typeof s.name === 'string') entries.push({ key: s.name, spec: s, path: [...path, 'Services', i] });
    });
  } else if (isMapping(def.Services)) {
    for (const [key, s] of Object.entries(def.Services)) if (isMapping(s)) entries.push({ key, spec: s, path: [...path, 'Services', key] });
  }
  const out: RuleTarget[] = [];
  let ok = true;
  for (const e of entries) {
    const where = { path: formatPath(e.path), pos: posAt(ctx.doc, e.path) };
    const found = resolveTargets(ctx, e.key, where, { unknown: 'CXJ1503', ambiguous: 'CXJ2501' }, `rule "${name}"`);
    if (found === undefined) {
      ok = false;
      continue;
    }
    for (const { fs } of found) {
      const before = out.find((t) => t.fs === fs);
      if (before) {
        ctx.bag.warn({
          code: 'CXJ2502',
          message: `rule "${name}" already runs family ${fs.family.name} (${formatPath(before.path)}); this entry is ignored`,
          ...where,
          hint: 'keep one entry per family in a rule',
        });
        continue;
      }
      const overrides = isMapping(e.spec.Overrides) ? e.spec.Overrides : undefined;
      if (overrides && !checkOverrides(ctx, fs, overrides, [...e.path, 'Overrides'])) {
        ok = false;
        continue;
      }
      out.push({ fs, taskCount: typeof e.spec.TaskCount === 'number' ? e.spec.TaskCount : 1, deleteService: e.spec.DeleteDefaultService === true, overrides, path: e.path });
    }
  }
  return ok ? out : undefined;
}

function checkOverrides(ctx: RenderContext, fs: FamilyStack, overrides: Mapping, path: KeyPath): boolean {
  const names = fs.family.containers.map((c) => c.name);
  let ok = true;
  (Array.isArray(overrides.ContainerOverrides) ? overrides.ContainerOverrides : []).forEach((o, i) => {
    if (!isMapping(o) || typeof o.Name !== 'string' || names.includes(o.Name)) return;
    ok = false;
    err(ctx, 'CXJ1506', `override of container "${o.Name}", which is not in family ${fs.family.name}`, [...path, 'ContainerOverrides', i, 'Name'], `one of: ${names.join(', ')}`);
  });
  return ok;
}

/** Marks the family as having no ECS service; warns of the service settings that go with it. */
function withoutService(ctx: RenderContext, t: RuleTarget): void {
  const f = t.fs.family;
  if (f.withoutService !== undefined) return;
  const at = [...t.path, 'DeleteDefaultService'];
  f.withoutService = { path: formatPath(at), pos: posAt(ctx.doc, at) };
  const dropped = Object.entries(t.fs.serviceOverrides)
    .filter(([k, v]) => v !== undefined && k !== 'LaunchType' && k !== 'CapacityProviderStrategy')
    .map(([k]) => k);
  if (dropped.length > 0) {
    ctx.bag.warn({
      code: 'CXJ2504',
      message: `family ${f.name} has no ECS service, so its service settings (${dropped.join(', ')}) are not used`,
      path: formatPath(at),
      pos: posAt(ctx.doc, at),
      hint: 'remove them (x-aws-min_percent / x-aws-max_percent, deploy.update_config), or keep the service',
    });
  }
}

function addRule(ctx: RenderContext, stack: NestedStack, rule: ParsedRule): void {
  const id = logicalId(rule.name);
  stack.input('EcsCluster', { Type: 'String', Description: 'Name of the ECS cluster' }, ctx.cluster.identifier);
  const clusterArn = sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${EcsCluster}');
  const role = logicalId(rule.name, 'TaskRunRole');
  const taskDefinitions: CfnValue[] = [];
  const passed: CfnValue[] = [];
  const targets: CfnValue[] = [];
  for (const t of rule.targets) {
    const fs = t.fs;
    const f = fs.family;
    const outputs = fs.runTaskOutputs();
    const param = (suffix: string, output: string, type: ParameterType = 'String') =>
      stack.input(logicalId(fs.id, suffix), { Type: type, Description: `${suffix} of family ${f.name}` }, getAtt(fs.id, `Outputs.${output}`));
    const taskDefinition = param('TaskDefinition', outputs.taskDefinition);
    taskDefinitions.push(taskDefinition);
    passed.push(param('TaskRole', outputs.taskRole), param('ExecutionRole', outputs.executionRole));
    const launch = hoist(stack, fs, fs.launch as CfnValue) as Record<string, CfnValue | undefined>;
    const network =
      outputs.securityGroups !== undefined
        ? {
            AwsVpcConfiguration: {
              Subnets: stack.input(f.subnetGroup, { Type: 'List<AWS::EC2::Subnet::Id>' }, ctx.network.subnets[f.subnetGroup] ?? ''),
              SecurityGroups: param('SecurityGroups', outputs.securityGroups, 'List<AWS::EC2::SecurityGroup::Id>'),
              AssignPublicIp: fs.publicIp,
            },
          }
        : undefined;
    const ecs: Record<string, CfnValue | undefined> = {
      TaskDefinitionArn: taskDefinition,
      TaskCount: t.taskCount,
      LaunchType: launch.LaunchType,
      CapacityProviderStrategy: launch.CapacityProviderStrategy,
      PlatformVersion: f.platform === 'FARGATE' ? 'LATEST' : undefined,
      NetworkConfiguration: network,
      ...fs.placement,
      EnableExecuteCommand: f.enableExecuteCommand ? true : undefined,
    };
    targets.push(
      defined({
        Id: f.logicalName.slice(0, 64),
        Arn: clusterArn,
        RoleArn: getAtt(role, 'Arn'),
        EcsParameters: defined(ecs),
        Input: t.overrides ? taskInput(t.overrides) : undefined,
      }),
    );
  }
  stack.add(role, {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: `EventBridge rule ${rule.name} runs its ECS tasks`,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: [sub('events.${AWS::URLSuffix}')] },
            Action: ['sts:AssumeRole'],
            Condition: { StringEquals: { 'aws:SourceAccount': sub('${AWS::AccountId}') } },
          },
        ],
      },
      Policies: [
        {
          PolicyName: 'RunTasks',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'RunTaskDefinitions', Effect: 'Allow', Action: ['ecs:RunTask'], Resource: taskDefinitions, Condition: { ArnEquals: { 'ecs:cluster': clusterArn } } },
              { Sid: 'PassTaskRoles', Effect: 'Allow', Action: ['iam:PassRole'], Resource: passed, Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } },
            ],
          },
        },
      ],
    },
  });
  const given = Array.isArray(rule.properties.Targets) ? rule.properties.Targets : [];
  const root = ctx.doc['x-events'];
  const policy = isMapping(root) ? (root.DeletionPolicy as DeletionPolicy | undefined) : undefined;
  stack.add(id, {
    Type: 'AWS::Events::Rule',
    DeletionPolicy: policy,
    UpdateReplacePolicy: policy === undefined ? undefined : policy === 'Delete' ? 'Delete' : 'Retain',
    Properties: { ...rule.properties, Targets: [...given, ...targets] },
  });
}

/** A value of the family stack as the events stack sees it: the family's parameters become its own. */
function hoist(stack: NestedStack, fs: FamilyStack, v: CfnValue | undefined): CfnValue | undefined {
  if (Array.isArray(v)) return v.map((x) => hoist(stack, fs, x) as CfnValue);
  if (!isMapping(v)) return v;
  const r = (v as Mapping).Ref;
  if (typeof r === 'string' && Object.keys(v).length === 1) {
    const value = fs.inputs.get(r);
    if (value !== undefined) return stack.input(logicalId(fs.id, r), { Type: 'String', Description: `${r} of family ${fs.family.name}` }, value);
    return v;
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hoist(stack, fs, x as CfnValue)])) as CfnValue;
}

/** RunTask overrides as the JSON EventBridge passes as the target's Input. */
function taskInput(o: Mapping): string {
  const containers = (Array.isArray(o.ContainerOverrides) ? o.ContainerOverrides : []).filter(isMapping).map((c) => ({
    name: c.Name,
    ...(Array.isArray(c.Command) ? { command: c.Command } : {}),
    ...(isMapping(c.Environment)
      ? { environment: Object.entries(c.Environment).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, value]) => ({ name, value: String(value) })) }
      : {}),
  }));
  return JSON.stringify({ containerOverrides: containers });
}

function defined(o: Record<string, CfnValue | undefined>): Record<string, CfnValue> {
  const out: Record<string, CfnValue> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
