import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { getAtt, ref } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { RenderOutput } from '../../synth/render.js';
import { diagnosticsOf, lintAll, only, renderWithVpc } from '../../../test/helpers/fixtures.js';
import { template } from '../../../test/helpers/render.js';
import { expandAccess, fillTemplate, type PermissionTable } from './access.js';
import { defineModule, finishModules, type ModuleResource } from './module.js';
import { moduleStack } from './stack.js';
import { placeInVpc } from './vpc.js';

/** Two small modules written the way a real one is: a queue (IAM only) and a cache (in the VPC). */
const QUEUE_PERMISSIONS: PermissionTable = {
  names: {
    RW: { Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: ['${Arn}'], Kms: ['kms:Decrypt', 'kms:GenerateDataKey'] },
    RO: { Action: ['sqs:ReceiveMessage'], Resource: ['${Arn}'], Kms: ['kms:Decrypt'] },
  },
};
const QUEUE_ATTRIBUTES = ['QueueUrl', 'Arn', 'QueueName'];
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-1111-2222-3333-444455556666';
const xQueue = defineModule({
  key: 'x-fakeq',
  kind: 'queue',
  policy: 'fakeq',
  attributes: QUEUE_ATTRIBUTES,
  defaultAttribute: 'QueueUrl',
  permissions: QUEUE_PERMISSIONS,
  resources(ctx, entries) {
    return entries.map(({ name, def }): ModuleResource => {
      if (def.Lookup) {
        const arn = `arn:aws:sqs:eu-west-1:123456789012:${name}`;
        const values: Record<string, string> = { Arn: arn, QueueName: name, QueueUrl: `https://sqs.eu-west-1.amazonaws.com/123456789012/${name}` };
        return { name, attributes: QUEUE_ATTRIBUTES, value: (_c, a) => values[a], kmsKeyArn: KEY };
      }
      const stack = moduleStack(ctx, 'fakeq', 'Queues');
      const id = logicalId(name);
      stack.add(id, { Type: 'AWS::SQS::Queue', Properties: (def.Properties ?? {}) as Record<string, never> });
      stack.expose(id, name, QUEUE_ATTRIBUTES, (a) => (a === 'QueueUrl' ? ref(id) : getAtt(id, a)));
      return { name, attributes: QUEUE_ATTRIBUTES, value: (c, a) => stack.attribute(c, id, a) };
    });
  },
});

const xCache = defineModule({
  key: 'x-fakecache',
  kind: 'cache',
  policy: 'fakecache',
  attributes: ['Address'],
  defaultAttribute: 'Address',
  permissions: {},
  resources(ctx, entries) {
    const stack = moduleStack(ctx, 'fakecache', 'Caches');
    const out: ModuleResource[] = [];
    for (const entry of entries) {
      const id = logicalId(entry.name);
      const vpc = placeInVpc(ctx, stack, entry, id, `Cache ${entry.name}`);
      if (!vpc) continue;
      stack.add(`${id}Subnets`, { Type: 'AWS::ElastiCache::SubnetGroup', Properties: { Description: `Subnets of ${entry.name}`, SubnetIds: vpc.subnetIds } });
      stack.add(id, {
        Type: 'AWS::ElastiCache::CacheCluster',
        Properties: { Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheNodes: 1, CacheSubnetGroupName: ref(`${id}Subnets`), VpcSecurityGroupIds: [vpc.securityGroupId] },
      });
      stack.expose(id, entry.name, ['Address'], () => getAtt(id, 'RedisEndpoint.Address'));
      out.push({ name: entry.name, attributes: ['Address'], value: (c, a) => stack.attribute(c, id, a), network: vpc.network([{ port: 6379 }]) });
    }
    return out;
  },
});

const SERVICES = `services:
  api:
    image: nginx
    environment:
      JOBS_ARN: x-fakeq::jobs::Arn
      BOTH: "url=x-fakeq::jobs::QueueUrl;cache=x-fakecache::sessions::Address"
    deploy: {labels: {ecs.task.family: app}}
  sidecar:
    image: nginx
    deploy: {labels: {ecs.task.family: app}}
  worker:
    image: nginx
`;
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const EXT = [xQueue, xCache, finishModules];
const run = (yaml: string): RenderOutput => renderWithVpc(SERVICES + yaml, { name: 'mods', extensions: EXT, dirs });
const env = (t: Record<string, any>, c: string) =>
  Object.fromEntries((t.Resources.EcsTaskDefinition.Properties.ContainerDefinitions.find((x: any) => x.Name === c).Environment ?? []).map((e: any) => [e.Name, e.Value]));

describe('shared module mechanism', () => {
  test('permission tables: names, scopes and flags with default Sids; problems list the valid names', () => {
    const table: PermissionTable = {
      names: { RO: { Action: ['x:Get'], Resource: ['${Arn}'] } },
      scopes: { objects: { RW: { Action: ['x:Put'], Resource: ['${Arn}/*'] } }, bucket: { List: [{ Action: ['x:List'], Resource: ['${Arn}'] }, { Sid: 'Own', Action: ['x:Loc'], Resource: ['${Arn}'] }] } },
      flags: { tls: { Effect: 'Deny', Action: ['x:*'], Resource: ['${Arn}'] } },
    };
    assert.deepEqual(expandAccess(table, 'RO').granted.map((p) => p.Sid), ['RO']);
    assert.deepEqual(expandAccess(table, { bucket: 'List', objects: 'RW', tls: true }).granted.map((p) => p.Sid), ['objectsRW', 'bucketList', 'Own', 'tls']);
    assert.deepEqual(expandAccess(table, 'RW').problems, [{ value: 'RW', valid: ['RO'] }]);
    assert.deepEqual(expandAccess(table, { objects: 'RO', other: 1 }).problems, [
      { key: 'other', value: 1, valid: ['objects', 'bucket', 'tls'] },
      { key: 'objects', value: 'RO', valid: ['RW'] },
    ]);
  });

  test('resource templates: the value itself, a literal, or Fn::Sub with upper-case variables', () => {
    assert.deepEqual(fillTemplate('${Arn}', () => ({ Ref: 'A' })), { Ref: 'A' });
    assert.equal(fillTemplate('${Arn}/index/*', () => 'arn:aws:dynamodb:::table/t'), 'arn:aws:dynamodb:::table/t/index/*');
    assert.deepEqual(fillTemplate('${Arn}/index/*', () => ({ Ref: 'A' })), { 'Fn::Sub': ['${ARN}/index/*', { ARN: { Ref: 'A' } }] });
  });

  test('a new and a looked-up resource: IAM from the table, KMS from the permissions, env from ReturnValues/defaults, pointers of two modules', () => {
    const out = run(`x-fakeq:
  jobs:
    Properties: {}
    Services:
      app: {Access: RW}
  events:
    Lookup: {Tags: [{app: events}]}
    Settings: {EnvNames: [EVENTS_URL, EVENTS_URL2]}
    Services:
      sidecar: {Access: RO, ReturnValues: {QueueName: EVENTS_NAME}}
      worker: {Access: RO}
x-fakecache:
  sessions:
    Properties: {}
    Services:
      app: {}
`);
    const app = template(out, 'app.json');
    assert.deepEqual(app.Resources.appTofakeq.Properties.PolicyDocument.Statement, [
      { Sid: 'RW', Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: [{ Ref: 'fakeqjobsArn' }] },
      { Sid: 'RO', Effect: 'Allow', Action: ['sqs:ReceiveMessage'], Resource: ['arn:aws:sqs:eu-west-1:123456789012:events'] },
    ]);
    assert.deepEqual(app.Resources.appTokms.Properties.PolicyDocument.Statement, [{ Sid: 'KmsKey', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [KEY] }]);
    assert.deepEqual(env(app, 'api'), {
      JOBS_ARN: { Ref: 'fakeqjobsArn' },
      BOTH: { 'Fn::Sub': ['url=${jobsQueueUrl};cache=${sessionsAddress}', { jobsQueueUrl: { Ref: 'fakeqjobsQueueUrl' }, sessionsAddress: { Ref: 'fakecachesessionsAddress' } }] },
      JOBS: { Ref: 'fakeqjobsQueueUrl' },
      SESSIONS: { Ref: 'fakecachesessionsAddress' },
    });
    assert.deepEqual(env(app, 'sidecar'), { JOBS: { Ref: 'fakeqjobsQueueUrl' }, SESSIONS: { Ref: 'fakecachesessionsAddress' }, EVENTS_NAME: 'events' });
    assert.deepEqual(env(template(out, 'worker.json'), 'worker'), {
      EVENTS_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/events',
      EVENTS_URL2: 'https://sqs.eu-west-1.amazonaws.com/123456789012/events',
    });
    // the cache: its security group in its stack, ingress from the linked family only, on its port
    const cache = template(out, 'fakecache.json');
    assert.equal(cache.Resources.sessionsSecurityGroup.Type, 'AWS::EC2::SecurityGroup');
    assert.deepEqual(cache.Resources.sessionsSubnets.Properties.SubnetIds, { Ref: 'StorageSubnets' });
    const ingress = Object.values(app.Resources).filter((r: any) => r.Type === 'AWS::EC2::SecurityGroupIngress') as any[];
    assert.equal(ingress.length, 1);
    assert.deepEqual(ingress[0].Properties, {
      GroupId: { Ref: 'fakecachesessionssgGroupId' },
      SourceSecurityGroupId: { 'Fn::GetAtt': ['ServiceSecurityGroup', 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 6379,
      ToPort: 6379,
      Description: 'From app to sessions on tcp/6379',
    });
    assert.ok(!Object.values(template(out, 'worker.json').Resources).some((r: any) => r.Type === 'AWS::EC2::SecurityGroupIngress'));
    const root = template(out, 'mods.json');
    assert.deepEqual(root.Resources.app.Properties.Parameters.fakeqjobsArn, { 'Fn::GetAtt': ['fakeq', 'Outputs.jobsArn'] });
    assert.ok(root.Resources.fakecache.Properties.Parameters.StorageSubnets);
    assert.deepEqual(Object.keys(template(out, 'fakeq.json').Outputs), ['jobsQueueUrl', 'jobsArn']);
    lintAll(out, 'modules');
  });

  test('errors at file:line: unknown target, access, return value, pointer target, subnet group', () => {
    const ds = diagnosticsOf(() =>
      run(`x-fakeq:
  jobs:
    Properties: {}
    Services:
      nope: {Access: RW}
      app: {Access: Admin, ReturnValues: {Url: X}}
x-fakecache:
  sessions:
    Properties: {}
    Settings: {Subnets: DbSubnets}
`),
    );
    const target = only(ds, 'CXX1001');
    assert.equal(target.path, 'x-fakeq.jobs.Services.nope');
    assert.equal(target.pos?.line, 17);
    assert.equal(target.expected, 'one of: api, app, sidecar, worker');
    const access = only(ds, 'CXX1003');
    assert.equal(access.path, 'x-fakeq.jobs.Services.app.Access');
    assert.equal(access.pos?.line, 18);
    assert.equal(access.expected, 'one of: RW, RO');
    const rv = only(ds, 'CXX1002');
    assert.equal(rv.path, 'x-fakeq.jobs.Services.app.ReturnValues.Url');
    assert.equal(rv.expected, 'one of: QueueUrl, Arn, QueueName');
    const subnets = only(ds, 'CXX1006');
    assert.equal(subnets.pos?.line, 22);
    assert.equal(subnets.expected, 'one of: AppSubnets, PublicSubnets, StorageSubnets');
    const pointers = diagnosticsOf(() => run('x-fakeq:\n  other:\n    Properties: {}\n'));
    const missing = pointers.filter((d) => d.code === 'CXX1005');
    assert.deepEqual(missing.map((d) => [d.path, d.pos?.line]), [
      ['services.api.environment.JOBS_ARN', 5],
      ['services.api.environment.BOTH', 6],
      ['services.api.environment.BOTH', 6],
    ]);
    assert.equal(missing[0].message, 'JOBS_ARN of service "api" points at queue "jobs", which is not defined under x-fakeq');
    assert.equal(missing[0].expected, 'one of: other');
    assert.equal(missing[2].expected, '(no x-fakecache resources)'.replace(/^/, 'one of: '));
  });
});
