import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderFolder, template } from '../../../test/helpers/render.js';
import { assertLintClean } from '../../../test/helpers/cfn-lint.js';
import { diagnosticsOf, only, renderWithVpc } from '../../../test/helpers/fixtures.js';

const OPS_ARN = 'arn:aws:sns:eu-west-1:123456789012:ops';
const DIMENSIONS = [
  { Name: 'ClusterName', Value: { Ref: 'EcsCluster' } },
  { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['EcsServiceDefinition', 'Name'] } },
];

const render = (yaml: string) => renderWithVpc(yaml, { name: 'al' });
const failure = (yaml: string) => diagnosticsOf(() => render(yaml));

const web = (xalarms: string, scaling = '    x-scaling: {Range: 1-4}\n') => `services:\n  web:\n    image: nginx\n${scaling}    x-alarms:\n${xalarms}`;

describe('x-alarms predefined', () => {
  test('Kafka Connect: HighCpuUsage 85 / HighRamUsage 80, one ScalingOutMaxed at 6, two composites notifying connect-alarms', () => {
    const dir = new URL('../../../../examples/kafka-connect/', import.meta.url).pathname;
    const out = renderFolder(dir, ['docker-compose.yml', 'aws.yml', 'vpc.yml'], { name: 'kafka-connect' });
    const t = template(out, 'connect.json');
    const props = (id: string) => {
      const { Tags: _tags, ...rest } = t.Resources[id].Properties;
      return rest;
    };
    const metric = (ns: string, name: string, stat: string) => ({ Namespace: ns, MetricName: name, Statistic: stat, Dimensions: DIMENSIONS });
    const cpu = props('HighCpuUsage');
    assert.deepEqual({ ...cpu, AlarmDescription: undefined }, {
      ActionsEnabled: true,
      AlarmDescription: undefined,
      ...metric('AWS/ECS', 'CPUUtilization', 'Average'),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 85,
      Period: 60,
      EvaluationPeriods: 15,
      DatapointsToAlarm: 5,
    });
    const ram = props('HighRamUsage');
    assert.equal(ram.MetricName, 'MemoryUtilization');
    assert.equal(ram.Threshold, 80);
    assert.deepEqual([ram.Period, ram.EvaluationPeriods, ram.DatapointsToAlarm], [60, 15, 5]);
    const maxed = props('ScalingOutMaxed');
    assert.deepEqual(
      { ...maxed, AlarmDescription: undefined },
      {
        ActionsEnabled: true,
        AlarmDescription: undefined,
        ...metric('ECS/ContainerInsights', 'RunningTaskCount', 'Average'),
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 6,
        Period: 60,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
      },
    );
    for (const [name, primary] of [['HighCpuUsageAndMaxScaledOut', 'HighCpuUsage'], ['HighRamUsageAndMaxScaledOut', 'HighRamUsage']]) {
      assert.equal(t.Resources[name].Type, 'AWS::CloudWatch::CompositeAlarm');
      const c = props(name);
      assert.deepEqual(c.AlarmRule, { 'Fn::Sub': `ALARM("\${${primary}.Arn}") AND ALARM("\${ScalingOutMaxed.Arn}")` });
      assert.deepEqual(c.AlarmActions, [{ Ref: 'connectalarms' }]);
      assert.equal(c.OKActions, undefined);
    }
    assert.deepEqual(template(out, 'kafka-connect.json').Resources.connect.Properties.Parameters.connectalarms, {
      'Fn::GetAtt': ['sns', 'Outputs.connectalarms'],
    });
    assertLintClean(t, 'kafka connect.json');
  });

  test('defaults, distinct ScalingOutMaxed per threshold, TopicArn and NotifyOn', () => {
    const out = render(
      web(
        '      Predefined:\n' +
          '        HighCpuUsageAndMaxScaledOut:\n          Topics: [{TopicArn: ' + OPS_ARN + ', NotifyOn: okay}]\n' +
          '        HighRamUsageAndMaxScaledOut:\n          Settings: {RunningTaskCount: 3}\n          Topics: [{TopicArn: ' + OPS_ARN + ', NotifyOn: [alarm, okay]}]\n',
      ),
    );
    const t = template(out, 'web.json');
    const p = (id: string) => t.Resources[id].Properties;
    assert.deepEqual([p('HighCpuUsage').Threshold, p('HighCpuUsage').Period, p('HighCpuUsage').EvaluationPeriods, p('HighCpuUsage').DatapointsToAlarm], [75, 60, 10, 5]);
    assert.equal(p('ScalingOutMaxedCpu').Threshold, 4);
    assert.equal(p('ScalingOutMaxedRam').Threshold, 3);
    assert.equal(t.Resources.ScalingOutMaxed, undefined);
    assert.deepEqual(p('HighCpuUsageAndMaxScaledOut').AlarmRule, { 'Fn::Sub': 'ALARM("${HighCpuUsage.Arn}") AND ALARM("${ScalingOutMaxedCpu.Arn}")' });
    assert.equal(p('HighCpuUsageAndMaxScaledOut').AlarmActions, undefined);
    assert.deepEqual(p('HighCpuUsageAndMaxScaledOut').OKActions, [OPS_ARN]);
    assert.deepEqual(p('HighRamUsageAndMaxScaledOut').AlarmActions, [OPS_ARN]);
    assert.deepEqual(p('HighRamUsageAndMaxScaledOut').OKActions, [OPS_ARN]);
    assertLintClean(t, 'web.json');
  });

  test('no scaling Range is an error at the predefined alarm, with its line', () => {
    const d = only(failure(web('      Predefined:\n        HighCpuUsageAndMaxScaledOut: {}\n', '')), 'CXA1101');
    assert.equal(d.path, 'services.web.x-alarms.Predefined.HighCpuUsageAndMaxScaledOut');
    assert.equal(d.pos?.line, 6);
  });

  test('an undeclared topic lists the declared ones', () => {
    const ds = failure(
      web('      Predefined:\n        HighRamUsageAndMaxScaledOut:\n          Topics: [{x-sns: opps}]\n') + 'x-sns:\n  ops: {Properties: {}}\n  dev: {Properties: {}}\n',
    );
    const d = only(ds, 'CXA1102');
    assert.equal(d.path, 'services.web.x-alarms.Predefined.HighRamUsageAndMaxScaledOut.Topics[0].x-sns');
    assert.equal(d.pos?.line, 8);
    assert.equal(d.expected, 'one of: ops, dev');
  });

  test('settings: RunningTaskCount above the Range maximum warns; DatapointsToAlarm above EvaluationPeriods fails', () => {
    const out = render(web('      Predefined:\n        HighCpuUsageAndMaxScaledOut:\n          Settings: {RunningTaskCount: 9}\n'));
    const w = only(out.warnings, 'CXA1103');
    assert.equal(w.path, 'services.web.x-alarms.Predefined.HighCpuUsageAndMaxScaledOut.Settings.RunningTaskCount');
    const d = only(failure(web('      Predefined:\n        HighCpuUsageAndMaxScaledOut:\n          Settings:\n            EvaluationPeriods: 2\n            DatapointsToAlarm: 3\n')), 'CXA1104');
    assert.equal(d.path, 'services.web.x-alarms.Predefined.HighCpuUsageAndMaxScaledOut.Settings.DatapointsToAlarm');
    assert.equal(d.pos?.line, 10);
    const period = only(failure(web('      Predefined:\n        HighCpuUsageAndMaxScaledOut:\n          Settings: {Period: 45}\n')), 'CXA1104');
    assert.match(period.message, /Period 45/);
  });
});

describe('x-alarms top level', () => {
  const svc = 'services:\n  web:\n    image: nginx\n    deploy: {labels: {ecs.task.family: front}}\n';
  test('metric alarm with service dimensions and topics; composite from an expression; outputs', () => {
    const out = render(
      svc +
        'x-sns:\n  ops: {Properties: {}}\n' +
        'x-alarms:\n' +
        '  cpu-high:\n    Properties: {Namespace: AWS/ECS, MetricName: CPUUtilization, Statistic: Maximum, Period: 60, EvaluationPeriods: 3, Threshold: 90, ComparisonOperator: GreaterThanThreshold,\n' +
        '      Dimensions: [{Name: ServiceName, Value: ignored}, {Name: Extra, Value: x}]}\n' +
        '    MacroParameters: {ServiceName: web}\n    Topics: [{x-sns: ops, NotifyOn: all}]\n' +
        '  math:\n    Properties:\n      EvaluationPeriods: 1\n      Threshold: 1\n      ComparisonOperator: GreaterThanThreshold\n' +
        '      Metrics:\n        - {Id: m1, ReturnData: true, MetricStat: {Metric: {Namespace: AWS/ECS, MetricName: MemoryUtilization}, Period: 60, Stat: Average}}\n' +
        '    MacroParameters: {ServiceName: front}\n' +
        '  both:\n    MacroParameters: {CompositeExpression: cpu-high and not math}\n    Properties: {AlarmActions: [' + OPS_ARN + ']}\n',
    );
    const a = template(out, 'alarms.json');
    const cpu = a.Resources.cpuhigh.Properties;
    assert.equal(a.Resources.cpuhigh.Type, 'AWS::CloudWatch::Alarm');
    assert.deepEqual(cpu.Dimensions, [
      { Name: 'ClusterName', Value: { Ref: 'EcsCluster' } },
      { Name: 'ServiceName', Value: { Ref: 'frontEcsServiceName' } },
      { Name: 'Extra', Value: 'x' },
    ]);
    assert.deepEqual(cpu.AlarmActions, [{ Ref: 'ops' }]);
    assert.deepEqual(cpu.OKActions, [{ Ref: 'ops' }]);
    assert.deepEqual(a.Resources.math.Properties.Metrics[0].MetricStat.Metric.Dimensions, [
      { Name: 'ClusterName', Value: { Ref: 'EcsCluster' } },
      { Name: 'ServiceName', Value: { Ref: 'frontEcsServiceName' } },
    ]);
    assert.equal(a.Resources.both.Type, 'AWS::CloudWatch::CompositeAlarm');
    assert.deepEqual(a.Resources.both.Properties.AlarmRule, { 'Fn::Sub': 'ALARM("${cpuhigh.Arn}") AND NOT ALARM("${math.Arn}")' });
    assert.deepEqual(a.Resources.both.Properties.AlarmActions, [OPS_ARN]);
    assert.deepEqual(Object.keys(a.Outputs), ['cpuhigh', 'cpuhighArn', 'math', 'mathArn', 'both', 'bothArn']);
    const root = template(out, 'al.json');
    assert.deepEqual(root.Resources.alarms.Properties.Parameters.frontEcsServiceName, { 'Fn::GetAtt': ['front', 'Outputs.EcsServiceName'] });
    assert.deepEqual(root.Resources.alarms.Properties.Parameters.ops, { 'Fn::GetAtt': ['sns', 'Outputs.ops'] });
    for (const f of ['alarms.json', 'al.json']) assertLintClean(template(out, f), f);
  });

  test('a composite of external alarms only is a plain rule, not an Fn::Sub without variables', () => {
    const out = render(svc + 'x-alarms:\n  legacy:\n    MacroParameters: {CompositeExpression: \'"old-a" or OK("old-b")\'}\n');
    const a = template(out, 'alarms.json');
    assert.equal(a.Resources.legacy.Properties.AlarmRule, 'ALARM("old-a") OR OK("old-b")');
    assertLintClean(a, 'alarms.json');
  });

  test('errors: unknown ServiceName, bad expression, no metric; step scaling of a family without Range', () => {
    const ds = failure(
      svc +
        'x-alarms:\n' +
        '  a1:\n    Properties: {Namespace: AWS/ECS, MetricName: CPUUtilization, Statistic: Average, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold}\n' +
        '    MacroParameters: {ServiceName: back}\n' +
        '  a2:\n    MacroParameters: {CompositeExpression: a1 or a9}\n' +
        '  a3:\n    Properties: {Threshold: 1}\n' +
        '  a4:\n    Properties: {Namespace: AWS/ECS, MetricName: CPUUtilization, Statistic: Average, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold}\n' +
        '    Services: {web: {Scaling: {Steps: [{LowerBound: 0, Count: 2}]}}}\n',
    );
    const svcErr = only(ds, 'CXA1201');
    assert.equal(svcErr.path, 'x-alarms.a1.MacroParameters.ServiceName');
    assert.equal(svcErr.pos?.line, 8);
    assert.equal(svcErr.expected, 'a family: front');
    const expr = only(ds, 'CXA1202');
    assert.equal(expr.path, 'x-alarms.a2.MacroParameters.CompositeExpression');
    assert.equal(expr.pos?.line, 10);
    assert.match(expr.message, /"a9" is not an alarm declared/);
    assert.match(expr.expected ?? '', /a1, a3, a4/);
    const none = only(ds, 'CXA1203');
    assert.equal(none.path, 'x-alarms.a3.Properties');
    const noRange = only(ds, 'CXA1206');
    assert.equal(noRange.path, 'x-alarms.a4.Services.web');
    assert.equal(noRange.pos?.line, 15);
  });
});
