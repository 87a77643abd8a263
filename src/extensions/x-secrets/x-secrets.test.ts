import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { LookupFile } from '../../lookups/recorded.js';
import type { RenderOutput } from '../../synth/render.js';
import { errorsOf, lintAll, only, renderCompose } from '../../../test/helpers/fixtures.js';
import { template } from '../../../test/helpers/render.js';
import { xSecrets } from './index.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const run = (compose: string, lookups: LookupFile['lookups'] = {}): RenderOutput =>
  renderCompose(compose, { name: 'test', lookups, extensions: [xSecrets], tmpPrefix: 'cx-secrets-', dirs });
const errors = (compose: string, lookups: LookupFile['lookups'] = {}) => errorsOf(() => run(compose, lookups), 'expected render to fail');

const containers = (out: RenderOutput, family: string): Record<string, any>[] =>
  template(out, `${family}.json`).Resources.EcsTaskDefinition.Properties.ContainerDefinitions;
const policies = (out: RenderOutput, family: string): Record<string, Record<string, any>> =>
  Object.fromEntries(Object.entries(template(out, `${family}.json`).Resources as Record<string, any>).filter(([, r]) => r.Type === 'AWS::IAM::Policy'));

const PREFIX = 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:';

const JSON_KEYS = `
services:
  app:
    image: nginx
    secrets: [creds]
    environment:
      DB_USER: literal
  sidecar:
    image: busybox
    deploy: {labels: {ecs.task.family: app}}
secrets:
  creds:
    x-secrets:
      Name: /app/creds
      JsonKeys:
        - SecretKey: db.user
          Transform: java_properties
        - SecretKey: password
          VarName: DB_PASSWORD
        - SecretKey: password
          VarName: DB_PASS
        - SecretKey: host
        - SecretKey: port
          VarName: DB_HOST
`;

describe('x-secrets', () => {
  test('JSON keys become one secret per variable, last one wins per name, and only the execution role reads the secret', () => {
    const out = run(JSON_KEYS);
    const [app, sidecar] = containers(out, 'app');
    assert.deepEqual(app.Secrets, [
      { Name: 'DB_HOST', ValueFrom: { 'Fn::Sub': `${PREFIX}/app/creds:port::` } },
      { Name: 'DB_PASS', ValueFrom: { 'Fn::Sub': `${PREFIX}/app/creds:password::` } },
      { Name: 'DB_PASSWORD', ValueFrom: { 'Fn::Sub': `${PREFIX}/app/creds:password::` } },
      { Name: 'DB_USER', ValueFrom: { 'Fn::Sub': `${PREFIX}/app/creds:db.user::` } },
      { Name: 'host', ValueFrom: { 'Fn::Sub': `${PREFIX}/app/creds:host::` } },
    ]);
    assert.equal(sidecar.Secrets, undefined, 'only the service that lists the secret gets it');
    assert.equal(app.Environment, undefined, 'the secret replaces the literal DB_USER, and no ARN variable without the task role');
    const p = policies(out, 'app');
    assert.deepEqual(p.SecretsAccessExecutionRole.Properties, {
      PolicyName: 'SecretsAccessExecutionRole',
      Roles: [{ Ref: 'EcsExecutionRole' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AllowSecretsAccess', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [{ 'Fn::Sub': `${PREFIX}/app/creds-??????` }] },
        ],
      },
    });
    assert.equal(p.SecretsAccessTaskRole, undefined);
    assert.ok(template(out, 'app.json').Resources.EcsServiceDefinition.DependsOn.includes('SecretsAccessExecutionRole'));
    const codes = out.warnings.map((w) => w.code);
    assert.ok(codes.includes('CXS2002'), 'DB_USER environment replaced by a secret is reported');
    assert.ok(!codes.includes('CXS2001'), 'DB_USER and host are shell names');
    lintAll(out, 'json-keys');
  });

  test('a whole secret is one variable named after the compose secret, or VarName', () => {
    const out = run(`
services:
  app:
    image: nginx
    secrets: [API_TOKEN, other]
secrets:
  API_TOKEN:
    x-secrets: {Name: prod/api-token}
  other:
    x-secrets: {Name: prod/other, VarName: OTHER_SECRET}
`);
    assert.deepEqual(containers(out, 'app')[0].Secrets, [
      { Name: 'API_TOKEN', ValueFrom: { 'Fn::Sub': `${PREFIX}prod/api-token` } },
      { Name: 'OTHER_SECRET', ValueFrom: { 'Fn::Sub': `${PREFIX}prod/other` } },
    ]);
    assert.deepEqual(policies(out, 'app').SecretsAccessExecutionRole.Properties.PolicyDocument.Statement[0].Resource, [
      { 'Fn::Sub': `${PREFIX}prod/api-token-??????` },
      { 'Fn::Sub': `${PREFIX}prod/other-??????` },
    ]);
    assert.deepEqual(out.warnings.filter((w) => w.code.startsWith('CXS')), []);
  });

  test('LinksTo EcsTaskRole also grants the task role and passes the ARN; KmsKeyId grants kms:Decrypt through Secrets Manager only', () => {
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const out = run(`
services:
  app:
    image: nginx
    secrets: [db]
secrets:
  db:
    x-secrets:
      Name: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf
      LinksTo: [EcsTaskRole]
      KmsKeyId: ${key}
`);
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf';
    const [app] = containers(out, 'app');
    assert.deepEqual(app.Secrets, [{ Name: 'db', ValueFrom: arn }]);
    assert.deepEqual(app.Environment, [{ Name: 'DB_ARN', Value: arn }]);
    const p = policies(out, 'app');
    for (const [name, role] of [['SecretsAccessExecutionRole', 'EcsExecutionRole'], ['SecretsAccessTaskRole', 'EcsTaskRole']]) {
      assert.deepEqual(p[name].Properties.Roles, [{ Ref: role }]);
      assert.deepEqual(p[name].Properties.PolicyDocument.Statement, [
        { Sid: 'AllowSecretsAccess', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [arn] },
        {
          Sid: 'AllowSecretsKmsKeyDecrypt',
          Effect: 'Allow',
          Action: ['kms:Decrypt'],
          Resource: [key],
          Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'secretsmanager.${AWS::Region}.${AWS::URLSuffix}' } } },
        },
      ]);
    }
    lintAll(out, 'links-to');
  });

  test('a looked-up secret uses its full ARN and the key of the recorded result', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shared/creds-Zx12Yw';
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555';
    const compose = `
services:
  app:
    image: nginx
    secrets: [shared]
secrets:
  shared:
    x-secrets:
      Lookup:
        Tags: {team: platform}
        RoleArn: ""
      JsonKeys: [{SecretKey: token, VarName: TOKEN}]
`;
    const out = run(compose, { 'x-secrets::shared': { request: { Tags: { team: 'platform' } }, result: { Arn: arn, KmsKeyArn: key } } });
    assert.deepEqual(containers(out, 'app')[0].Secrets, [{ Name: 'TOKEN', ValueFrom: `${arn}:token::` }]);
    const st = policies(out, 'app').SecretsAccessExecutionRole.Properties.PolicyDocument.Statement;
    assert.deepEqual(st[0].Resource, [arn]);
    assert.deepEqual(st[1].Resource, [key]);
    lintAll(out, 'lookup');

    const [missing] = errors(compose);
    assert.equal(missing.code, 'CXK1003');
    assert.equal(missing.pos?.line, 9);
  });

  test('a secret without x-secrets is skipped with one warning at its definition', () => {
    const out = run(`
services:
  app:
    image: nginx
    secrets:
      - source: local
  worker:
    image: nginx
    secrets: [local]
secrets:
  local:
    file: ./local.txt
`);
    const w = only(out.warnings, 'CXS2007');
    assert.equal(w.path, 'secrets.local');
    assert.equal(w.pos?.line, 11);
    assert.match(w.message, /"local".*"app", "worker"/);
    assert.match(w.hint ?? '', /secrets\.local/);
    const task = Object.values(template(out, 'app.json').Resources).find((r: any) => r.Type === 'AWS::ECS::TaskDefinition') as any;
    assert.equal(task.Properties.ContainerDefinitions[0].Secrets, undefined);
    lintAll(out);
  });

  test('file options, ambiguous names, overlapping secrets and non-shell names are reported', () => {
    const out = run(`
services:
  app:
    image: nginx
    secrets:
      - source: a
        target: /run/secrets/a.txt
      - b
secrets:
  a:
    x-secrets: {Name: team/abcdef-123456, VarName: SAME}
  b:
    x-secrets:
      Name: team/b
      JsonKeys: [{SecretKey: x, VarName: SAME}, {SecretKey: y.z, Transform: title}]
`);
    const byCode = new Map(out.warnings.map((w) => [w.code, w]));
    assert.equal(byCode.get('CXS2004')?.pos?.line, 7);
    assert.equal(byCode.get('CXS2005')?.path, 'secrets.a.x-secrets.Name');
    assert.match(byCode.get('CXS2003')?.message ?? '', /"a" and "b" .* SAME/);
    assert.match(byCode.get('CXS2001')?.message ?? '', /Y\.Z/);
    const secrets = containers(out, 'app')[0].Secrets as Record<string, any>[];
    assert.deepEqual(secrets.find((s) => s.Name === 'SAME')?.ValueFrom, { 'Fn::Sub': `${PREFIX}team/b:x::` });
  });
});
