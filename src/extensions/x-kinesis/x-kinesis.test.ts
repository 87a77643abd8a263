import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { template, untagged } from '../../../test/helpers/render.js';
import { diagnosticsOf, lintAll, only, renderWithVpc } from '../../../test/helpers/fixtures.js';

const SERVICES = [
  'services:',
  '  api:',
  '    image: nginx',
  '    deploy: {labels: {ecs.task.family: app}}',
  '  sidecar:',
  '    image: nginx',
  '    deploy: {labels: {ecs.task.family: app}}',
  '  worker:',
  '    image: nginx',
  '',
].join('\n');

const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const render = (x: string) => renderWithVpc(SERVICES + x, { name: 'ks' });
const failure = (x: string) => diagnosticsOf(() => render(x));

function env(t: Record<string, any>, container: string): Record<string, unknown> {
  const c = t.Resources.EcsTaskDefinition.Properties.ContainerDefinitions.find((x: Record<string, any>) => x.Name === container);
  return Object.fromEntries((c.Environment ?? []).map((e: Record<string, any>) => [e.Name, e.Value]));
}
const statements = (t: Record<string, any>, policy: string) => t.Resources[policy].Properties.PolicyDocument.Statement as Record<string, any>[];

describe('x-kinesis', () => {
  test('a stream encrypted with an x-kms key: KeyId is that key, producers get GenerateDataKey on it only', () => {
    const out = render(
      ['x-kms:', '  sk:', '    Properties: {}', 'x-kinesis:', '  orders:', '    Properties:', '      StreamEncryption: {EncryptionType: KMS, KeyId: x-kms::sk}', '    Services:', '      app: {Access: Producer}', ''].join('\n'),
    );
    const ks = JSON.parse(out.files.get('kinesis.json') ?? '{}');
    assert.deepEqual(ks.Resources.orders.Properties.StreamEncryption, { EncryptionType: 'KMS', KeyId: { Ref: 'kmsskArn' } });
    const app = JSON.parse(out.files.get('app.json') ?? '{}');
    assert.deepEqual(statements(app, 'appTokms').map((x) => [x.Action, x.Resource]), [[['kms:GenerateDataKey'], [{ Ref: 'kmsskArn' }]]]);
  });

  test('new streams: kinesis stack, shard count defaults, producer and consumer access, env, outputs used only', () => {
    const out = render(
      [
        'x-kinesis:',
        '  DeletionPolicy: Retain',
        '  orders:',
        '    Properties: {}',
        '    Services:',
        '      app: {Access: Producer}',
        '      worker: {Access: Consumer, ReturnValues: {Arn: ORDERS_ARN}}',
        '  clicks:',
        '    Properties:',
        '      ShardCount: 3',
        '      StreamModeDetails: {StreamMode: ON_DEMAND}',
        '      StreamEncryption: {EncryptionType: KMS, KeyId: ' + KEY_ARN + '}',
        '    Services:',
        '      worker: {Access: Consumer}',
        '',
      ].join('\n'),
    );
    const k = template(out, 'kinesis.json');
    assert.deepEqual(untagged(k.Resources.orders.Properties), { ShardCount: 1 });
    assert.equal(k.Resources.orders.DeletionPolicy, 'Retain');
    assert.equal(k.Resources.clicks.Properties.ShardCount, undefined);
    assert.deepEqual(Object.keys(k.Outputs).sort(), ['clicksArn', 'clicksStreamId', 'ordersArn', 'ordersStreamId']);

    const app = template(out, 'app.json');
    for (const c of ['api', 'sidecar']) assert.deepEqual(env(app, c), { ORDERS: { Ref: 'kinesisordersStreamId' } });
    assert.deepEqual(statements(app, 'appTokinesis'), [
      {
        Sid: 'Producer',
        Effect: 'Allow',
        Action: [
          'kinesis:DescribeStream',
          'kinesis:DescribeStreamSummary',
          'kinesis:DescribeStreamConsumer',
          'kinesis:SubscribeToShard',
          'kinesis:RegisterStreamConsumer',
          'kinesis:PutRecord',
          'kinesis:PutRecords',
          'kinesis:ListShards',
        ],
        Resource: [{ Ref: 'kinesisordersArn' }],
      },
    ]);
    assert.equal(app.Resources.appTokms, undefined);
    const w = template(out, 'worker.json');
    assert.deepEqual(env(w, 'worker'), { ORDERS_ARN: { Ref: 'kinesisordersArn' }, CLICKS: { Ref: 'kinesisclicksStreamId' } });
    assert.deepEqual(statements(w, 'workerTokinesis'), [
      {
        Sid: 'Consumer',
        Effect: 'Allow',
        Action: ['kinesis:DescribeStream', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'],
        Resource: [{ Ref: 'kinesisordersArn' }, { Ref: 'kinesisclicksArn' }],
      },
    ]);
    assert.deepEqual(statements(w, 'workerTokms'), [{ Sid: 'KmsKey', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [KEY_ARN] }]);
    const root = template(out, 'ks.json');
    assert.deepEqual(root.Resources.worker.Properties.Parameters.kinesisclicksArn, { 'Fn::GetAtt': ['kinesis', 'Outputs.clicksArn'] });
    lintAll(out);
  });

  test('a looked-up stream: literal name and ARN, KMS actions on its recorded key, CXF1103 for an unusable record', () => {
    const arn = 'arn:aws:kinesis:eu-west-1:123456789012:stream/shared-events';
    const x = ['x-kinesis:', '  shared:', '    Lookup: {Tags: [{team: data}]}', '    Services:', '      worker: {Access: Consumer, ReturnValues: {Arn: EVENTS_ARN}}', ''].join('\n');
    const out = renderWithVpc(SERVICES + x, { name: 'ks', lookups: { 'x-kinesis::shared': { request: { Tags: [{ team: 'data' }] }, result: { StreamId: 'shared-events', Arn: arn, KmsKeyArn: KEY_ARN } } } });
    const w = template(out, 'worker.json');
    assert.deepEqual(env(w, 'worker'), { EVENTS_ARN: arn });
    assert.deepEqual(statements(w, 'workerTokinesis')[0].Resource, [arn]);
    assert.deepEqual(statements(w, 'workerTokms'), [{ Sid: 'KmsKey', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [KEY_ARN] }]);
    assert.equal(out.files.has('kinesis.json'), false);
    const bad = diagnosticsOf(() => renderWithVpc(SERVICES + x, { name: 'ks', lookups: { 'x-kinesis::shared': { request: { Tags: [{ team: 'data' }] }, result: { Arn: arn } } } }));
    assert.equal(only(bad, 'CXF1103').path, 'x-kinesis.shared.Lookup');
    lintAll(out);
  });
  test('SetupIAMForKCL: lease tables of the application, metrics in its namespace only, enhanced fan-out', () => {
    const out = render(
      [
        'x-kinesis:',
        '  events:',
        '    Properties: {ShardCount: 2}',
        '    Services:',
        '      worker: {Access: Consumer}',
        '    MacroParameters:',
        '      SetupIAMForKCL:',
        '        worker: true',
        '  audit:',
        '    Properties: {}',
        '    Services:',
        '      worker: {Access: Consumer}',
        '    MacroParameters:',
        '      SetupIAMForKCL:',
        '        worker: {CloudWatchPutMetricData: true, DynamoDB: {TableNames: [audit-reader]}}',
        '',
      ].join('\n'),
    );
    const w = template(out, 'worker.json');
    const st = Object.fromEntries(statements(w, 'workerTokinesis').map((s) => [s.Sid, s]));
    assert.deepEqual(Object.keys(st), ['KclStream', 'KclStreamConsumers', 'KclTables', 'KclTablesAdmin', 'KclMetricsworker', 'KclMetricsauditreader', 'Consumer']);
    const table = (t: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/${t}` });
    assert.deepEqual(st.KclTables.Resource, [
      table('worker'),
      table('worker/index/*'),
      table('worker-WorkerMetricStats'),
      table('worker-CoordinatorState'),
      table('audit-reader'),
      table('audit-reader/index/*'),
      table('audit-reader-WorkerMetricStats'),
      table('audit-reader-CoordinatorState'),
    ]);
    // the admin actions come from `true` only (audit has no EnableCreateDeleteTables)
    assert.deepEqual(st.KclTablesAdmin.Resource, [table('worker'), table('worker-WorkerMetricStats'), table('worker-CoordinatorState')]);
    assert.deepEqual(st.KclTablesAdmin.Action, ['dynamodb:CreateTable', 'dynamodb:UpdateTable', 'dynamodb:DeleteTable']);
    assert.deepEqual(st.KclMetricsauditreader.Condition, { StringEquals: { 'cloudwatch:namespace': 'audit-reader' } });
    assert.deepEqual(st.KclStreamConsumers.Resource, [
      { 'Fn::Sub': ['${STREAM}/consumer/*', { STREAM: { Ref: 'kinesiseventsArn' } }] },
      { 'Fn::Sub': ['${STREAM}/consumer/*', { STREAM: { Ref: 'kinesisauditArn' } }] },
    ]);
    for (const s of Object.values(st) as Record<string, any>[]) if (s.Resource === '*') assert.deepEqual(s.Action, ['cloudwatch:PutMetricData']);
    lintAll(out);
  });

  test('errors and warnings at file:line: unknown family, attribute; KCL family not linked; alias key; ON_DEMAND shards', () => {
    const bad = failure(
      [
        'x-kinesis:',
        '  s1:',
        '    Properties: {}',
        '    Services:',
        '      nope: {Access: Consumer}',
        '      worker:',
        '        ReturnValues: {Name: S1}',
        '    MacroParameters:',
        '      SetupIAMForKCL: {ghost: true}',
        '',
      ].join('\n'),
    );
    const unknown = bad.filter((d) => d.code === 'CXX1001');
    assert.deepEqual(unknown.map((d) => [d.path, d.pos?.line]), [
      ['x-kinesis.s1.Services.nope', 14],
      ['x-kinesis.s1.MacroParameters.SetupIAMForKCL.ghost', 18],
    ]);
    const attr = only(bad, 'CXX1002');
    assert.equal(attr.expected, 'one of: StreamId, Arn');
    assert.equal(attr.pos?.line, 16);

    const warnings = failure(
      [
        'x-kinesis:',
        '  s1:',
        '    Properties:',
        '      ShardCount: 2',
        '      StreamModeDetails: {StreamMode: ON_DEMAND}',
        '      StreamEncryption: {EncryptionType: KMS, KeyId: alias/team-key}',
        '    Services:',
        '      worker: {Access: Producer, ReturnValues: {Name: S1}}',
        '    MacroParameters:',
        '      SetupIAMForKCL: {app: true}',
        '',
      ].join('\n'),
    );
    assert.equal(only(warnings, 'CXF2001').pos?.line, 13);
    assert.equal(warnings.some((d) => d.code === 'CXF2002'), false, 'an alias is a key reference like any other (shared/kms.ts)');
    assert.equal(only(warnings, 'CXF2003').pos?.line, 19);
    assert.deepEqual(warnings.filter((d) => d.severity === 'error').map((d) => d.code), ['CXX1002']);
  });
});
