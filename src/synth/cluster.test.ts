/**
 * Tests of the ECS cluster: the default new cluster, x-cluster.Properties (+ MacroParameters for
 * ECS Exec logging) and x-cluster.Lookup, and the exec-logging rights given to families.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupFile } from '../lookups/recorded.js';
import type { RenderOutput } from './render.js';
import { errorsOf, only, renderCompose, withExtensions } from '../../test/helpers/fixtures.js';
import { template } from '../../test/helpers/render.js';
import { xEcs } from '../extensions/x-ecs/index.js';
import { xCluster } from '../extensions/x-cluster/index.js';

const EXT = withExtensions(xEcs, xCluster);

function run(yaml: string, lookups: LookupFile['lookups'] = {}): RenderOutput {
  return renderCompose(yaml, { lookups, extensions: EXT, tmpPrefix: 'cx-cluster-' });
}

function tpl(out: RenderOutput, file: string): Record<string, any> {
  return JSON.parse(out.files.get(file) as string);
}

const WEB = `services:
  web:
    image: nginx
`;
const WEB_EXEC = `services:
  web:
    image: nginx
    x-ecs:
      EnableExecuteCommand: true
`;

const LOOKUP_RESULT = {
  ClusterName: 'prod',
  ClusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod',
  CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
  DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
};

test('no x-cluster: a new cluster with FARGATE + FARGATE_SPOT, Container Insights and exec logs to a log group', () => {
  const root = tpl(run(WEB), 'app.json');
  const c = root.Resources.EcsCluster.Properties;
  assert.deepEqual(c.ClusterName, { Ref: 'AWS::StackName' });
  assert.deepEqual(c.CapacityProviders, ['FARGATE', 'FARGATE_SPOT']);
  assert.deepEqual(c.DefaultCapacityProviderStrategy, [
    { CapacityProvider: 'FARGATE_SPOT', Weight: 2, Base: 1 },
    { CapacityProvider: 'FARGATE', Weight: 1 },
  ]);
  assert.deepEqual(c.ClusterSettings, [{ Name: 'containerInsights', Value: 'enabled' }]);
  assert.deepEqual(c.Configuration.ExecuteCommandConfiguration.LogConfiguration, { CloudWatchLogGroupName: { Ref: 'EcsExecLogGroup' } });
  assert.equal(root.Resources.EcsExecLogGroup.Properties.RetentionInDays, 120);
});

test('families with ECS Exec may write to the exec log group of the new cluster; others get nothing', () => {
  const out = run(`${WEB_EXEC}  worker:
    image: busybox
`);
  const root = tpl(out, 'app.json');
  assert.deepEqual(root.Resources.web.Properties.Parameters.EcsExecLogGroupArn, { 'Fn::GetAtt': ['EcsExecLogGroup', 'Arn'] });
  const web = tpl(out, 'web.json');
  const st = web.Resources.EcsExecLogging.Properties.PolicyDocument.Statement;
  const write = st.find((s: any) => s.Sid === 'ExecLogGroupWrite');
  assert.deepEqual(write.Action, ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents']);
  assert.deepEqual(write.Resource, [{ Ref: 'EcsExecLogGroupArn' }]);
  assert.deepEqual(web.Resources.EcsExecLogging.Properties.Roles, [{ Ref: 'EcsTaskRole' }]);
  const worker = tpl(out, 'worker.json');
  assert.equal(worker.Resources.EcsExecLogging, undefined);
  assert.equal(worker.Parameters.EcsExecLogGroupArn, undefined);
});

test('x-cluster.Properties: ClusterName defaults to the stack name, Container Insights on, user values kept', () => {
  const root = tpl(
    run(`${WEB}x-cluster:
  Properties:
    CapacityProviders: [FARGATE]
    DefaultCapacityProviderStrategy:
      - CapacityProvider: FARGATE
        Weight: 1
`),
    'app.json',
  );
  const c = root.Resources.EcsCluster.Properties;
  assert.deepEqual(c.ClusterName, { Ref: 'AWS::StackName' });
  assert.deepEqual(c.CapacityProviders, ['FARGATE']);
  assert.deepEqual(c.ClusterSettings, [{ Name: 'containerInsights', Value: 'enabled' }]);
  assert.equal(c.Configuration, undefined, 'no exec logging without MacroParameters');
  assert.equal(root.Resources.EcsExecLogGroup, undefined);
  const named = tpl(
    run(`${WEB}x-cluster:
  Properties:
    ClusterName: mine
    ClusterSettings: [{Name: containerInsights, Value: disabled}]
`),
    'app.json',
  );
  assert.equal(named.Resources.EcsCluster.Properties.ClusterName, 'mine');
  assert.deepEqual(named.Resources.EcsCluster.Properties.ClusterSettings, [{ Name: 'containerInsights', Value: 'disabled' }]);
});

test('DefaultCapacityProviderStrategy without CapacityProviders is an error at its line', () => {
  const [e, ...rest] = errorsOf(() =>
    run(`${WEB}x-cluster:
  Properties:
    DefaultCapacityProviderStrategy:
      - CapacityProvider: FARGATE
        Weight: 1
`),
  );
  assert.equal(rest.length, 0);
  assert.equal(e.code, 'CXR1031');
  assert.equal(e.path, 'x-cluster.Properties.DefaultCapacityProviderStrategy');
  assert.equal(e.pos?.line, 6);
  assert.match(e.message, /CapacityProviders/);
});

test('a default strategy provider missing from CapacityProviders is an error listing the providers', () => {
  const [e] = errorsOf(() =>
    run(`${WEB}x-cluster:
  Properties:
    CapacityProviders: [FARGATE]
    DefaultCapacityProviderStrategy:
      - CapacityProvider: FARGATE_SPOT
`),
  );
  assert.equal(e.code, 'CXR1032');
  assert.equal(e.path, 'x-cluster.Properties.DefaultCapacityProviderStrategy[0].CapacityProvider');
  assert.equal(e.pos?.line, 8);
  assert.match(e.expected ?? '', /FARGATE/);
});

test('MacroParameters: log group (retention), KMS key with a CloudWatch Logs key policy, bucket; exec config points at them', () => {
  const out = run(`${WEB_EXEC}x-cluster:
  Properties:
    CapacityProviders: [FARGATE]
  MacroParameters:
    CreateExecLoggingLogGroup: true
    LogGroupRetentionInDays: 30
    CreateExecLoggingKmsKey: true
    CreateExecLoggingBucket: true
`);
  const r = tpl(out, 'app.json').Resources;
  assert.equal(r.EcsExecLogGroup.Properties.RetentionInDays, 30);
  assert.deepEqual(r.EcsExecLogGroup.Properties.KmsKeyId, { 'Fn::GetAtt': ['EcsExecLoggingKmsKey', 'Arn'] });
  const logs = r.EcsExecLoggingKmsKey.Properties.KeyPolicy.Statement.find((s: any) => s.Sid === 'AllowCloudWatchLogsEncryption');
  assert.deepEqual(logs.Principal, { Service: { 'Fn::Sub': 'logs.${AWS::Region}.${AWS::URLSuffix}' } });
  assert.match(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']['Fn::Sub'], /log-group:ecs\/execute-logs\/\$\{AWS::StackName\}$/);
  assert.equal(r.EcsExecLoggingBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm, 'aws:kms');
  const exec = r.EcsCluster.Properties.Configuration.ExecuteCommandConfiguration;
  assert.equal(exec.Logging, 'OVERRIDE');
  assert.deepEqual(exec.KmsKeyId, { 'Fn::GetAtt': ['EcsExecLoggingKmsKey', 'Arn'] });
  assert.deepEqual(exec.LogConfiguration.CloudWatchLogGroupName, { Ref: 'EcsExecLogGroup' });
  assert.deepEqual(exec.LogConfiguration.S3BucketName, { Ref: 'EcsExecLoggingBucket' });
  const web = tpl(out, 'web.json');
  const sids = web.Resources.EcsExecLogging.Properties.PolicyDocument.Statement.map((s: any) => s.Sid);
  assert.deepEqual(sids, ['ExecLogGroupsDescribe', 'ExecLogGroupWrite', 'ExecLogBucketEncryption', 'ExecLogBucketWrite', 'ExecKmsKey']);
  assert.deepEqual(Object.keys(tpl(out, 'app.json').Resources.web.Properties.Parameters).filter((k) => k.startsWith('EcsExec')), [
    'EcsExecLogGroupArn',
    'EcsExecLogBucket',
    'EcsExecKmsKeyArn',
  ]);
});

test('AllowKmsKeyReuse lets CloudWatch Logs use the key for any log group of the account', () => {
  const r = tpl(
    run(`${WEB}x-cluster:
  Properties: {}
  MacroParameters:
    CreateExecLoggingLogGroup: true
    CreateExecLoggingKmsKey: true
    AllowKmsKeyReuse: true
`),
    'app.json',
  ).Resources;
  const logs = r.EcsExecLoggingKmsKey.Properties.KeyPolicy.Statement.find((s: any) => s.Sid === 'AllowCloudWatchLogsEncryption');
  assert.match(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']['Fn::Sub'], /log-group:\*$/);
});

test('a LogGroupRetentionInDays that is not a CloudWatch retention period is rounded to the nearest one, with a warning', () => {
  const out = run(`${WEB}x-cluster:
  Properties: {}
  MacroParameters:
    CreateExecLoggingLogGroup: true
    LogGroupRetentionInDays: 100
`);
  const w = only(out.warnings, 'CXR2053');
  assert.equal(w.path, 'x-cluster.MacroParameters.LogGroupRetentionInDays');
  assert.equal(w.pos?.line, 8);
  assert.match(w.message, /nearest one, 90,/);
  const groups = Object.values(template(out, 'app.json').Resources as Record<string, any>).filter((r) => r.Type === 'AWS::Logs::LogGroup');
  assert.ok(groups.some((g) => g.Properties.RetentionInDays === 90), JSON.stringify(groups));
});

test('MacroParameters and a hand-written ExecuteCommandConfiguration conflict', () => {
  const [e] = errorsOf(() =>
    run(`${WEB}x-cluster:
  Properties:
    Configuration:
      ExecuteCommandConfiguration:
        Logging: DEFAULT
  MacroParameters:
    CreateExecLoggingLogGroup: true
`),
  );
  assert.equal(e.code, 'CXR1034');
  assert.equal(e.pos?.line, 7);
});

test('x-cluster.Lookup: the name is passed to families; no cluster resource; MacroParameters ignored with a warning', () => {
  const out = run(
    `${WEB_EXEC}x-cluster:
  Lookup: prod
  MacroParameters:
    CreateExecLoggingLogGroup: true
`,
    { 'x-cluster': { request: { ClusterName: 'prod' }, result: LOOKUP_RESULT } },
  );
  const root = tpl(out, 'app.json');
  assert.equal(root.Resources.EcsCluster, undefined);
  assert.equal(root.Resources.EcsExecLogGroup, undefined);
  assert.equal(root.Resources.web.Properties.Parameters.EcsCluster, 'prod');
  assert.equal(tpl(out, 'web.json').Resources.EcsExecLogging, undefined, 'the cluster has no exec logging');
  const w = out.warnings.find((d) => d.code === 'CXR2051');
  assert.ok(w);
  assert.equal(w.pos?.line, 8);
});

test('a looked-up cluster with exec logging gives exec-enabled families rights on its log group, bucket and key', () => {
  const out = run(
    `${WEB_EXEC}x-cluster:
  Lookup:
    ClusterName: prod
`,
    {
      'x-cluster': {
        request: { ClusterName: 'prod' },
        result: {
          ...LOOKUP_RESULT,
          ExecuteCommandConfiguration: { KmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', LogConfiguration: { CloudWatchLogGroupName: '/ecs/exec', S3BucketName: 'exec-logs' } },
        },
      },
    },
  );
  const p = tpl(out, 'app.json').Resources.web.Properties.Parameters;
  assert.equal(p.EcsExecLogGroupArn, 'arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/exec:*');
  assert.equal(p.EcsExecLogBucket, 'exec-logs');
  assert.equal(p.EcsExecKmsKeyArn, 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  const st = tpl(out, 'web.json').Resources.EcsExecLogging.Properties.PolicyDocument.Statement;
  assert.deepEqual(st.find((s: any) => s.Sid === 'ExecLogBucketWrite').Resource, [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${EcsExecLogBucket}/*' }]);
});
