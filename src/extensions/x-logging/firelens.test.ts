/**
 * Tests of FireLens: the log router sidecar, the awsfirelens log configuration of the containers,
 * the rights of each output on its destination only, the ReplaceAwsLogs shorthand, the router
 * configuration (and its S3 file on EC2 only), and the diagnostics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RenderOutput } from '../../synth/render.js';
import { diagnosticsOf, errorsOf, lintAll, only, renderCompose } from '../../../test/helpers/fixtures.js';

function run(yaml: string): RenderOutput {
  return renderCompose(yaml, { tmpPrefix: 'cx-firelens-' });
}

function resources(out: RenderOutput, name = 'web'): Record<string, any> {
  return JSON.parse(out.files.get(`${name}.json`) as string).Resources;
}

function container(out: RenderOutput, name: string, family = 'web'): Record<string, any> {
  const c = resources(out, family).EcsTaskDefinition.Properties.ContainerDefinitions.find((x: any) => x.Name === name);
  assert.ok(c, `no container ${name}`);
  return c;
}

function statements(out: RenderOutput, family = 'web'): Record<string, any>[] {
  return resources(out, family).FireLensOutputs?.Properties.PolicyDocument.Statement ?? [];
}

test('awsfirelens to CloudWatch: router first and essential, the app waits for it healthy, rights on the family group', () => {
  const out = run(`services:
  web:
    image: nginx
    logging: {driver: awsfirelens, options: {Name: cloudwatch_logs}}
`);
  const defs = resources(out).EcsTaskDefinition.Properties.ContainerDefinitions;
  assert.deepEqual(defs.map((c: any) => c.Name), ['log_router', 'web']);
  const router = defs[0];
  assert.equal(router.Essential, true);
  assert.deepEqual(router.FirelensConfiguration, { Type: 'fluentbit', Options: { 'enable-ecs-log-metadata': 'true' } });
  assert.equal(router.LogConfiguration.LogDriver, 'awslogs');
  assert.deepEqual(router.LogConfiguration.Options['awslogs-group'], { Ref: 'ServicesLogGroup' });
  assert.match(router.HealthCheck.Command[1], /nc 127\.0\.0\.1 8877/);
  const web = defs[1];
  assert.deepEqual(web.DependsOn, [{ ContainerName: 'log_router', Condition: 'HEALTHY' }]);
  assert.deepEqual(web.LogConfiguration, {
    LogDriver: 'awsfirelens',
    Options: { Name: 'cloudwatch_logs', region: { Ref: 'AWS::Region' }, log_stream_prefix: 'web/', log_group_name: { Ref: 'ServicesLogGroup' } },
  });
  assert.deepEqual(statements(out), [
    { Sid: 'FireLensCloudWatchLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: [{ 'Fn::GetAtt': ['ServicesLogGroup', 'Arn'] }] },
  ]);
  assert.deepEqual(resources(out).FireLensOutputs.Properties.Roles, [{ Ref: 'EcsTaskRole' }]);
});

test('Firehose, Kinesis, S3 and role_arn outputs: one right each, on the named destination', () => {
  const out = run(`services:
  web:
    image: nginx
    logging: {driver: awsfirelens, options: {Name: firehose, delivery_stream: logs-stream, region: eu-central-1, role_arn: "arn:aws:iam::111122223333:role/log-writer"}}
  kin:
    image: busybox
    deploy: {labels: {ecs.task.family: web}}
    logging: {driver: awsfirelens, options: {Name: kinesis_streams, stream: "events-$(ecs_cluster)"}}
  s3:
    image: busybox
    deploy: {labels: {ecs.task.family: web}}
    logging: {driver: awsfirelens, options: {Name: s3, bucket: my-logs}}
  other:
    image: busybox
    deploy: {labels: {ecs.task.family: web}}
    logging: {driver: awsfirelens, options: {Name: datadog, apikey: "from-config"}}
`);
  const bySid = Object.fromEntries(statements(out).map((s) => [s.Sid, s]));
  assert.deepEqual(Object.keys(bySid).sort(), ['FireLensAssumeRole', 'FireLensFirehose', 'FireLensKinesis', 'FireLensS3']);
  assert.deepEqual(bySid.FireLensFirehose.Action, ['firehose:PutRecordBatch']);
  assert.deepEqual(bySid.FireLensFirehose.Resource, [{ 'Fn::Sub': 'arn:${AWS::Partition}:firehose:eu-central-1:${AWS::AccountId}:deliverystream/logs-stream' }]);
  assert.deepEqual(bySid.FireLensAssumeRole.Resource, ['arn:aws:iam::111122223333:role/log-writer']);
  assert.deepEqual(bySid.FireLensKinesis.Resource, [{ 'Fn::Sub': 'arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/events-*' }]);
  assert.deepEqual(bySid.FireLensS3, { Sid: 'FireLensS3', Effect: 'Allow', Action: ['s3:PutObject'], Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::my-logs/*' }] });
  assert.equal(container(out, 'web').LogConfiguration.Options.region, 'eu-central-1');
  assert.deepEqual(container(out, 's3').LogConfiguration.Options.region, { Ref: 'AWS::Region' });
  assert.deepEqual(container(out, 'other').LogConfiguration.Options, { Name: 'datadog', apikey: 'from-config' });
  for (const s of statements(out)) assert.notEqual(s.Resource, '*');
});

test('ReplaceAwsLogs sends to the awslogs group through FireLens; the router gets the Advanced settings', () => {
  const out = run(`services:
  web:
    image: nginx
    logging: {driver: awslogs, options: {awslogs-group: /shop/web}}
    x-logging:
      FireLens:
        Shorthands: {ReplaceAwsLogs: true}
  side:
    image: busybox
    deploy: {labels: {ecs.task.family: web}}
    logging: {driver: awsfirelens, options: {Name: cloudwatch, log_group_name: /shop/side, log_retention_days: "7"}}
    x-logging:
      FireLens:
        Advanced:
          LogDriverBufferLimit: 33554432
          EnableApiHeathCheck: true
          EnvironmentVariables: {FLB_LOG_LEVEL: debug}
          FirelensConfiguration: {Options: {config-file-type: file, config-file-value: /fluent-bit/etc/extra.conf}}
`);
  assert.deepEqual(container(out, 'web').LogConfiguration.Options, {
    Name: 'cloudwatch_logs', log_stream_prefix: 'web/', log_group_name: '/shop/web', auto_create_group: 'true', region: { Ref: 'AWS::Region' }, 'log-driver-buffer-limit': '33554432',
  });
  const router = container(out, 'log_router');
  assert.deepEqual(router.FirelensConfiguration.Options, { 'enable-ecs-log-metadata': 'true', 'config-file-type': 'file', 'config-file-value': '/fluent-bit/etc/extra.conf' });
  assert.deepEqual(router.Environment, [{ Name: 'FLB_LOG_LEVEL', Value: 'debug' }]);
  assert.match(router.HealthCheck.Command[1], /api\/v1\/health/);
  const bySid = Object.fromEntries(statements(out).map((s) => [s.Sid, s]));
  assert.deepEqual(bySid.FireLensCloudWatchLogsCreateGroup.Action, ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents']);
  assert.deepEqual(bySid.FireLensCloudWatchLogsCreateGroup.Resource, [{ 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/shop/web:*' }]);
  assert.deepEqual(bySid.FireLensCloudWatchLogsRetention.Action, ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:PutRetentionPolicy']);
});

test('X-Ray and FireLens together: the router starts first, the daemon still logs with awslogs', () => {
  const out = run(`services:
  web:
    image: nginx
    logging: {driver: awsfirelens, options: {Name: cloudwatch_logs}}
    x-xray: true
`);
  const defs = resources(out).EcsTaskDefinition.Properties.ContainerDefinitions;
  assert.deepEqual(defs.map((c: any) => c.Name), ['log_router', 'xray-daemon', 'web']);
  assert.equal(defs[1].LogConfiguration.LogDriver, 'awslogs');
  assert.equal(defs[1].DependsOn, undefined);
  assert.deepEqual(defs[2].DependsOn, [{ ContainerName: 'log_router', Condition: 'HEALTHY' }, { ContainerName: 'xray-daemon', Condition: 'START' }]);
});

test('a configuration file in S3: refused on Fargate, read with the execution role on EC2', () => {
  const yaml = (platform: string) => `services:
  web:
    image: nginx
    deploy: {labels: {ecs.compute.platform: ${platform}}, resources: {limits: {memory: 256M}}}
    logging: {driver: awsfirelens}
    x-logging:
      FireLens:
        Shorthands:
          FirelensConfiguration:
            Options: {config-file-type: s3, config-file-value: "arn:aws:s3:::cfg-bucket/fluent/extra.conf"}
`;
  const e = only(errorsOf(() => run(yaml('FARGATE'))), 'CXO1002');
  assert.equal(e.path, 'services.web.x-logging.FireLens.Shorthands.FirelensConfiguration.Options.config-file-type');
  assert.equal(e.pos?.line, 10);
  const out = run(yaml('EC2'));
  const policy = resources(out).FireLensConfigurationFile.Properties;
  assert.deepEqual(policy.Roles, [{ Ref: 'EcsExecutionRole' }]);
  assert.deepEqual(policy.PolicyDocument.Statement.map((s: any) => [s.Action, s.Resource]), [
    [['s3:GetObject'], [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::cfg-bucket/fluent/extra.conf' }]],
    [['s3:GetBucketLocation'], [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::cfg-bucket' }]],
  ]);
  assert.deepEqual(out.warnings.filter((d) => d.code === 'CXO2003'), [], 'the configuration file gives the outputs');
});

test('destinations that are resources of the project: the option gets the name, the rights its ARN', () => {
  const out = renderCompose(
    `services:
  web:
    image: nginx
    logging: {driver: awsfirelens, options: {Name: kinesis_firehose, delivery_stream: "x-kinesis_firehose::shared"}}
  archive:
    image: nginx
    logging: {driver: awsfirelens, options: {Name: s3, bucket: "x-s3::logs"}}
x-kinesis_firehose:
  shared:
    Lookup: {Tags: [{team: data}]}
x-s3:
  logs:
    Properties: {}
`,
    {
      tmpPrefix: 'cx-firelens-',
      lookups: { 'x-kinesis_firehose::shared': { request: { Tags: [{ team: 'data' }] }, result: { DeliveryStreamId: 'shared-stream', Arn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/shared-stream' } } },
    },
  );
  assert.equal(container(out, 'web').LogConfiguration.Options.delivery_stream, 'shared-stream');
  assert.deepEqual(statements(out), [
    { Sid: 'FireLensFirehose', Effect: 'Allow', Action: ['firehose:PutRecordBatch'], Resource: ['arn:aws:firehose:eu-west-1:123456789012:deliverystream/shared-stream'] },
  ]);
  // a new bucket: its name and ARN come from the s3 stack's outputs
  const bucket = container(out, 'archive', 'archive').LogConfiguration.Options.bucket;
  assert.deepEqual(bucket, { Ref: 's3logsBucketName' });
  assert.deepEqual(statements(out, 'archive'), [
    { Sid: 'FireLensS3', Effect: 'Allow', Action: ['s3:PutObject'], Resource: [{ 'Fn::Join': ['', [{ Ref: 's3logsArn' }, '/*']] }] },
  ]);
  const s3 = JSON.parse(out.files.get('s3.json') as string);
  assert.deepEqual(Object.keys(s3.Outputs).sort(), ['logsArn', 'logsBucketName']);
  lintAll(out);
});

test('mistakes: pointers that are not resolved, a Firehose output without stream, no output at all, 1.x generated-config settings', () => {
  const ds = diagnosticsOf(() => run(`services:
  web:
    image: nginx
    logging: {driver: awsfirelens, options: {Name: firehose, delivery_stream: "x-kinesis_firehose::stream", role_arn: "x-iam::role"}}
  b:
    image: nginx
    deploy: {labels: {ecs.task.family: web}}
    logging: {driver: awsfirelens, options: {Name: kinesis_firehose}}
`));
  const unknown = only(ds, 'CXO1009');
  assert.equal(unknown.path, 'services.web.logging.options.delivery_stream');
  assert.equal(unknown.pos?.line, 4);
  const p = only(ds, 'CXO1003');
  assert.equal(p.path, 'services.web.logging.options.role_arn');
  assert.equal(p.pos?.line, 4);
  assert.equal(only(ds, 'CXO1005').path, 'services.b.logging.options.Name');
  // Options without Name: 1.x rejects them too.
  const noName = only(errorsOf(() => run(`services:
  web:
    image: nginx
    logging: {driver: awsfirelens, options: {delivery_stream: logs}}
`)), 'CXO1006');
  assert.equal(noName.path, 'services.web.logging.options');
  assert.equal(noName.pos?.line, 4);

  const out = run(`services:
  web:
    image: nginx
    logging: {driver: awsfirelens}
    x-logging:
      FireLens:
        Advanced:
          SourceFile: extra.conf
          GracePeriod: 30
`);
  assert.equal(only(out.warnings, 'CXO2003').path, 'services.web.logging.driver');
  const w = out.warnings.filter((d) => d.code === 'CXO2004').map((d) => [d.path, d.pos?.line]);
  assert.deepEqual(w, [['services.web.x-logging.FireLens.Advanced.SourceFile', 8], ['services.web.x-logging.FireLens.Advanced.GracePeriod', 9]]);
  assert.deepEqual(container(out, 'web').LogConfiguration, { LogDriver: 'awsfirelens' });
});
