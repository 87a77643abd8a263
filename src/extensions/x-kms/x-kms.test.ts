import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { template } from '../../../test/helpers/render.js';
import { diagnosticsOf, lintAll, renderWithVpc } from '../../../test/helpers/fixtures.js';
import type { LookupFile } from '../../lookups/recorded.js';
import type { RenderOutput } from '../../synth/render.js';
import { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import type { RenderContext } from '../../synth/context.js';
import { NestedStack } from '../../synth/stack.js';
import { kmsKeyReference, registerKmsKeys } from '../shared/kms.js';

const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-1111-2222-3333-444455556666';
const LOOKUPS: LookupFile['lookups'] = {
  'x-kms::shared': { request: { Tags: [{ usage: 'shared' }] }, result: { Arn: KEY_ARN, KeyId: '0b1c2d3e-1111-2222-3333-444455556666', AliasName: 'alias/shared' } },
};

const SERVICES = `
services:
  api:
    image: nginx
    environment:
      KEY_ARN: x-kms::data::Arn
  worker:
    image: busybox
`;

const render = (yaml: string): RenderOutput => renderWithVpc(SERVICES + yaml, { name: 'kt', lookups: LOOKUPS });
const statements = (out: RenderOutput, family: string, policy: string) => template(out, `${family}.json`).Resources[policy].Properties.PolicyDocument.Statement;
const env = (out: RenderOutput, family: string): Record<string, unknown> =>
  Object.fromEntries(
    (template(out, `${family}.json`).Resources.EcsTaskDefinition.Properties.ContainerDefinitions[0].Environment ?? []).map((e: Record<string, unknown>) => [e.Name, e.Value]),
  );

describe('x-kms', () => {
  test('new keys in the kms stack: aliases created (Settings and MacroParameters), account key policy, per-service access on that key only, variables', () => {
    const out = render(`
x-kms:
  data:
    Properties: {}
    Settings: {Alias: data}
    Services:
      api: {Access: EncryptDecrypt, ReturnValues: {Arn: DATA_KEY_ARN}}
      worker: {Access: DecryptOnly}
  logs:
    Properties: {PendingWindowInDays: 14}
    MacroParameters: {Alias: alias/logs}
    Services:
      worker: {Access: SQS}
`);
    const kms = template(out, 'kms.json');
    assert.deepEqual(Object.keys(kms.Resources), ['data', 'dataAlias', 'logs', 'logsAlias']);
    assert.deepEqual(kms.Resources.dataAlias.Properties, { AliasName: 'alias/kt/data', TargetKeyId: { Ref: 'data' } });
    assert.equal(kms.Resources.logsAlias.Properties.AliasName, 'alias/logs');
    assert.equal(kms.Resources.data.Properties.EnableKeyRotation, true);
    assert.equal(kms.Resources.logs.Properties.PendingWindowInDays, 14);
    assert.equal(kms.Resources.logs.Properties.EnableKeyRotation, undefined, 'given Properties are kept as written');
    assert.deepEqual(kms.Resources.logs.Properties.KeyPolicy.Statement[0].Principal, { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } });
    assert.deepEqual(statements(out, 'api', 'apiTokms'), [
      {
        Sid: 'EncryptDecrypt',
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: [{ Ref: 'kmsdataArn' }],
      },
    ]);
    assert.deepEqual(statements(out, 'worker', 'workerTokms'), [
      { Sid: 'DecryptOnly', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [{ Ref: 'kmsdataArn' }] },
      { Sid: 'SQS', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [{ Ref: 'kmslogsArn' }] },
    ]);
    assert.deepEqual(env(out, 'api'), { KEY_ARN: { Ref: 'kmsdataArn' }, DATA_KEY_ARN: { Ref: 'kmsdataArn' } });
    assert.deepEqual(env(out, 'worker'), { DATA: { Ref: 'kmsdataKeyId' }, LOGS: { Ref: 'kmslogsKeyId' } });
    assert.deepEqual(template(out, 'kt.json').Resources.api.Properties.Parameters.kmsdataArn, { 'Fn::GetAtt': ['kms', 'Outputs.dataArn'] });
    lintAll(out, 'new-keys');
  });

  test('a looked-up key and x-kms pointers in x-s3 properties: the bucket gets the key ARN, its readers KMS on that key', () => {
    const out = render(`
x-kms:
  data:
    Properties: {}
    Settings: {Alias: alias/data}
  shared:
    Lookup: {Tags: [{usage: shared}]}
    Services:
      worker: {Access: EncryptOnly}
x-s3:
  files:
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: x-kms::data}
    Services:
      api: {Access: {objects: ReadOnly, bucket: ListOnly}}
  archive:
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: alias/data}
  other:
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: "x-kms::shared::KeyId"}
    Services:
      worker: {Access: {objects: RW, bucket: ListOnly}}
`);
    const s3 = template(out, 's3.json').Resources;
    const keyOf = (b: string) => s3[b].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID;
    assert.deepEqual(keyOf('files'), { Ref: 'kmsdataArn' });
    assert.deepEqual(keyOf('archive'), { Ref: 'kmsdataArn' }, 'the alias of an x-kms key is that key');
    assert.deepEqual(keyOf('other'), { Ref: 'KmsKeysharedKeyId' }, 'a looked-up value is a parameter of the nested stack');
    assert.equal(template(out, 'kt.json').Resources.s3.Properties.Parameters.KmsKeysharedKeyId, '0b1c2d3e-1111-2222-3333-444455556666', 'given by the root stack');
    assert.deepEqual(template(out, 'kt.json').Resources.s3.Properties.Parameters.kmsdataArn, { 'Fn::GetAtt': ['kms', 'Outputs.dataArn'] });
    assert.deepEqual(statements(out, 'api', 'apiTokms'), [{ Sid: 'DecryptS3Objects', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [{ Ref: 'kmsdataArn' }] }]);
    assert.deepEqual(statements(out, 'worker', 'workerTokms'), [
      { Sid: 'EncryptOnly', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'], Resource: [{ Ref: 'KmsKeysharedArn' }] },
      { Sid: 'DecryptS3Objects', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [{ Ref: 'KmsKeysharedArn' }] },
      { Sid: 'EncryptS3Objects', Effect: 'Allow', Action: ['kms:GenerateDataKey'], Resource: [{ Ref: 'KmsKeysharedArn' }] },
    ]);
    assert.equal(template(out, 'kt.json').Resources.worker.Properties.Parameters.KmsKeysharedArn, KEY_ARN);
    assert.deepEqual(env(out, 'worker'), { SHARED: { Ref: 'KmsKeysharedKeyId' }, OTHER: { Ref: 's3otherBucketName' } });
    lintAll(out, 'pointers');
  });

  test('references: alias ARN → that account\'s keys with the alias condition; key id → ARN; intrinsic left as is; unknown text warned', () => {
    const bag = new DiagnosticBag();
    const ctx = { bag, doc: {} } as unknown as RenderContext;
    registerKmsKeys(ctx, [], []);
    const where = { path: 'x', pos: undefined };
    const stack = new NestedStack('fam', 'f', {} as never);
    const alias = kmsKeyReference(ctx, 'arn:aws:kms:eu-west-1:123456789012:alias/app', where);
    assert.ok(alias);
    assert.deepEqual(alias.statement(stack, 'K', ['kms:Decrypt']), {
      Sid: 'K',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: ['arn:aws:kms:eu-west-1:123456789012:key/*'],
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/app' } },
    });
    assert.equal(alias.property(stack), 'arn:aws:kms:eu-west-1:123456789012:alias/app');
    const id = kmsKeyReference(ctx, 'mrk-0123456789abcdef0123456789abcdef', where);
    assert.deepEqual(id?.statement(stack, 'K', ['kms:Decrypt']).Resource, [{ 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/mrk-0123456789abcdef0123456789abcdef' }]);
    assert.equal(kmsKeyReference(ctx, { Ref: 'Key' }, where), null);
    assert.equal(bag.items.length, 0);
    assert.equal(kmsKeyReference(ctx, 'aws/s3', where), null);
    assert.deepEqual(bag.items.map((d) => d.code), ['CXY2011']);
  });

  test('errors at file:line, all at once: unknown service, reserved and shared aliases, unknown key pointers, unknown return value', () => {
    const ds = diagnosticsOf(() =>
      render(`
x-kms:
  data:
    Properties: {}
    Settings: {Alias: aws/mine}
  k1:
    Properties: {}
    Settings: {Alias: alias/same}
  k2:
    Properties: {}
    Settings: {Alias: alias/same}
    Services:
      nope: {Access: DecryptOnly}
      api: {Access: DecryptOnly, ReturnValues: {AliasArn: X}}
x-s3:
  files:
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: x-kms::missing}
x-sns:
  t:
    Properties: {KmsMasterKeyId: "x-kms::k1::Bad"}
`),
    );
    const at = (code: string) => ds.filter((d) => d.code === code).map((d) => `${d.path}:${d.pos?.line}`);
    assert.deepEqual(at('CXY1006'), ['x-kms.data.Settings.Alias:13']);
    assert.deepEqual(at('CXY1009'), ['x-kms.k2.Settings.Alias:19']);
    assert.deepEqual(at('CXY1001'), ['x-kms.k2.Services.nope:21']);
    assert.deepEqual(at('CXY1002'), ['x-kms.k2.Services.api.ReturnValues.AliasArn:22']);
    assert.deepEqual(at('CXY1012'), ['x-s3.files.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID:28']);
    assert.deepEqual(at('CXY1011'), ['x-sns.t.Properties.KmsMasterKeyId:31']);
    assert.match(ds.find((d) => d.code === 'CXY1012')?.expected ?? '', /one of: data, k1, k2/);
  });
});
