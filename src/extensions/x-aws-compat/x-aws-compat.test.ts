import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { template } from '../../../test/helpers/render.js';
import { assertLintClean } from '../../../test/helpers/cfn-lint.js';
import { diagnosticsOf, errorAt, only, renderProject, renderWithVpc, withExtensions } from '../../../test/helpers/fixtures.js';
import { createAjv } from '../../load/schema/schemas.js';
import { RecordedLookups, type LookupFile } from '../../lookups/recorded.js';
import type { RenderOutput } from '../../synth/render.js';
import { awsClusterName, effectiveXCluster } from './cluster.js';
import { xAwsCompat } from './index.js';
import { AWS_COMPAT_SCHEMAS } from './schemas.js';

/** Every registered extension (this one among them). */
const WITH_COMPAT = withExtensions(xAwsCompat);
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-AbCdEf';

function renderIn(dir: string, name: string, lookups: LookupFile['lookups']): RenderOutput {
  return renderProject(dir, ['docker-compose.yml'], new RecordedLookups(join(dir, 'lookups.json'), { version: 1, lookups }), { name, extensions: WITH_COMPAT });
}

const render = (yaml: string): RenderOutput => renderWithVpc(yaml, { name: 'pc', extensions: WITH_COMPAT, tmpPrefix: 'cx-aws-compat-' });
const failure = (yaml: string) => diagnosticsOf(() => render(yaml));
// errorAt: the one error at a path is CXA3001 from this extension; once the loader registers the
// service-level schemas it reports them first, under its own code, at the same place.

describe('x-aws-compat (ECS-plugin keys)', () => {
  test('example ecs-plugin-compat: every key renders like its Compose-X equivalent, silently', () => {
    const dir = new URL('../../../../examples/ecs-plugin-compat/', import.meta.url).pathname;
    const lookups = (JSON.parse(readFileSync(join(dir, 'compose-x.lookups.json'), 'utf8')) as LookupFile).lookups;
    const out = renderIn(dir, 'ecs-plugin-compat', lookups);
    assert.deepEqual(out.warnings, []);
    const web = template(out, 'web.json').Resources;
    assert.deepEqual(web.XAwsRoleweb.Properties, {
      PolicyName: 'XAwsRole-web',
      Roles: [{ Ref: 'EcsTaskRole' }],
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::web-assets/*'] }] },
    });
    assert.deepEqual(web.EcsTaskRole.Properties.ManagedPolicyArns, ['arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess']);
    assert.deepEqual(web.RepositoryCredentialsAccess.Properties.Roles, [{ Ref: 'EcsExecutionRole' }]);
    assert.deepEqual(web.RepositoryCredentialsAccess.Properties.PolicyDocument.Statement, [
      {
        Sid: 'AccessToRepoCredentialsSecret',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-credentials-AbCdEf'],
      },
    ]);
    assert.deepEqual(web.EcsTaskDefinition.Properties.ContainerDefinitions[0].RepositoryCredentials, {
      CredentialsParameter: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-credentials-AbCdEf',
    });
    assert.ok(web.EcsServiceDefinition.DependsOn.includes('RepositoryCredentialsAccess'));
    assert.deepEqual(web.EcsServiceDefinition.Properties.DeploymentConfiguration, {
      MaximumPercent: 150,
      MinimumHealthyPercent: 50,
      DeploymentCircuitBreaker: { Enable: true, Rollback: false },
    });
    assert.deepEqual([web.ServiceScalingTarget.Properties.MinCapacity, web.ServiceScalingTarget.Properties.MaxCapacity], [2, 8]);
    assert.equal(web.ServiceCpuTrackingPolicy.Properties.TargetTrackingScalingPolicyConfiguration.TargetValue, 75);
    const worker = template(out, 'worker.json').Resources;
    assert.deepEqual([worker.ServiceScalingTarget.Properties.MinCapacity, worker.ServiceScalingTarget.Properties.MaxCapacity], [1, 3]);
    assert.equal(worker.ServiceMemoryTrackingPolicy.Properties.TargetTrackingScalingPolicyConfiguration.TargetValue, 80);
    assert.deepEqual(worker.EcsServiceDefinition.Properties.DeploymentConfiguration.MaximumPercent, 100);
    assert.deepEqual(worker.EcsServiceDefinition.Properties.DeploymentConfiguration.MinimumHealthyPercent, 0);
    assert.equal(worker.EcsTaskDefinition.Properties.ContainerDefinitions[0].RepositoryCredentials, undefined);
    assert.equal(worker.EcsTaskRole.Properties.ManagedPolicyArns, undefined);
    const retention = (f: string) => JSON.parse(out.files.get(f) ?? '[]').find((p: { ParameterKey: string }) => p.ParameterKey === 'ServiceLogGroupRetentionPeriod').ParameterValue;
    assert.equal(retention('web.params.json'), '30');
    assert.equal(retention('worker.params.json'), '400');
  });

  test('families merge: percents averaged, retention the largest with x-logging, policies with x-iam, one secret per container', () => {
    const out = render(
      [
        'services:',
        '  a:',
        '    image: registry.example.com/a',
        '    deploy: {labels: {ecs.task.family: app}}',
        `    x-aws-pull_credentials: ${SECRET}`,
        '    x-aws-min_percent: 50',
        '    x-aws-max_percent: 150',
        '    x-aws-logs_retention: 64',
        '    x-aws-policies: [arn:aws:iam::123456789012:policy/team, arn:aws:iam::aws:policy/ReadOnlyAccess]',
        '    x-aws-role: {Statement: {Effect: Allow, Action: sqs:SendMessage, Resource: "*"}}',
        '  b:',
        '    image: registry.example.com/b',
        '    deploy: {labels: {ecs.task.family: app}, update_config: {x-aws-min_percent: 100, x-aws-max_percent: 200}}',
        `    x-aws-pull_credentials: ${SECRET}`,
        '    x-logging: {RetentionInDays: 90}',
        '    x-iam: {ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]}',
        '    x-aws-role: {Version: "2012-10-17", Statement: [{Sid: Sns, Effect: Allow, Action: [sns:Publish], Resource: ["*"]}]}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(out.warnings.filter((w) => w.code.startsWith('CXA')), []);
    const app = template(out, 'app.json');
    const r = app.Resources;
    assert.deepEqual(r.EcsServiceDefinition.Properties.DeploymentConfiguration.MaximumPercent, 175);
    assert.deepEqual(r.EcsServiceDefinition.Properties.DeploymentConfiguration.MinimumHealthyPercent, 75);
    assert.deepEqual(r.EcsTaskRole.Properties.ManagedPolicyArns, ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::123456789012:policy/team']);
    assert.deepEqual(r.XAwsRolea.Properties.PolicyDocument.Statement, [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }]);
    assert.deepEqual(r.XAwsRoleb.Properties.PolicyDocument.Statement, [{ Sid: 'Sns', Effect: 'Allow', Action: ['sns:Publish'], Resource: ['*'] }]);
    assert.deepEqual(r.RepositoryCredentialsAccess.Properties.PolicyDocument.Statement[0].Resource, [SECRET]);
    assert.deepEqual(
      r.EcsTaskDefinition.Properties.ContainerDefinitions.map((c: { RepositoryCredentials?: unknown }) => c.RepositoryCredentials),
      [{ CredentialsParameter: SECRET }, { CredentialsParameter: SECRET }],
    );
    const retention = JSON.parse(out.files.get('app.params.json') ?? '[]').find((p: { ParameterKey: string }) => p.ParameterKey === 'ServiceLogGroupRetentionPeriod');
    assert.equal(retention.ParameterValue, '90');
    for (const f of ['app.json', 'pc.json']) assertLintClean(template(out, f), f);
  });

  test('x-aws-autoscaling gives the Range step scaling needs; ignored next to x-scaling (CXA3002)', () => {
    const out = render(
      [
        'services:',
        '  q:',
        '    image: busybox',
        '    deploy: {x-aws-autoscaling: {max: 5}}',
        '  r:',
        '    image: busybox',
        '    x-scaling: {Range: 1-2}',
        '    deploy: {x-aws-autoscaling: {min: 1, max: 9, cpu: 50}}',
        'x-alarms:',
        '  depth:',
        '    Properties: {Namespace: App, MetricName: Depth, Statistic: Maximum, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold}',
        '    Services: {q: {Scaling: {Steps: [{LowerBound: 0, Count: 5}]}}}',
        '',
      ].join('\n'),
    );
    const q = template(out, 'q.json').Resources;
    assert.deepEqual([q.ServiceScalingTarget.Properties.MinCapacity, q.ServiceScalingTarget.Properties.MaxCapacity], [1, 5]);
    assert.equal(q.ServiceCpuTrackingPolicy, undefined);
    assert.equal(q.ScalingOutPolicydepth.Properties.StepScalingPolicyConfiguration.StepAdjustments[0].ScalingAdjustment, 5);
    const r = template(out, 'r.json').Resources;
    assert.equal(r.ServiceScalingTarget.Properties.MaxCapacity, 2);
    assert.equal(r.ServiceCpuTrackingPolicy, undefined);
    const ignored = only(out.warnings, 'CXA3002');
    assert.equal(ignored.path, 'services.r.deploy.x-aws-autoscaling');
    assert.equal(ignored.pos?.line, 8);
    for (const f of ['q.json', 'r.json', 'alarms.json', 'pc.json']) assertLintClean(template(out, f), f);
  });

  test('errors at the line of the value', () => {
    const svc = (lines: string[]) => ['services:', '  web:', '    image: nginx', ...lines, ''].join('\n');
    errorAt(failure(svc(['    x-aws-pull_credentials: registry-creds'])), 'services.web.x-aws-pull_credentials', 4);
    errorAt(failure(svc(['    x-aws-policies:', '      - AmazonS3ReadOnlyAccess'])), 'services.web.x-aws-policies', 5);
    errorAt(failure(svc(['    x-aws-role:', '      Statement:', '        - {Effect: Allow, Resource: "*"}'])), 'services.web.x-aws-role.Statement', 5);
    errorAt(failure(svc(['    x-aws-logs_retention: 0'])), 'services.web.x-aws-logs_retention', 4);
    errorAt(failure(svc(['    x-aws-min_percent: 120'])), 'services.web.x-aws-min_percent', 4);
    // deploy and update_config are outside the loader's extension schemas: this extension checks them
    const bounds = only(failure(svc(['    deploy:', '      x-aws-autoscaling: {min: 4, max: 2}'])), 'CXA3001');
    assert.equal(bounds.path, 'services.web.deploy.x-aws-autoscaling.min');
    assert.equal(bounds.pos?.line, 5);
    const both = only(failure(svc(['    deploy:', '      x-aws-autoscaling:', '        max: 2', '        cpu: 50', '        memory: 50'])), 'CXA3001');
    assert.equal(both.path, 'services.web.deploy.x-aws-autoscaling.memory');
    assert.equal(both.pos?.line, 8);
    const typo = only(failure(svc(['    deploy:', '      x-aws-autoscaling: {max: 2, cpus: 50}'])), 'CXA3001');
    assert.equal(typo.path, 'services.web.deploy.x-aws-autoscaling.cpus');
    const percent = only(failure(svc(['    deploy:', '      update_config:', '        x-aws-max_percent: 1.5'])), 'CXA3001');
    assert.equal(percent.path, 'services.web.deploy.update_config.x-aws-max_percent');
    assert.equal(percent.pos?.line, 6);
    const stuck = only(failure(svc(['    x-aws-max_percent: 100'])), 'CXA3003');
    assert.equal(stuck.path, 'services.web.x-aws-max_percent');
    assert.equal(stuck.pos?.line, 4);
    assert.match(stuck.message, /MaximumPercent 100 and MinimumHealthyPercent 100/);
  });

  test('x-aws-cluster: name or ARN; x-cluster wins (CXA3004)', () => {
    assert.equal(awsClusterName('prod'), 'prod');
    assert.equal(awsClusterName('arn:aws:ecs:eu-west-1:123456789012:cluster/prod-1'), 'prod-1');
    assert.equal(awsClusterName(''), undefined);
    assert.equal(awsClusterName(3), undefined);
    assert.deepEqual(effectiveXCluster({ 'x-aws-cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod' }), { value: { Lookup: 'prod' }, lookupPath: ['x-aws-cluster'] });
    assert.deepEqual(effectiveXCluster({ 'x-cluster': { Lookup: 'a' }, 'x-aws-cluster': 'b' }), { value: { Lookup: 'a' }, lookupPath: ['x-cluster', 'Lookup'] });
    assert.equal(effectiveXCluster({}), undefined);
    const out = render('services:\n  web:\n    image: nginx\nx-cluster:\n  Properties: {}\nx-aws-cluster: prod\n');
    const w = only(out.warnings, 'CXA3004');
    assert.equal(w.path, 'x-aws-cluster');
    assert.equal(w.pos?.line, 6);
  });

  test('loader schemas: one per key, valid JSON Schema, accepting the documented values only', () => {
    const ajv = createAjv({ validateSchema: true });
    const ok = (key: string, place: string, v: unknown) => {
      const s = AWS_COMPAT_SCHEMAS.find((x) => x.key === key);
      assert.ok(s, key);
      if (!ajv.getSchema(String(s.schema.$id))) ajv.addSchema(s.schema);
      const validate = ajv.getSchema(`${String(s.schema.$id)}#/definitions/${place}`);
      assert.ok(validate, `${key} at ${place}`);
      return validate(v) === true;
    };
    assert.deepEqual(AWS_COMPAT_SCHEMAS.map((s) => s.key).sort(), [
      'x-aws-autoscaling', 'x-aws-cluster', 'x-aws-logs_retention', 'x-aws-max_percent', 'x-aws-min_percent', 'x-aws-policies', 'x-aws-pull_credentials', 'x-aws-role',
    ]);
    assert.equal(ok('x-aws-role', 'service', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }), true);
    assert.equal(ok('x-aws-role', 'service', { Statement: { Effect: 'Deny', NotAction: ['iam:*'], Resource: ['*'] } }), true);
    assert.equal(ok('x-aws-role', 'service', { Statement: [{ Effect: 'Allow', Resource: '*' }] }), false);
    assert.equal(ok('x-aws-policies', 'service', ['arn:aws:iam::aws:policy/ReadOnlyAccess']), true);
    assert.equal(ok('x-aws-policies', 'service', ['ReadOnlyAccess']), false);
    assert.equal(ok('x-aws-autoscaling', 'service', { min: 1, max: 3, cpu: 75 }), true);
    assert.equal(ok('x-aws-autoscaling', 'service', { max: 3, cpu: 75, memory: 75 }), false);
    assert.equal(ok('x-aws-autoscaling', 'service', { min: 1 }), false);
    assert.equal(ok('x-aws-logs_retention', 'service', 42), true);
    assert.equal(ok('x-aws-min_percent', 'service', 101), false);
    assert.equal(ok('x-aws-max_percent', 'service', 150), true);
    assert.equal(ok('x-aws-pull_credentials', 'service', SECRET), true);
    assert.equal(ok('x-aws-pull_credentials', 'service', 'creds'), false);
    assert.equal(ok('x-aws-cluster', 'project', 'prod'), true);
    assert.equal(ok('x-aws-cluster', 'project', 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod'), true);
    assert.equal(ok('x-aws-cluster', 'project', ''), false);
  });
});
