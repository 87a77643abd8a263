import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderFolder, template } from '../../../test/helpers/render.js';
import { assertLintClean } from '../../../test/helpers/cfn-lint.js';
import { diagnosticsOf, only, renderWithVpc } from '../../../test/helpers/fixtures.js';

const render = (services: string) => renderWithVpc(`services:\n${services}\n`, { name: 'sc' });
const failure = (services: string) => diagnosticsOf(() => render(services));

describe('x-scaling', () => {
  test('Kafka Connect: Range 1-6 and MemoryTarget 75 give a scalable target and a memory tracking policy', () => {
    const dir = new URL('../../../../examples/kafka-connect/', import.meta.url).pathname;
    const out = renderFolder(dir, ['docker-compose.yml', 'aws.yml', 'vpc.yml'], { name: 'kafka-connect' });
    const t = template(out, 'connect.json');
    const target = t.Resources.ServiceScalingTarget;
    assert.equal(target.Type, 'AWS::ApplicationAutoScaling::ScalableTarget');
    assert.deepEqual(target.Properties, {
      MinCapacity: 1,
      MaxCapacity: 6,
      ResourceId: { 'Fn::Sub': 'service/${EcsCluster}/${EcsServiceDefinition.Name}' },
      RoleARN: {
        'Fn::Sub':
          'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService',
      },
      ScalableDimension: 'ecs:service:DesiredCount',
      ServiceNamespace: 'ecs',
    });
    assert.deepEqual(t.Resources.ServiceMemoryTrackingPolicy.Properties, {
      PolicyName: 'connectMemoryTracking',
      PolicyType: 'TargetTrackingScaling',
      ScalingTargetId: { Ref: 'ServiceScalingTarget' },
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 75,
        ScaleInCooldown: 300,
        ScaleOutCooldown: 60,
        DisableScaleIn: false,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' },
      },
    });
    assert.equal(t.Resources.ServiceCpuTrackingPolicy, undefined);
    assert.equal(template(out, 'kafka-connect.json').Resources.connect.Properties.Parameters.MicroservicesCount, '3');
    assertLintClean(t, 'kafka connect.json');
  });

  test('no x-scaling, or x-scaling without Range and targets: no scaling resources', () => {
    const out = render('  a:\n    image: nginx\n  b:\n    image: nginx\n    x-scaling: {}\n');
    for (const f of ['a.json', 'b.json']) {
      const ids = Object.keys(template(out, f).Resources);
      assert.ok(!ids.some((id) => id.startsWith('ServiceScaling') || id.endsWith('TrackingPolicy')), ids.join(','));
    }
  });

  test('a family merges its services: widest range, lowest targets, both metrics, cooldowns, scheduled actions', () => {
    const lbl = '    deploy: {labels: {ecs.task.family: app}}\n';
    const out = render(
      '  a:\n    image: nginx\n' + lbl +
        '    x-scaling:\n      Range: 2-4\n      TargetScaling: {CpuTarget: 70, ScaleInCooldown: 120, ScaleOutCooldown: 90}\n' +
        '      ScheduledActions:\n        - {Schedule: "rate(1 day)", ScalableTargetAction: {MaxCapacity: 8}}\n' +
        '  b:\n    image: nginx\n' + lbl +
        '    x-scaling:\n      Range: 3-8\n      TargetScaling: {MemoryTarget: 80, DisableScaleIn: true, ScaleInCooldown: 400, ScaleOutCooldown: 30}\n' +
        '      ScheduledActions:\n        - {ScheduledActionName: nightly, Schedule: "cron(0 20 * * ? *)", StartTime: "2030-01-01T00:00:00Z", ScalableTargetAction: {MinCapacity: 2, MaxCapacity: 3}}\n' +
        '  c:\n    image: nginx\n' + lbl + '    x-scaling:\n      TargetScaling: {CpuTarget: 50}\n',
    );
    const t = template(out, 'app.json');
    assert.equal(t.Resources.ServiceScalingTarget.Properties.MinCapacity, 2);
    assert.equal(t.Resources.ServiceScalingTarget.Properties.MaxCapacity, 8);
    assert.deepEqual(t.Resources.ServiceScalingTarget.Properties.ScheduledActions, [
      { ScheduledActionName: 'a-1', Schedule: 'rate(1 day)', ScalableTargetAction: { MaxCapacity: 8 } },
      { ScheduledActionName: 'nightly', Schedule: 'cron(0 20 * * ? *)', StartTime: '2030-01-01T00:00:00Z', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 3 } },
    ]);
    const cpu = t.Resources.ServiceCpuTrackingPolicy.Properties.TargetTrackingScalingPolicyConfiguration;
    const mem = t.Resources.ServiceMemoryTrackingPolicy.Properties.TargetTrackingScalingPolicyConfiguration;
    assert.equal(cpu.TargetValue, 50);
    assert.equal(mem.TargetValue, 80);
    for (const c of [cpu, mem]) {
      assert.equal(c.ScaleInCooldown, 400);
      assert.equal(c.ScaleOutCooldown, 30);
      assert.equal(c.DisableScaleIn, true);
    }
    // No replicas given: the service starts at the Range minimum.
    assert.equal(template(out, 'sc.json').Resources.app.Properties.Parameters.MicroservicesCount, '2');
    assertLintClean(t, 'merged family');
  });

  test('TargetScaling without a Range is an error at the TargetScaling line', () => {
    const d = only(failure('  web:\n    image: nginx\n    x-scaling:\n      TargetScaling: {CpuTarget: 50}\n'), 'CXA1001');
    assert.equal(d.path, 'services.web.x-scaling.TargetScaling');
    assert.equal(d.pos?.line, 5);
    assert.match(d.hint ?? '', /Range/);
  });

  test('deploy.replicas outside the Range is an error at the replicas line', () => {
    const d = only(failure('  web:\n    image: nginx\n    deploy:\n      replicas: 7\n    x-scaling:\n      Range: 1-6\n'), 'CXA1002');
    assert.equal(d.path, 'services.web.deploy.replicas');
    assert.equal(d.pos?.line, 5);
    assert.match(d.message, /7 task\(s\), outside its scaling range 1-6/);
    assert.match(d.hint ?? '', /services\.web\.x-scaling\.Range/);
  });

  test('scheduled actions: bad schedule, MinCapacity above MaxCapacity, duplicate names', () => {
    const ds = failure(
      '  web:\n    image: nginx\n    x-scaling:\n      Range: 1-6\n      ScheduledActions:\n' +
        '        - {ScheduledActionName: x, Schedule: "every day", ScalableTargetAction: {MinCapacity: 1}}\n' +
        '        - {ScheduledActionName: x, Schedule: "cron(0 8 * * ? *)", ScalableTargetAction: {MinCapacity: 5, MaxCapacity: 2}}\n',
    );
    const bad = only(ds, 'CXA1004');
    assert.equal(bad.path, 'services.web.x-scaling.ScheduledActions[0].Schedule');
    assert.equal(bad.pos?.line, 7);
    const minmax = only(ds, 'CXA1003');
    assert.equal(minmax.path, 'services.web.x-scaling.ScheduledActions[1].ScalableTargetAction');
    assert.equal(minmax.pos?.line, 8);
    const dup = only(ds, 'CXA1005');
    assert.equal(dup.path, 'services.web.x-scaling.ScheduledActions[1].ScheduledActionName');
    assert.match(dup.hint ?? '', /ScheduledActions\[0\]/);
  });
});
