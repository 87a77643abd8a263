import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RecordedLookups, type LookupFile } from '../../lookups/recorded.js';
import type { RenderOutput } from '../../synth/render.js';
import { errorsOf, lintAll, renderCompose, renderProject } from '../../../test/helpers/fixtures.js';
import { template } from '../../../test/helpers/render.js';
import { xSecrets } from '../x-secrets/index.js';
import { xS3 } from './index.js';
import { finishModules } from '../shared/module.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const EXT = [xSecrets, xS3, finishModules];
const renderDir = (dir: string, files: string[], lookups: RecordedLookups): RenderOutput => renderProject(dir, files, lookups, { name: 'test', extensions: EXT });
const run = (compose: string, lookups: LookupFile['lookups'] = {}): RenderOutput => renderCompose(compose, { name: 'test', lookups, extensions: EXT, tmpPrefix: 'cx-s3-', dirs });
const errors = (compose: string, lookups: LookupFile['lookups'] = {}) => errorsOf(() => run(compose, lookups), 'expected render to fail');

const resources = (out: RenderOutput, file: string): Record<string, Record<string, any>> => template(out, file).Resources;
const env = (c: Record<string, any>): Record<string, unknown> => Object.fromEntries((c.Environment ?? []).map((e: Record<string, any>) => [e.Name, e.Value]));
const containers = (out: RenderOutput, family: string): Record<string, any>[] => resources(out, `${family}.json`).EcsTaskDefinition.Properties.ContainerDefinitions;

const BUCKET = 'data-bucket-1a2b3c';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-1111-2222-3333-444455556666';

const LOOKUP = `
services:
  api:
    image: nginx
    environment:
      DATA_URL: s3://x-s3::data::BucketName/in/\${!DATE}
      DATA_ARN: x-s3::data::Arn
  worker:
    image: busybox
    deploy: {labels: {ecs.task.family: api}}
x-s3:
  data:
    Lookup:
      Tags: {app: data}
      RoleArn: ""
    Services:
      api:
        Access: {objects: RW, bucket: ListOnly}
        ReturnValues: {Arn: DATA_BUCKET_ARN, RegionalDomainName: {EnvVarName: DATA_HOST}}
`;
const LOOKUP_RESULT = { 'x-s3::data': { request: { Tags: { app: 'data' } }, result: { BucketName: BUCKET, Arn: BUCKET_ARN, KmsKeyArn: KEY } } };

describe('x-s3', () => {
  test('looked-up KMS bucket: task-role IAM, KMS actions the access needs, ReturnValues on the whole family, pointers', () => {
    const out = run(LOOKUP, LOOKUP_RESULT);
    assert.ok(!out.files.has('s3.json'), 'no s3 stack for looked-up buckets');
    const r = resources(out, 'api.json');
    assert.deepEqual(r.apiTos3.Properties.Roles, [{ Ref: 'EcsTaskRole' }]);
    assert.deepEqual(r.apiTos3.Properties.PolicyDocument.Statement, [
      { Sid: 'objectsRW', Effect: 'Allow', Action: ['s3:GetObject*', 's3:PutObject*'], Resource: [`${BUCKET_ARN}/*`] },
      { Sid: 'bucketListOnly', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetBucketPublicAccessBlock'], Resource: [BUCKET_ARN] },
    ]);
    assert.deepEqual(r.apiTokms.Properties.PolicyDocument.Statement, [
      { Sid: 'DecryptS3Objects', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [KEY] },
      { Sid: 'EncryptS3Objects', Effect: 'Allow', Action: ['kms:GenerateDataKey'], Resource: [KEY] },
    ]);
    assert.ok(r.EcsServiceDefinition.DependsOn.includes('apiTos3') && r.EcsServiceDefinition.DependsOn.includes('apiTokms'));
    const [api, worker] = containers(out, 'api');
    for (const c of [api, worker]) {
      assert.equal(env(c).DATA_BUCKET_ARN, BUCKET_ARN);
      assert.deepEqual(env(c).DATA_HOST, { 'Fn::Sub': `${BUCKET}.s3.\${AWS::Region}.\${AWS::URLSuffix}` });
      assert.equal(env(c).DATA, undefined, 'ReturnValues replace the default variable');
    }
    assert.deepEqual(env(api).DATA_URL, { 'Fn::Sub': [`s3://${BUCKET}/in/\${Dollar}{DATE}`, { Dollar: '$' }] });
    assert.equal(env(api).DATA_ARN, BUCKET_ARN);
    assert.equal(template(out, 'test.json').Resources.api.DependsOn, undefined, 'a looked-up bucket adds no stack dependency');
    lintAll(out, 'lookup');
  });

  test('new bucket: s3 stack with expanded name and TLS-only policy; families read its outputs through parameters', () => {
    const out = run(`
services:
  web:
    image: nginx
    environment:
      ASSETS: https://x-s3::assets::DomainName/static
  jobs:
    image: busybox
x-s3:
  DeletionPolicy: Retain
  assets:
    Properties:
      BucketName: my-assets
    MacroParameters:
      ExpandAccountIdToBucket: true
      ExpandRegionToBucket: true
      NameSeparator: "."
      BucketPolicy:
        PredefinedBucketPolicies: [enforceSecureConnection]
    Settings:
      EnvNames: [ASSETS_BUCKET]
    Services:
      jobs:
        Access: {objects: StrictReadOnly, bucket: ListOnly, enforceSecureConnection: true}
`);
    const s3 = template(out, 's3.json');
    assert.deepEqual(s3.Resources.assets.Properties.BucketName, { 'Fn::Sub': 'my-assets.${AWS::AccountId}.${AWS::Region}' });
    assert.equal(s3.Resources.assets.DeletionPolicy, 'Retain');
    assert.equal(s3.Resources.assets.UpdateReplacePolicy, 'Retain');
    assert.deepEqual(s3.Resources.assetsPolicy.Properties.PolicyDocument.Statement, [
      {
        Sid: 'enforceSecureConnection',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [{ 'Fn::GetAtt': ['assets', 'Arn'] }, { 'Fn::Sub': '${assets.Arn}/*' }],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
    assert.deepEqual(Object.keys(s3.Outputs), ['assetsBucketName', 'assetsArn', 'assetsDomainName']);

    const root = template(out, 'test.json').Resources;
    // the GetAtt on the s3 stack makes both families wait for it
    assert.deepEqual(root.jobs.Properties.Parameters.s3assetsArn, { 'Fn::GetAtt': ['s3', 'Outputs.assetsArn'] });
    assert.deepEqual(root.web.Properties.Parameters.s3assetsDomainName, { 'Fn::GetAtt': ['s3', 'Outputs.assetsDomainName'] });

    const jobs = resources(out, 'jobs.json');
    const st = jobs.jobsTos3.Properties.PolicyDocument.Statement;
    assert.deepEqual(st.map((s: Record<string, any>) => s.Sid), ['objectsStrictReadOnly', 'bucketListOnly', 'enforceSecureConnection']);
    assert.deepEqual(st[0].Resource, [{ 'Fn::Sub': ['${ARN}/*', { ARN: { Ref: 's3assetsArn' } }] }]);
    assert.equal(jobs.jobsTokms, undefined, 'no KMS key, no KMS policy');
    assert.deepEqual(env(containers(out, 'jobs')[0]), { ASSETS_BUCKET: { Ref: 's3assetsBucketName' } });

    const [web] = containers(out, 'web');
    assert.deepEqual(env(web).ASSETS, { 'Fn::Sub': ['https://${assetsDomainName}/static', { assetsDomainName: { Ref: 's3assetsDomainName' } }] });
    assert.equal(resources(out, 'web.json').webTos3, undefined, 'a pointer alone grants nothing');
    lintAll(out, 'new-bucket');
  });

  test('a service key links its families but sets variables on that container only', () => {
    const out = run(`
services:
  app:
    image: nginx
    deploy: {labels: {ecs.task.family: "one,two"}}
  helper:
    image: busybox
    deploy: {labels: {ecs.task.family: one}}
x-s3:
  logs-bucket:
    Properties: {}
    Services:
      app:
        Access: {objects: WriteOnly, bucket: ListOnly}
`);
    for (const family of ['one', 'two']) {
      assert.ok(resources(out, `${family}.json`)[`${family}Tos3`], `${family} is linked`);
      const app = containers(out, family).find((c) => c.Name === 'app') as Record<string, any>;
      assert.deepEqual(env(app).LOGS_BUCKET, { Ref: 's3logsbucketBucketName' });
    }
    const helper = containers(out, 'one').find((c) => c.Name === 'helper') as Record<string, any>;
    assert.equal(env(helper).LOGS_BUCKET, undefined);
    lintAll(out, 'service-key');
  });

  test('a name that is a family and a service in other families too: the family is linked, with a warning', () => {
    const out = run(`
services:
  connect:
    image: nginx
    deploy: {labels: {ecs.task.family: "connect,extra"}}
  files:
    image: busybox
    deploy: {labels: {ecs.task.family: connect}}
x-s3:
  b:
    Lookup: {Tags: {a: b}}
    Services:
      connect:
        Access: {objects: ReadOnly, bucket: ListOnly}
`, { 'x-s3::b': { request: { Tags: { a: 'b' } }, result: { BucketName: 'b', Arn: 'arn:aws:s3:::b' } } });
    assert.ok(containers(out, 'connect').every((c) => env(c).B === 'b'), 'every container of the family');
    assert.ok(!resources(out, 'extra.json').extraTos3);
    const w = out.warnings.find((d) => d.code === 'CXS2101');
    assert.equal(w?.path, 'x-s3.b.Services.connect');
    assert.equal(w?.pos?.line, 13);
  });

  test('1.x spellings: s3-bucket-ssl-requests-only denies non-TLS requests; Settings it ignored are ignored with a warning', () => {
    const out = run(`
services:
  api:
    image: nginx
x-s3:
  b:
    Lookup: {Tags: {a: b}}
    Settings: {EnableAcceleration: true, EnableEncryption: AES256, ExpandAccountIdToBucket: false, ExpandRegionToBucket: false}
    Services:
      api:
        Access: {objects: ReadOnly, bucket: ListOnly, s3-bucket-ssl-requests-only: true}
`, { 'x-s3::b': { request: { Tags: { a: 'b' } }, result: { BucketName: 'b', Arn: 'arn:aws:s3:::b' } } });
    const st = resources(out, 'api.json').apiTos3.Properties.PolicyDocument.Statement;
    assert.deepEqual(st[2], {
      Sid: 'enforceSecureConnection',
      Effect: 'Deny',
      Action: ['s3:*'],
      Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    assert.equal(st.length, 3);
    const w = out.warnings.filter((d) => d.code === 'CXS2103');
    assert.deepEqual(
      w.map((d) => [d.path, d.pos?.line]),
      ['EnableAcceleration', 'EnableEncryption', 'ExpandAccountIdToBucket', 'ExpandRegionToBucket'].map((k) => [`x-s3.b.Settings.${k}`, 8]),
    );
  });

  test('errors: unknown service, return value, pointers, bucket names — each at its line', () => {
    const es = errors(`
services:
  api:
    image: nginx
    environment:
      A: x-s3::nope::Arn
      B: x-s3::data::Bogus
      C: x-s3::data
x-s3:
  data:
    Lookup: {Tags: {app: data}}
    Services:
      apii:
        Access: {objects: RW, bucket: ListOnly}
      api:
        Access: {objects: RW, bucket: ListOnly}
        ReturnValues: {WebsiteURL: SITE}
  expanded:
    Properties: {}
    MacroParameters: {ExpandRegionToBucket: true}
  bad-name:
    Properties: {BucketName: My_Bucket}
`, LOOKUP_RESULT);
    const at = (code: string) =>
      es
        .filter((e) => e.code === code)
        .map((e) => [e.pos?.line, e.path])
        .sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.deepEqual(at('CXS1101'), [[13, 'x-s3.data.Services.apii']]);
    assert.match(es.find((e) => e.code === 'CXS1101')?.expected ?? '', /one of: api$/);
    assert.deepEqual(at('CXS1102'), [
      [7, 'services.api.environment.B'],
      [17, 'x-s3.data.Services.api.ReturnValues.WebsiteURL'],
    ]);
    assert.deepEqual(at('CXS1104'), [[6, 'services.api.environment.A']]);
    assert.deepEqual(at('CXS1103'), [[8, 'services.api.environment.C']]);
    assert.deepEqual(at('CXS1106'), [[22, 'x-s3.bad-name.Properties.BucketName']]);
    assert.equal(es.length, 6);
  });

  test('Expand*ToBucket without a BucketName is ignored with a warning, as in 1.x: CloudFormation names the bucket', () => {
    const out = run(`services:
  api:
    image: nginx
x-s3:
  expanded:
    Properties: {}
    MacroParameters: {ExpandRegionToBucket: true}
`);
    const w = out.warnings.filter((d) => d.code === 'CXS2104');
    assert.deepEqual(w.map((d) => [d.pos?.line, d.path]), [[7, 'x-s3.expanded.MacroParameters']]);
    const bucket = Object.values(resources(out, 's3.json')).find((r) => r.Type === 'AWS::S3::Bucket');
    assert.equal(bucket?.Properties?.BucketName, undefined);
    lintAll(out, 's3-expand-without-name');
  });

  test('the Kafka Connect lab: 18 secrets read by the execution role only, CONNECT_BUCKET on both containers, connectTos3', () => {
    const dir = resolve(process.cwd(), 'examples/kafka-connect');
    const lookups = RecordedLookups.read(join(dir, 'compose-x.lookups.json'));
    assert.ok(lookups instanceof RecordedLookups);
    const out = renderDir(dir, ['docker-compose.yml', 'aws.yml', 'vpc.yml'], lookups);
    const [files, connect] = containers(out, 'connect');
    assert.equal(connect.Secrets.length, 18);
    assert.ok(connect.Secrets.some((s: Record<string, any>) => s.Name === 'CONNECT_KEY_CONVERTER_SCHEMA_REGISTRY_URL'));
    assert.equal(files.Secrets, undefined);
    for (const c of [files, connect]) assert.equal(env(c).CONNECT_BUCKET, 'kafka-connect-files-bucket01-1a2b3c4d5e6f');
    const r = resources(out, 'connect.json');
    assert.deepEqual(r.SecretsAccessExecutionRole.Properties.PolicyDocument.Statement[0].Resource, [
      { 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:/kafka/cluster-id/connect-cluster-creds-??????' },
    ]);
    assert.equal(r.SecretsAccessTaskRole, undefined);
    assert.deepEqual(
      r.connectTos3.Properties.PolicyDocument.Statement.map((s: Record<string, any>) => [s.Sid, s.Resource]),
      [
        ['objectsReadOnly', ['arn:aws:s3:::kafka-connect-files-bucket01-1a2b3c4d5e6f/*']],
        ['bucketListOnly', ['arn:aws:s3:::kafka-connect-files-bucket01-1a2b3c4d5e6f']],
      ],
    );
  });
});
