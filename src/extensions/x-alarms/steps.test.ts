import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderFolder, template } from '../../../test/helpers/render.js';
import { assertLintClean } from '../../../test/helpers/cfn-lint.js';
import { diagnosticsOf, only, renderWithVpc } from '../../../test/helpers/fixtures.js';

const render = (yaml: string) => renderWithVpc(yaml, { name: 'st' });
const failure = (yaml: string) => diagnosticsOf(() => render(yaml));

// Lines 1-8: two services, web with a Range; line 9 `x-alarms:`.
const SERVICES = [
  'services:',
  '  web:',
  '    image: nginx',
  '    x-scaling: {Range: 1-4}',
  '  jobs:',
  '    image: busybox',
  '    command: [sleep, "3600"]',
  '    deploy: {labels: {ecs.task.family: batch}}',
  '',
].join('\n');
const METRIC = '    Properties: {Namespace: App, MetricName: Queue, Statistic: Maximum, Period: 60, EvaluationPeriods: 1, Threshold: 10, ComparisonOperator: GreaterThanThreshold}\n';
const alarm = (services: string, props = METRIC) => `${SERVICES}x-alarms:\n  backlog:\n${props}    Services:\n${services}`;

describe('x-alarms step scaling', () => {
  test('example alarm-step-scaling: policies in the family templates, ARNs passed to the alarms stack', () => {
    const dir = new URL('../../../../examples/alarm-step-scaling/', import.meta.url).pathname;
    const out = renderFolder(dir, ['docker-compose.yml'], { name: 'alarm-step-scaling' });
    assert.deepEqual(out.warnings, []);
    const worker = template(out, 'worker.json');
    assert.deepEqual(worker.Resources.ScalingOutPolicyjobsbacklog, {
      Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
      Properties: {
        PolicyName: 'workerScalingOutPolicyjobsbacklog',
        PolicyType: 'StepScaling',
        ScalingTargetId: { Ref: 'ServiceScalingTarget' },
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ExactCapacity',
          Cooldown: 120,
          StepAdjustments: [
            { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 500, ScalingAdjustment: 2 },
            { MetricIntervalLowerBound: 500, MetricIntervalUpperBound: 2000, ScalingAdjustment: 4 },
            { MetricIntervalLowerBound: 2000, ScalingAdjustment: 6 },
          ],
        },
      },
    });
    assert.deepEqual(worker.Outputs.ScalingOutPolicyjobsbacklogArn.Value, { Ref: 'ScalingOutPolicyjobsbacklog' });
    assert.equal(worker.Resources.ServiceScalingTarget.Properties.MaxCapacity, 6);
    // One alarm scales two families; each family keeps its own policy.
    assert.deepEqual(template(out, 'api.json').Resources.ScalingOutPolicyapicpuburst.Properties.StepScalingPolicyConfiguration.StepAdjustments, [
      { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 3 },
      { MetricIntervalLowerBound: 10, ScalingAdjustment: 4 },
    ]);
    const alarms = template(out, 'alarms.json');
    assert.deepEqual(alarms.Resources.jobsbacklog.Properties.AlarmActions, [{ Ref: 'opsalerts' }, { Ref: 'workerScalingOutPolicyjobsbacklog' }]);
    assert.deepEqual(alarms.Resources.apicpuburst.Properties.AlarmActions, [
      { Ref: 'apiScalingOutPolicyapicpuburst' },
      { Ref: 'workerScalingOutPolicyapicpuburst' },
    ]);
    const root = template(out, 'alarm-step-scaling.json');
    assert.deepEqual(root.Resources.alarms.Properties.Parameters.workerScalingOutPolicyjobsbacklog, {
      'Fn::GetAtt': ['worker', 'Outputs.ScalingOutPolicyjobsbacklogArn'],
    });
    // The family stacks never wait for the alarms stack: no cycle.
    for (const f of ['api', 'worker']) assert.equal(JSON.stringify(root.Resources[f]).includes('alarms'), false);
  });

  test('missing UpperBound filled from the next step, last one opened (CXA1210), MaxCapacity raised (CXA1211), default cooldown', () => {
    const out = render(
      alarm(
        '      web:\n' +
          '        Scaling:\n' +
          '          Steps:\n' +
          '            - {LowerBound: 0, Count: 2}\n' +
          '            - {LowerBound: 5, Count: 4}\n' +
          '            - {LowerBound: 20, UpperBound: 50, Count: 7}\n',
      ),
    );
    const web = template(out, 'web.json');
    const policy = web.Resources.ScalingOutPolicybacklog.Properties.StepScalingPolicyConfiguration;
    assert.equal(policy.Cooldown, 60);
    assert.deepEqual(policy.StepAdjustments, [
      { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 5, ScalingAdjustment: 2 },
      { MetricIntervalLowerBound: 5, MetricIntervalUpperBound: 20, ScalingAdjustment: 4 },
      { MetricIntervalLowerBound: 20, ScalingAdjustment: 7 },
    ]);
    assert.deepEqual([web.Resources.ServiceScalingTarget.Properties.MinCapacity, web.Resources.ServiceScalingTarget.Properties.MaxCapacity], [1, 7]);
    const open = only(out.warnings, 'CXA1210');
    assert.equal(open.path, 'x-alarms.backlog.Services.web.Scaling.Steps[2].UpperBound');
    assert.equal(open.pos?.line, 18);
    const raised = only(out.warnings, 'CXA1211');
    assert.equal(raised.path, 'x-alarms.backlog.Services.web.Scaling.Steps[2].Count');
    assert.equal(raised.pos?.line, 18);
    assert.match(raised.message, /7 tasks.*Range maximum 4/);
    assert.match(raised.hint ?? '', /services\.web\.x-scaling\.Range to 1-7/);
    assert.equal(out.warnings.length, 2);
    for (const f of ['web.json', 'batch.json', 'alarms.json', 'st.json']) assertLintClean(template(out, f), f);
  });

  test('a family without a scaling range is an error at its Services entry', () => {
    const ds = failure(alarm('      batch:\n        Scaling: {Steps: [{LowerBound: 0, Count: 2}]}\n'));
    const e = only(ds, 'CXA1206');
    assert.equal(e.path, 'x-alarms.backlog.Services.batch');
    assert.match(e.pos?.file ?? '', /docker-compose\.yml$/);
    assert.equal(e.pos?.line, 13);
    assert.match(e.expected ?? '', /x-scaling with a Range/);
  });

  test('the target is a family or a service of one family; each family once', () => {
    const ds = failure(
      alarm(
        '      nope:\n        Scaling: {Steps: [{LowerBound: 0, Count: 2}]}\n' +
          '      web:\n        Scaling: {Steps: [{LowerBound: 0, Count: 2}]}\n',
      ),
    );
    const unknown = only(ds, 'CXA1201');
    assert.equal(unknown.path, 'x-alarms.backlog.Services.nope');
    assert.equal(unknown.pos?.line, 13);
    assert.equal(unknown.expected, 'a family: batch, web');

    const twice = failure(
      `${SERVICES.replace('    image: busybox\n', '    image: busybox\n    x-scaling: {Range: 1-2}\n')}x-alarms:\n  backlog:\n${METRIC}    Services:\n` +
        '      batch:\n        Scaling: {Steps: [{LowerBound: 0, Count: 2}]}\n' +
        '      jobs:\n        Scaling: {Steps: [{LowerBound: 0, Count: 2}]}\n',
    );
    const dup = only(twice, 'CXA1209');
    assert.equal(dup.path, 'x-alarms.backlog.Services.jobs');
    assert.equal(dup.pos?.line, 16);
  });

  test('invalid steps: order, overlap, gap, bounds (CXA1208)', () => {
    const cases: [string, string, RegExp, number][] = [
      ['[{LowerBound: 10, Count: 2}, {LowerBound: 5, Count: 3}]', 'Steps[1].LowerBound', /ascending order/, 15],
      ['[{LowerBound: 0, UpperBound: 10, Count: 2}, {LowerBound: 5, Count: 3}]', 'Steps[1].LowerBound', /overlap/, 15],
      ['[{LowerBound: 0, UpperBound: 5, Count: 2}, {LowerBound: 10, Count: 3}]', 'Steps[1].LowerBound', /gap between steps 1 and 2/, 15],
      ['[{LowerBound: 5, UpperBound: 5, Count: 2}]', 'Steps[0].UpperBound', /not above its LowerBound/, 15],
    ];
    for (const [steps, where, message, line] of cases) {
      const ds = failure(alarm(`      web:\n        Scaling:\n          Steps: ${steps}\n`));
      const e = only(ds, 'CXA1208');
      assert.equal(e.path, `x-alarms.backlog.Services.web.Scaling.${where}`, steps);
      assert.match(e.message, message);
      assert.equal(e.pos?.line, line);
    }
  });

  test('composite alarms and alarms below their threshold cannot step-scale (CXA1207)', () => {
    const composite = failure(
      `${SERVICES}x-alarms:\n  a:\n${METRIC}  both:\n    Properties: {AlarmRule: ALARM(a)}\n    Services:\n      web:\n        Scaling: {Steps: [{LowerBound: 0, Count: 2}]}\n`,
    );
    const c = only(composite, 'CXA1207');
    assert.equal(c.path, 'x-alarms.both.Services');
    assert.equal(c.pos?.line, 14);
    const below = failure(
      alarm('      web:\n        Scaling: {Steps: [{LowerBound: 0, Count: 2}]}\n', METRIC.replace('GreaterThanThreshold', 'LessThanThreshold')),
    );
    const b = only(below, 'CXA1207');
    assert.equal(b.path, 'x-alarms.backlog.Properties.ComparisonOperator');
    assert.equal(b.pos?.line, 11);
  });
});
