import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { template } from '../../../test/helpers/render.js';
import { TWO_SERVICES } from '../../../test/helpers/module-test.js';
import { diagnosticsOf, errorAt, lintAll, only, renderWithVpc } from '../../../test/helpers/fixtures.js';
import type { LookupFile } from '../../lookups/recorded.js';
import { TABLE_ACCESS, WRITE_ACTIONS } from './permissions.js';

/** `api` (family api) and `worker` (family worker). */
const SERVICES = TWO_SERVICES.trimStart();

const TABLE_ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/legacy-orders';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const LEGACY: LookupFile['lookups'] = {
  'x-dynamodb::legacy': { request: { Tags: [{ team: 'orders' }] }, result: { Arn: TABLE_ARN, TableName: 'legacy-orders', KmsKeyArn: KEY_ARN } },
};

const render = (x: string, lookups: LookupFile['lookups'] = {}) => renderWithVpc(SERVICES + x, { name: 'dd', lookups });
const failure = (x: string, lookups: LookupFile['lookups'] = {}) => diagnosticsOf(() => render(x, lookups));
/** 1-based line of the `n`th line of `SERVICES + x` containing `text`. */
const lineOf = (x: string, text: string, n = 1) => {
  const lines = (SERVICES + x).split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) if (lines[i].includes(text) && ++seen === n) return i + 1;
  throw new Error(`no line ${n} with ${text}`);
};

function env(t: Record<string, any>, container: string): Record<string, unknown> {
  const c = t.Resources.EcsTaskDefinition.Properties.ContainerDefinitions.find((x: Record<string, any>) => x.Name === container);
  return Object.fromEntries((c.Environment ?? []).map((e: Record<string, any>) => [e.Name, e.Value]));
}
const statements = (t: Record<string, any>, policy: string) => t.Resources[policy].Properties.PolicyDocument.Statement as Record<string, any>[];

const ORDERS = [
  'x-dynamodb:',
  '  orders:',
  '    Properties:',
  '      AttributeDefinitions:',
  '        - {AttributeName: OrderId, AttributeType: S}',
  '        - {AttributeName: CustomerId, AttributeType: S}',
  '        - {AttributeName: CreatedAt, AttributeType: S}',
  '      KeySchema:',
  '        - {AttributeName: OrderId, KeyType: HASH}',
  '        - {AttributeName: CreatedAt, KeyType: RANGE}',
  '      GlobalSecondaryIndexes:',
  '        - IndexName: by-customer',
  '          KeySchema: [{AttributeName: CustomerId, KeyType: HASH}]',
  '          Projection: {ProjectionType: ALL}',
  '          ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}',
  '        - IndexName: by_customer',
  '          KeySchema: [{AttributeName: CustomerId, KeyType: HASH}, {AttributeName: CreatedAt, KeyType: RANGE}]',
  '          Projection: {ProjectionType: KEYS_ONLY}',
  '          ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}',
  '      LocalSecondaryIndexes:',
  '        - IndexName: recent',
  '          KeySchema: [{AttributeName: OrderId, KeyType: HASH}, {AttributeName: CustomerId, KeyType: RANGE}]',
  '          Projection: {ProjectionType: KEYS_ONLY}',
  '      ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}',
  '',
].join('\n');

const SCALING = [
  '    Scaling:',
  '      Table:',
  '        ReadCapacityUnits: {MinCapacity: 5, MaxCapacity: 50, TargetValue: 70}',
  '        WriteCapacityUnits: {MinCapacity: 5, MaxCapacity: 20, TargetValue: 60, ScaleInCooldown: 120}',
  '      Indexes:',
  '        by-customer:',
  '          ReadCapacityUnits: {MinCapacity: 10, MaxCapacity: 30, TargetValue: 50}',
  '      CopyToIndexes: true',
  '',
].join('\n');

const LINKS = ['    Services:', '      api: {Access: RW, ReturnValues: {Arn: ORDERS_ARN}}', '      worker: {Access: RO}', ''].join('\n');

describe('x-dynamodb', () => {
  test('a table with a dash-named GSI: table and index scaling (CopyToIndexes, index settings win), lint-clean', () => {
    const out = render(ORDERS + SCALING + LINKS);
    const d = template(out, 'dynamodb.json');
    assert.equal(d.Resources.orders.Type, 'AWS::DynamoDB::Table');
    assert.deepEqual(d.Resources.orders.Properties.GlobalSecondaryIndexes.map((g: any) => g.IndexName), ['by-customer', 'by_customer']);
    const targets = Object.entries(d.Resources as Record<string, any>).filter(([, r]) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget');
    // table + 2 GSIs (one copied), read and write each; the LSI uses the table's capacity
    assert.deepEqual(
      targets.map(([id, r]) => [id, r.Properties.ResourceId['Fn::Sub'], r.Properties.ScalableDimension, r.Properties.MinCapacity, r.Properties.MaxCapacity]),
      [
        ['ordersReadScalableTarget', 'table/${orders}', 'dynamodb:table:ReadCapacityUnits', 5, 50],
        ['ordersWriteScalableTarget', 'table/${orders}', 'dynamodb:table:WriteCapacityUnits', 5, 20],
        ['ordersbycustomerReadScalableTarget', 'table/${orders}/index/by-customer', 'dynamodb:index:ReadCapacityUnits', 10, 30],
        ['ordersbycustomerWriteScalableTarget', 'table/${orders}/index/by-customer', 'dynamodb:index:WriteCapacityUnits', 5, 20],
        // by_customer also gives `ordersbycustomer...`: made unique
        ['ordersbycustomerReadScalableTarget2', 'table/${orders}/index/by_customer', 'dynamodb:index:ReadCapacityUnits', 5, 50],
        ['ordersbycustomerWriteScalableTarget2', 'table/${orders}/index/by_customer', 'dynamodb:index:WriteCapacityUnits', 5, 20],
      ],
    );
    for (const [, r] of targets) {
      assert.equal(r.Properties.ServiceNamespace, 'dynamodb');
      assert.match(r.Properties.RoleARN['Fn::Sub'], /AWSServiceRoleForApplicationAutoScaling_DynamoDBTable$/);
    }
    const policy = d.Resources.ordersbycustomerReadTrackingPolicy.Properties;
    assert.deepEqual(policy.ScalingTargetId, { Ref: 'ordersbycustomerReadScalableTarget' });
    assert.deepEqual(policy.TargetTrackingScalingPolicyConfiguration, {
      TargetValue: 50,
      ScaleInCooldown: 60,
      ScaleOutCooldown: 60,
      PredefinedMetricSpecification: { PredefinedMetricType: 'DynamoDBReadCapacityUtilization' },
    });
    assert.equal(d.Resources.ordersWriteTrackingPolicy.Properties.TargetTrackingScalingPolicyConfiguration.ScaleInCooldown, 120);
    assert.equal(d.Resources.ordersWriteTrackingPolicy.Properties.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType, 'DynamoDBWriteCapacityUtilization');
    lintAll(out);
  });

  test('IAM: RW and RO on the table and its indexes only; RO never writes; variables and pointers', () => {
    const services = SERVICES.replace('  worker:\n    image: nginx\n', '  worker:\n    image: nginx\n    environment: {TABLE: "x-dynamodb::orders::TableName"}\n');
    const out = renderWithVpc(services + ORDERS + LINKS, { name: 'dd' });
    const app = template(out, 'api.json');
    const reports = template(out, 'worker.json');
    const onTable = [{ Ref: 'dynamodbordersArn' }, { 'Fn::Sub': ['${ARN}/index/*', { ARN: { Ref: 'dynamodbordersArn' } }] }];
    assert.deepEqual(statements(app, 'apiTodynamodb'), [{ Sid: 'RW', Effect: 'Allow', Action: [...TABLE_ACCESS.RW.Action], Resource: onTable }]);
    assert.deepEqual(statements(reports, 'workerTodynamodb'), [{ Sid: 'RO', Effect: 'Allow', Action: [...TABLE_ACCESS.RO.Action], Resource: onTable }]);
    for (const a of statements(reports, 'workerTodynamodb')[0].Action) assert.ok(!WRITE_ACTIONS.includes(a), `RO grants ${a}`);
    assert.ok(TABLE_ACCESS.RW.Action.includes('dynamodb:PutItem'));
    for (const p of Object.values(TABLE_ACCESS)) for (const a of p.Action) assert.match(a, /^dynamodb:[A-Za-z]+$/, 'exact actions, no wildcard');
    assert.equal(app.Resources.apiTokms, undefined, 'no KMS grant for a table without a customer managed key');
    assert.deepEqual(env(app, 'api'), { ORDERS_ARN: { Ref: 'dynamodbordersArn' } });
    assert.deepEqual(env(reports, 'worker'), { ORDERS: { Ref: 'dynamodbordersTableName' }, TABLE: { Ref: 'dynamodbordersTableName' } });
    const d = template(out, 'dynamodb.json');
    assert.deepEqual(Object.keys(d.Outputs).sort(), ['ordersArn', 'ordersTableName']);
  });

  test('a table encrypted with an x-kms key: KMSMasterKeyId is the key ARN, each access gets its KMS actions on that key only', () => {
    const x = [
      'x-kms:',
      '  tk:',
      '    Properties: {}',
      'x-dynamodb:',
      '  events:',
      '    Properties:',
      '      AttributeDefinitions: [{AttributeName: Id, AttributeType: S}]',
      '      KeySchema: [{AttributeName: Id, KeyType: HASH}]',
      '      BillingMode: PAY_PER_REQUEST',
      '      SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: x-kms::tk}',
      '    Services:',
      '      api: {Access: RW}',
      '      worker: {Access: RO}',
      '  managed:',
      '    Properties:',
      '      AttributeDefinitions: [{AttributeName: Id, AttributeType: S}]',
      '      KeySchema: [{AttributeName: Id, KeyType: HASH}]',
      '      BillingMode: PAY_PER_REQUEST',
      '      SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: alias/aws/dynamodb}',
      '    Services:',
      '      worker: {Access: RO}',
      '',
    ].join('\n');
    const out = render(x);
    const d = template(out, 'dynamodb.json');
    assert.deepEqual(d.Resources.events.Properties.SSESpecification, { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { Ref: 'kmstkArn' } });
    assert.equal(d.Resources.managed.Properties.SSESpecification.KMSMasterKeyId, 'alias/aws/dynamodb');
    assert.deepEqual(statements(template(out, 'api.json'), 'apiTokms'), [
      { Sid: 'DynamoDBTableKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: [{ Ref: 'kmstkArn' }] },
    ]);
    assert.deepEqual(statements(template(out, 'worker.json'), 'workerTokms'), [
      { Sid: 'DynamoDBTableKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: [{ Ref: 'kmstkArn' }] },
    ]);
    lintAll(out);
  });

  test('a looked-up table: literal ARNs in IAM, its recorded key granted; Scaling refused there', () => {
    const x = 'x-dynamodb:\n  legacy:\n    Lookup: {Tags: [{team: orders}]}\n    Services:\n      worker: {Access: RO, ReturnValues: {Arn: LEGACY_ARN}}\n';
    const out = render(x, LEGACY);
    const reports = template(out, 'worker.json');
    assert.deepEqual(statements(reports, 'workerTodynamodb')[0].Resource, [TABLE_ARN, `${TABLE_ARN}/index/*`]);
    assert.deepEqual(statements(reports, 'workerTokms'), [{ Sid: 'DynamoDBTableKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: [KEY_ARN] }]);
    assert.deepEqual(env(reports, 'worker'), { LEGACY_ARN: TABLE_ARN });
    assert.equal(out.files.has('dynamodb.json'), false);

    const scaled = x.replace('    Services:', '    Scaling:\n      Table: {ReadCapacityUnits: {MinCapacity: 5, MaxCapacity: 9, TargetValue: 70}}\n    Services:');
    assert.equal(only(failure(scaled, LEGACY), 'CXY1109').pos?.line, lineOf(scaled, '    Scaling:'));
    const bad = only(failure(x, { 'x-dynamodb::legacy': { request: { Tags: [{ team: 'orders' }] }, result: { TableName: 'x' } } }), 'CXY1111');
    assert.equal(bad.path, 'x-dynamodb.legacy.Lookup');
  });

  test('mistakes are reported together, each at its line', () => {
    const x = [
      'x-dynamodb:',
      '  orders:',
      '    Properties:',
      '      AttributeDefinitions:',
      '        - {AttributeName: OrderId, AttributeType: S}',
      '        - {AttributeName: Unused, AttributeType: S}',
      '      KeySchema:',
      '        - {AttributeName: OrderKey, KeyType: HASH}',
      '      GlobalSecondaryIndexes:',
      '        - IndexName: by-customer',
      '          KeySchema: [{AttributeName: CustomerId, KeyType: HASH}]',
      '          Projection: {ProjectionType: ALL}',
      '          ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}',
      '      LocalSecondaryIndexes:',
      '        - IndexName: recent',
      '          KeySchema: [{AttributeName: OrderId, KeyType: HASH}, {AttributeName: Day, KeyType: RANGE}]',
      '          Projection: {ProjectionType: KEYS_ONLY}',
      '      ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}',
      '    Scaling:',
      '      Table:',
      '        ReadCapacityUnits: {MinCapacity: 50, MaxCapacity: 5, TargetValue: 70}',
      '      Indexes:',
      '        by-custmer:',
      '          ReadCapacityUnits: {MinCapacity: 5, MaxCapacity: 10, TargetValue: 70}',
      '        recent:',
      '          ReadCapacityUnits: {MinCapacity: 5, MaxCapacity: 10, TargetValue: 70}',
      '    Services:',
      '      nosuch: {Access: RW}',
      '      api: {Access: ReadWrite}',
      '      worker: {Access: RO, ReturnValues: {StreamArn: ORDERS_STREAM}}',
      '  ondemand:',
      '    Properties:',
      '      BillingMode: PAY_PER_REQUEST',
      '      AttributeDefinitions: [{AttributeName: Id, AttributeType: S}]',
      '      KeySchema: [{AttributeName: Id, KeyType: HASH}]',
      '    Scaling:',
      '      Table: {ReadCapacityUnits: {MinCapacity: 5, MaxCapacity: 9, TargetValue: 70}}',
      '',
    ].join('\n');
    const ds = failure(x);
    const at = (code: string, text: string) => {
      const d = only(ds, code);
      assert.equal(d.pos?.line, lineOf(x, text), JSON.stringify(d));
      assert.match(d.pos?.file ?? '', /docker-compose\.yml$/);
      return d;
    };
    const missing = ds.filter((d) => d.code === 'CXY1106');
    assert.deepEqual(
      missing.map((d) => [d.path, d.pos?.line]),
      [
        ['x-dynamodb.orders.Properties.KeySchema[0].AttributeName', lineOf(x, 'AttributeName: OrderKey')],
        ['x-dynamodb.orders.Properties.GlobalSecondaryIndexes[0].KeySchema[0].AttributeName', lineOf(x, 'AttributeName: CustomerId')],
        ['x-dynamodb.orders.Properties.LocalSecondaryIndexes[0].KeySchema[1].AttributeName', lineOf(x, 'AttributeName: Day')],
      ],
    );
    assert.match(missing[0].expected ?? '', /OrderId, Unused/);
    at('CXY1107', 'AttributeName: Unused');
    const ix = ds.filter((d) => d.code === 'CXY1108');
    assert.deepEqual(ix.map((d) => d.pos?.line), [lineOf(x, 'by-custmer:'), lineOf(x, '        recent:')]);
    assert.match(ix[0].expected ?? '', /by-customer/);
    assert.match(ix[1].message, /local secondary index/);
    at('CXY1110', 'MinCapacity: 50');
    errorAt(ds, 'x-dynamodb.ondemand.Scaling', lineOf(x, '    Scaling:', 2));
    assert.equal(only(ds, 'CXY1109').path, 'x-dynamodb.ondemand.Scaling');
    assert.equal(at('CXY1101', 'nosuch:').path, 'x-dynamodb.orders.Services.nosuch');
    const access = at('CXY1103', 'Access: ReadWrite');
    assert.match(access.expected ?? '', /RO, RW, PowerUser, KinesisKCL/);
    const stream = at('CXY1102', 'StreamArn: ORDERS_STREAM');
    assert.equal(stream.expected, 'one of: TableName, Arn');
    assert.ok(ds.every((d) => d.code.startsWith('CXY') || d.severity !== 'error'), JSON.stringify(ds.map((d) => d.code)));
  });

  test('1.x forms: lower-case access is ignored with a warning; Settings.x-cloudmap registers the table; StreamArn with a stream', () => {
    const x = [
      'x-cloudmap:',
      '  private: {ZoneName: app.internal}',
      'x-dynamodb:',
      '  orders:',
      '    Properties:',
      '      AttributeDefinitions: [{AttributeName: Id, AttributeType: S}]',
      '      KeySchema: [{AttributeName: Id, KeyType: HASH}]',
      '      BillingMode: PAY_PER_REQUEST',
      '      StreamSpecification: {StreamViewType: NEW_IMAGE}',
      '    Settings:',
      '      x-cloudmap: {Namespace: private}',
      '    Services:',
      '      api: {access: RW, ReturnValues: {StreamArn: ORDERS_STREAM}}',
      '',
    ].join('\n');
    const out = render(x);
    assert.equal(only(out.warnings, 'CXY2102').pos?.line, lineOf(x, 'access: RW'));
    assert.equal(out.warnings.filter((d) => d.code === 'CXY2103').length, 0);
    assert.equal(template(out, 'cloudmap.json').Resources.dynamodbordersCloudMapService.Properties.Type, 'HTTP');
    const app = template(out, 'api.json');
    assert.equal(app.Resources.apiTodynamodb, undefined, 'access (lower case) grants nothing');
    assert.deepEqual(env(app, 'api'), { ORDERS_STREAM: { Ref: 'dynamodbordersStreamArn' } });
  });
});
