import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { template } from '../../../test/helpers/render.js';
import { diagnosticsOf, lintAll, only, renderWithVpc } from '../../../test/helpers/fixtures.js';
import type { LookupFile } from '../../lookups/recorded.js';

const SERVICES = ['services:', '  api:', '    image: nginx', '  worker:', '    image: nginx', ''].join('\n');
const FH_ARN = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/shared-stream';
const KS_ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/clicks';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const LOOKUPS: LookupFile['lookups'] = {
  'x-kinesis_firehose::shared': { request: { Tags: [{ team: 'data' }] }, result: { DeliveryStreamId: 'shared-stream', Arn: FH_ARN } },
  'x-kinesis::clicks': { request: { Tags: [{ team: 'data' }] }, result: { StreamId: 'clicks', Arn: KS_ARN, KmsKeyArn: KEY_ARN } },
};
const render = (x: string) => renderWithVpc(SERVICES + x, { name: 'fh', lookups: LOOKUPS });
const failure = (x: string) => diagnosticsOf(() => render(x));
const statements = (t: Record<string, any>, policy: string) => t.Resources[policy].Properties.PolicyDocument.Statement as Record<string, any>[];
const roleStatements = (t: Record<string, any>, role: string) => t.Resources[role].Properties.Policies[0].PolicyDocument.Statement as Record<string, any>[];
function env(t: Record<string, any>, container: string): Record<string, unknown> {
  const c = t.Resources.EcsTaskDefinition.Properties.ContainerDefinitions.find((x: Record<string, any>) => x.Name === container);
  return Object.fromEntries((c.Environment ?? []).map((e: Record<string, any>) => [e.Name, e.Value]));
}

describe('x-kinesis_firehose', () => {
  test('a DirectPut stream to a new x-s3 bucket with an x-kms key: role with exactly the bucket, key and log group; producer access', () => {
    const out = render(
      [
        'x-kms:',
        '  bk:',
        '    Properties: {}',
        'x-s3:',
        '  out:',
        '    Properties:',
        '      BucketEncryption:',
        '        ServerSideEncryptionConfiguration:',
        '          - ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: x-kms::bk}',
        'x-kinesis_firehose:',
        '  to-s3:',
        '    Properties:',
        '      DeliveryStreamType: DirectPut',
        '      DeliveryStreamEncryptionConfigurationInput: {KeyARN: x-kms::bk}',
        '      ExtendedS3DestinationConfiguration:',
        '        BucketARN: x-s3::out',
        '        RoleARN: arn:aws:iam::123456789012:role/ignored',
        '        Prefix: data/',
        '    Services:',
        '      api: {Access: Producer}',
        '      worker: {ReturnValues: {Arn: STREAM_ARN}}',
        '',
      ].join('\n'),
    );
    const fh = template(out, 'firehose.json');
    const ds = fh.Resources.tos3;
    assert.equal(ds.Type, 'AWS::KinesisFirehose::DeliveryStream');
    assert.deepEqual(ds.Properties.DeliveryStreamEncryptionConfigurationInput, { KeyARN: { Ref: 'kmsbkArn' }, KeyType: 'CUSTOMER_MANAGED_CMK' });
    const dest = ds.Properties.ExtendedS3DestinationConfiguration;
    assert.deepEqual(dest.BucketARN, { Ref: 's3outArn' });
    assert.deepEqual(dest.RoleARN, { 'Fn::GetAtt': ['tos3Role', 'Arn'] });
    assert.deepEqual(dest.CloudWatchLoggingOptions, { Enabled: true, LogGroupName: { Ref: 'tos3Logs' }, LogStreamName: { Ref: 'tos3ExtendedS3LogStream' } });
    const trust = fh.Resources.tos3Role.Properties.AssumeRolePolicyDocument.Statement[0];
    assert.deepEqual(trust.Principal, { Service: 'firehose.amazonaws.com' });
    assert.deepEqual(trust.Condition, { StringEquals: { 'sts:ExternalId': { Ref: 'AWS::AccountId' } } });
    assert.deepEqual(roleStatements(fh, 'tos3Role'), [
      { Sid: 'ExtendedS3Bucket', Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], Resource: [{ Ref: 's3outArn' }] },
      { Sid: 'ExtendedS3Objects', Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'], Resource: [{ 'Fn::Sub': ['${ARN}/*', { ARN: { Ref: 's3outArn' } }] }] },
      { Sid: 'ExtendedS3BucketKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [{ Ref: 'kmsbkArn' }] },
      { Sid: 'CloudWatchLogs', Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: [{ 'Fn::GetAtt': ['tos3Logs', 'Arn'] }] },
    ]);
    for (const s of roleStatements(fh, 'tos3Role')) assert.notEqual(s.Resource, '*');
    const api = template(out, 'api.json');
    assert.deepEqual(statements(api, 'apiTofirehose'), [
      { Sid: 'Producer', Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: [{ Ref: 'firehosetos3Arn' }] },
    ]);
    assert.deepEqual(env(api, 'api'), { TO_S3: { Ref: 'firehosetos3DeliveryStreamId' } });
    const worker = template(out, 'worker.json');
    assert.equal(worker.Resources.workerTofirehose, undefined, 'no Access, no permission');
    assert.deepEqual(env(worker, 'worker'), { STREAM_ARN: { Ref: 'firehosetos3Arn' } });
    const root = template(out, 'fh.json');
    assert.deepEqual(root.Resources.firehose.Properties.Parameters.s3outArn, { 'Fn::GetAtt': ['s3', 'Outputs.outArn'] });
    lintAll(out);
  });

  test('a Kinesis source (new and looked-up streams): stream ARN, source permissions and key, no producer access (CXF2005), SSE dropped (CXF2006)', () => {
    const out = render(
      [
        'x-kinesis:',
        '  events:',
        '    Properties: {}',
        '  clicks:',
        '    Lookup: {Tags: [{team: data}]}',
        'x-s3:',
        '  out:',
        '    Properties: {}',
        'x-kinesis_firehose:',
        '  from-events:',
        '    Properties:',
        '      DeliveryStreamEncryptionConfigurationInput: {KeyARN: ' + KEY_ARN + '}',
        '      KinesisStreamSourceConfiguration: {KinesisStreamARN: x-kinesis::events::Arn, RoleARN: placeholder}',
        '      S3DestinationConfiguration: {BucketARN: x-s3::out}',
        '    Services:',
        '      api: {Access: Producer}',
        '  from-clicks:',
        '    Properties:',
        '      KinesisStreamSourceConfiguration: {KinesisStreamARN: x-kinesis::clicks}',
        '      ExtendedS3DestinationConfiguration:',
        '        BucketARN: arn:aws:s3:::archive',
        '        CloudWatchLoggingOptions: {Enabled: false}',
        '    MacroParameters:',
        '      x-iam: {PermissionsBoundary: boundary}',
        '',
      ].join('\n'),
    );
    const warnings = out.warnings;
    assert.equal(only(warnings, 'CXF2005').path, 'x-kinesis_firehose.from-events.Services.api.Access');
    assert.equal(only(warnings, 'CXF2006').path, 'x-kinesis_firehose.from-events.Properties.DeliveryStreamEncryptionConfigurationInput');
    const fh = template(out, 'firehose.json');
    const ev = fh.Resources.fromevents.Properties;
    assert.equal(ev.DeliveryStreamType, 'KinesisStreamAsSource');
    assert.equal(ev.DeliveryStreamEncryptionConfigurationInput, undefined);
    assert.deepEqual(ev.KinesisStreamSourceConfiguration, { KinesisStreamARN: { Ref: 'kinesiseventsArn' }, RoleARN: { 'Fn::GetAtt': ['fromeventsRole', 'Arn'] } });
    assert.deepEqual(roleStatements(fh, 'fromeventsRole')[0], {
      Sid: 'KinesisSource',
      Effect: 'Allow',
      Action: ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'],
      Resource: [{ Ref: 'kinesiseventsArn' }],
    });
    const cl = fh.Resources.fromclicks.Properties;
    assert.equal(cl.KinesisStreamSourceConfiguration.KinesisStreamARN, KS_ARN);
    assert.deepEqual(cl.ExtendedS3DestinationConfiguration.CloudWatchLoggingOptions, { Enabled: false }, 'logging disabled as written');
    assert.equal(fh.Resources.fromclicksLogs, undefined);
    assert.deepEqual(
      roleStatements(fh, 'fromclicksRole').map((s) => [s.Sid, s.Resource]),
      [
        ['KinesisSource', [KS_ARN]],
        ['KinesisSourceKey', [KEY_ARN]],
        ['ExtendedS3Bucket', ['arn:aws:s3:::archive']],
        ['ExtendedS3Objects', ['arn:aws:s3:::archive/*']],
      ],
    );
    assert.deepEqual(fh.Resources.fromclicksRole.Properties.PermissionsBoundary, { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/boundary' });
    const api = template(out, 'api.json');
    assert.equal(api.Resources.apiTofirehose, undefined);
    lintAll(out);
  });

  test('looked-up delivery stream and DoNotOverrideIamRole: literal values, role kept as written', () => {
    const out = render(
      [
        'x-kinesis_firehose:',
        '  shared:',
        '    Lookup: {Tags: [{team: data}]}',
        '    Services:',
        '      worker: {Access: Producer, ReturnValues: {DeliveryStreamId: SHARED}}',
        '  own-role:',
        '    Properties:',
        '      S3DestinationConfiguration: {BucketARN: arn:aws:s3:::mine, RoleARN: arn:aws:iam::123456789012:role/mine}',
        '    MacroParameters: {DoNotOverrideIamRole: [S3DestinationConfiguration]}',
        '',
      ].join('\n'),
    );
    const w = template(out, 'worker.json');
    assert.deepEqual(statements(w, 'workerTofirehose')[0].Resource, [FH_ARN]);
    assert.deepEqual(env(w, 'worker'), { SHARED: 'shared-stream' });
    const fh = template(out, 'firehose.json');
    assert.equal(fh.Resources.ownrole.Properties.S3DestinationConfiguration.RoleARN, 'arn:aws:iam::123456789012:role/mine');
    assert.equal(fh.Resources.ownroleRole, undefined);
    lintAll(out);
  });

  test('errors at file:line: unknown bucket / stream, pointer to another module, unknown service and access; other destinations warned', () => {
    const bad = failure(
      [
        'x-s3:',
        '  out:',
        '    Properties: {}',
        'x-kinesis_firehose:',
        '  s1:',
        '    Properties:',
        '      KinesisStreamSourceConfiguration: {KinesisStreamARN: x-kinesis::ghost}',
        '      ExtendedS3DestinationConfiguration:',
        '        BucketARN: x-s3::nope',
        '        S3BackupConfiguration: {BucketARN: x-s3::out::BucketName}',
        '    Services:',
        '      nobody: {Access: Producer}',
        '  s2:',
        '    Properties:',
        '      HttpEndpointDestinationConfiguration: {EndpointConfiguration: {Url: "https://example.com"}}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      bad.filter((d) => d.code === 'CXF1001').map((d) => [d.path, d.pos?.line, d.expected]),
      [
        ['x-kinesis_firehose.s1.Properties.KinesisStreamSourceConfiguration.KinesisStreamARN', 12, 'one of: (no x-kinesis resources)'],
        ['x-kinesis_firehose.s1.Properties.ExtendedS3DestinationConfiguration.BucketARN', 14, 'one of: out'],
      ],
    );
    assert.equal(only(bad, 'CXF1002').pos?.line, 15);
    assert.equal(only(bad, 'CXX1001').path, 'x-kinesis_firehose.s1.Services.nobody');
    const access = only(failure(['x-kinesis_firehose:', '  s1:', '    Properties: {}', '    Services:', '      worker: {Access: Consumer}', ''].join('\n')), 'CXV1003');
    assert.deepEqual([access.path, access.pos?.line, access.expected], ['x-kinesis_firehose.s1.Services.worker.Access', 10, 'one of: Producer']);
    assert.equal(only(bad, 'CXF2007').path, 'x-kinesis_firehose.s2.Properties.HttpEndpointDestinationConfiguration');
  });

  test('a lookup recorded without its ARN is an error at the Lookup (CXF1102)', () => {
    const bad = diagnosticsOf(() =>
      renderWithVpc(SERVICES + ['x-kinesis_firehose:', '  shared:', '    Lookup: {Tags: [{team: data}]}', ''].join('\n'), {
        name: 'fh',
        lookups: { 'x-kinesis_firehose::shared': { request: { Tags: [{ team: 'data' }] }, result: { DeliveryStreamId: 'x' } } },
      }),
    );
    assert.equal(only(bad, 'CXF1102').path, 'x-kinesis_firehose.shared.Lookup');
  });
});
