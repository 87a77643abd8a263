import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { template } from '../../../test/helpers/render.js';
import { diagnosticsOf, errorAt, lintAll, only, renderWithVpc } from '../../../test/helpers/fixtures.js';
import { scheduleProblem } from './schedule.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** api (with service) and report (lines 4-6), then `rest`. */
const SERVICES = ['services:', '  api:', '    image: nginx', '  report:', '    image: busybox', '    command: [sh, -c, "echo report"]', ''].join('\n');
const render = (rest: string, services = SERVICES) => renderWithVpc(services + rest, { dirs, tmpPrefix: 'cx-events-' });
const failure = (rest: string, services = SERVICES) => diagnosticsOf(() => render(rest, services));

const NIGHTLY = [
  'x-events:',
  '  nightly:',
  '    Properties:',
  '      ScheduleExpression: cron(0 2 * * ? *)',
  '    Services:',
  '      report: {TaskCount: 2, DeleteDefaultService: true}',
  '',
].join('\n');

describe('x-events', () => {
  test('a nightly task whose family has no service: the rule runs its task definition; the role may run only it and pass only its roles', () => {
    const out = render(NIGHTLY);
    const ev = template(out, 'events.json');
    const rule = ev.Resources.nightly;
    assert.equal(rule.Type, 'AWS::Events::Rule');
    assert.equal(rule.Properties.ScheduleExpression, 'cron(0 2 * * ? *)');
    const clusterArn = { 'Fn::Sub': 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${EcsCluster}' };
    assert.deepEqual(rule.Properties.Targets, [
      {
        Id: 'report',
        Arn: clusterArn,
        RoleArn: { 'Fn::GetAtt': ['nightlyTaskRunRole', 'Arn'] },
        EcsParameters: {
          TaskDefinitionArn: { Ref: 'reportTaskDefinition' },
          TaskCount: 2,
          PlatformVersion: 'LATEST',
          NetworkConfiguration: {
            AwsVpcConfiguration: { Subnets: { Ref: 'AppSubnets' }, SecurityGroups: { Ref: 'reportSecurityGroups' }, AssignPublicIp: 'DISABLED' },
          },
        },
      },
    ]);
    const role = ev.Resources.nightlyTaskRunRole.Properties;
    assert.deepEqual(role.AssumeRolePolicyDocument.Statement[0].Principal, { Service: [{ 'Fn::Sub': 'events.${AWS::URLSuffix}' }] });
    assert.deepEqual(role.Policies[0].PolicyDocument.Statement, [
      { Sid: 'RunTaskDefinitions', Effect: 'Allow', Action: ['ecs:RunTask'], Resource: [{ Ref: 'reportTaskDefinition' }], Condition: { ArnEquals: { 'ecs:cluster': clusterArn } } },
      {
        Sid: 'PassTaskRoles',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: [{ Ref: 'reportTaskRole' }, { Ref: 'reportExecutionRole' }],
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      },
    ]);
    // The root feeds the rule from the family's outputs.
    const root = template(out, 'app.json');
    assert.deepEqual(root.Resources.events.Properties.Parameters.reportTaskDefinition, { 'Fn::GetAtt': ['report', 'Outputs.EcsTaskDefinitionArn'] });
    assert.deepEqual(root.Resources.events.Properties.Parameters.reportSecurityGroups, { 'Fn::GetAtt': ['report', 'Outputs.EcsTaskSecurityGroups'] });
    // No service, nor the parameters only it used; the task definition and what runs it stay.
    const report = template(out, 'report.json');
    assert.equal(report.Resources.EcsServiceDefinition, undefined);
    assert.ok(report.Resources.EcsTaskDefinition);
    assert.equal(report.Parameters.MicroservicesCount, undefined);
    assert.equal(report.Parameters.AppSubnets, undefined);
    assert.deepEqual(Object.keys(report.Outputs), ['ServiceSecurityGroupId', 'EcsTaskDefinitionArn', 'EcsTaskRoleArn', 'EcsExecutionRoleArn', 'EcsTaskSecurityGroups']);
    assert.deepEqual(report.Outputs.EcsTaskSecurityGroups.Value, { 'Fn::Join': [',', [{ 'Fn::GetAtt': ['ServiceSecurityGroup', 'GroupId'] }]] });
    // The other family keeps its service and gains no outputs.
    const api = template(out, 'api.json');
    assert.ok(api.Resources.EcsServiceDefinition);
    assert.equal(api.Outputs.EcsExecutionRoleArn, undefined);
    lintAll(out, 'events-nightly');
  });

  test('the 1.x list form renders the same rule; a family keeping its service is run too', () => {
    const list = render('x-events:\n  nightly:\n    Properties:\n      ScheduleExpression: cron(0 2 * * ? *)\n    Services:\n      - name: report\n        TaskCount: 2\n        DeleteDefaultService: true\n');
    assert.deepEqual(template(list, 'events.json'), template(render(NIGHTLY), 'events.json'));
    const kept = render('x-events:\n  hourly:\n    Properties: {ScheduleExpression: rate(1 hour), Name: hourly-report}\n    Services:\n      report: {TaskCount: 1}\n');
    assert.ok(template(kept, 'report.json').Resources.EcsServiceDefinition);
    assert.equal(template(kept, 'events.json').Resources.hourly.Properties.Name, 'hourly-report');
  });

  test('a service name runs its whole family; an EventPattern rule; capacity provider strategy, public IP and overrides as the family has them', () => {
    const services = [
      'services:',
      '  api:',
      '    image: nginx',
      '  cleanup:',
      '    image: busybox',
      '    deploy: {labels: {ecs.task.family: janitor}}',
      '    x-network: {AssignPublicIp: true}',
      '    x-ecs:',
      '      CapacityProviderStrategy:',
      '        - {CapacityProvider: FARGATE_SPOT, Weight: 1}',
      '  sidecar:',
      '    image: busybox',
      '    deploy: {labels: {ecs.task.family: janitor}}',
      '',
    ].join('\n');
    const out = render(
      [
        'x-events:',
        '  on-stop:',
        '    Properties:',
        '      EventPattern: {source: [aws.ec2], detail-type: [EC2 Instance State-change Notification]}',
        '    Services:',
        '      cleanup:',
        '        TaskCount: 1',
        '        Overrides:',
        '          ContainerOverrides:',
        '            - {Name: cleanup, Command: [sh, -c, clean], Environment: {B: "2", A: 1}}',
        '',
      ].join('\n'),
      services,
    );
    const target = template(out, 'events.json').Resources.onstop.Properties.Targets[0];
    assert.equal(target.Id, 'janitor');
    assert.deepEqual(target.EcsParameters.CapacityProviderStrategy, [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]);
    assert.equal(target.EcsParameters.LaunchType, undefined);
    assert.equal(target.EcsParameters.NetworkConfiguration.AwsVpcConfiguration.AssignPublicIp, 'ENABLED');
    assert.deepEqual(JSON.parse(target.Input), {
      containerOverrides: [{ name: 'cleanup', command: ['sh', '-c', 'clean'], environment: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }],
    });
    assert.ok(template(out, 'janitor.json').Resources.EcsServiceDefinition);
    lintAll(out, 'events-pattern');
  });

  test('every mistake at once, each at its line: bad schedules, unknown service, both or neither trigger, unknown override container', () => {
    const ds = failure(
      [
        'x-events:', // 7
        '  a:',
        '    Properties: {ScheduleExpression: rate(5 minute)}', // 9
        '    Services: {report: {TaskCount: 1}}',
        '  b:',
        '    Properties: {ScheduleExpression: "cron(0 2 * * *)"}', // 12
        '    Services: {report: {TaskCount: 1}}',
        '  c:',
        '    Properties: {ScheduleExpression: rate(1 hour)}',
        '    Services: {reprot: {TaskCount: 1}}', // 16
        '  d:',
        '    Properties: {ScheduleExpression: rate(1 hour), EventPattern: {source: [aws.ec2]}}', // 18
        '    Services: {report: {TaskCount: 1}}',
        '  e:',
        '    Properties: {Description: nothing}', // 21
        '    Services: {report: {TaskCount: 1}}',
        '  f:',
        '    Properties: {ScheduleExpression: rate(1 day)}',
        '    Services:',
        '      report:',
        '        TaskCount: 1',
        '        Overrides: {ContainerOverrides: [{Name: nope}]}', // 28
        '',
      ].join('\n'),
    );
    assert.match(errorAt(ds, 'x-events.a.Properties.ScheduleExpression', 9).message, /plural: rate\(5 minutes\)/);
    assert.equal(errorAt(ds, 'x-events.a.Properties.ScheduleExpression', 9).code, 'CXJ1501');
    assert.match(errorAt(ds, 'x-events.b.Properties.ScheduleExpression', 12).message, /6 fields.*has 5/);
    const unknown = errorAt(ds, 'x-events.c.Services.reprot', 16);
    assert.equal(unknown.code, 'CXJ1503');
    assert.match(unknown.expected ?? '', /report/);
    assert.match(errorAt(ds, 'x-events.d.Properties', 18).message, /both/);
    assert.match(errorAt(ds, 'x-events.e.Properties', 21).message, /neither/);
    assert.equal(errorAt(ds, 'x-events.f.Services.report.Overrides', 28).code, 'CXJ1506');
    assert.deepEqual(ds.filter((d) => d.severity === 'error').map((d) => d.code).sort(), ['CXJ1501', 'CXJ1501', 'CXJ1502', 'CXJ1502', 'CXJ1503', 'CXJ1506']);
  });

  test('without its service, a family loses its x-scaling (warning) and cannot be registered in Cloud Map (error at the registration)', () => {
    const scaled = SERVICES.replace('    command: [sh, -c, "echo report"]\n', '    command: [sh, -c, "echo report"]\n    x-scaling: {Range: "1-3", TargetScaling: {CpuTarget: 50}}\n');
    const out = render(NIGHTLY, scaled);
    const w = only(out.warnings, 'CXJ2503');
    assert.equal(w.path, 'services.report.x-scaling');
    const report = template(out, 'report.json');
    assert.equal(report.Resources.ServiceScalingTarget, undefined);
    assert.equal(report.Resources.ServiceCpuTrackingPolicy, undefined);
    lintAll(out, 'events-scaling-dropped');

    const registered = SERVICES.replace('    command: [sh, -c, "echo report"]\n', '    command: [sh, -c, "echo report"]\n    ports: [8080]\n    x-network: {x-cloudmap: ns}\n');
    const ds = failure(NIGHTLY + 'x-cloudmap:\n  ns:\n    Name: app.internal\n', registered);
    const e = errorAt(ds, 'services.report.x-network.x-cloudmap', 8);
    assert.equal(e.code, 'CXJ1510');
    assert.match(e.message, /no ECS service \(x-events\.nightly\.Services\.report\.DeleteDefaultService .*docker-compose\.yml:\d+\)/);
  });

  test('schedule expressions: rate with its unit number, six-field cron with one "?" day', () => {
    for (const ok of ['rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)', 'rate(12 hours)', 'rate(1 day)', 'cron(0 2 * * ? *)', 'cron(0/15 8-18 ? * MON-FRI *)', 'cron(0 12 L * ? 2030)']) {
      assert.equal(scheduleProblem(ok), undefined, ok);
    }
    for (const bad of ['rate(1 hours)', 'rate(2 day)', 'rate(0 minutes)', 'rate(1h)', 'cron(0 2 * * *)', 'cron(0 2 * * * *)', 'cron(0 2 ? * ? *)', 'at(2030-01-01T00:00:00)', 'daily']) {
      assert.notEqual(scheduleProblem(bad), undefined, bad);
    }
  });
});
