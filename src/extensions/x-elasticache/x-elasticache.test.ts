import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { template, untagged } from '../../../test/helpers/render.js';
import { diagnosticsOf, lintAll, only, renderWithVpc } from '../../../test/helpers/fixtures.js';
import type { LookupFile } from '../../lookups/recorded.js';

const SERVICES = ['services:', '  api:', '    image: nginx', '    deploy: {labels: {ecs.task.family: app}}', '  worker:', '    image: nginx', ''].join('\n');
const render = (x: string, lookups: LookupFile['lookups'] = {}) => renderWithVpc(SERVICES + x, { name: 'ec', lookups });
const failure = (x: string, lookups: LookupFile['lookups'] = {}) => diagnosticsOf(() => render(x, lookups));

function env(t: Record<string, any>, container: string): Record<string, unknown> {
  const c = t.Resources.EcsTaskDefinition.Properties.ContainerDefinitions.find((x: Record<string, any>) => x.Name === container);
  return Object.fromEntries((c.Environment ?? []).map((e: Record<string, any>) => [e.Name, e.Value]));
}
const ingress = (t: Record<string, any>) => Object.values(t.Resources).filter((r: any) => r.Type === 'AWS::EC2::SecurityGroupIngress') as Record<string, any>[];

const LOOKUP: LookupFile['lookups'] = {
  'x-elasticache::shared': {
    request: { Tags: [{ Name: 'shared' }] },
    result: {
      Type: 'ReplicationGroup',
      Engine: 'redis',
      ClusterName: 'shared-rg',
      Arn: 'arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:shared-rg',
      Port: '6380',
      SecurityGroupId: 'sg-0cace0123456789ab',
      'PrimaryEndPoint.Address': 'master.shared-rg.x.euw1.cache.amazonaws.com',
      'PrimaryEndPoint.Port': '6380',
    },
  },
};

describe('x-elasticache', () => {
  test('MacroParameters → a Redis CacheCluster with its subnet group and security group; a family link opens 6379 and sets the endpoint variable, no IAM for RW', () => {
    const out = render('x-elasticache:\n  sessions:\n    MacroParameters: {Engine: redis, EngineVersion: "7.1"}\n    Services:\n      app: {Access: RW}\n');
    const ec = template(out, 'elasticache.json');
    const c = ec.Resources.sessions;
    assert.equal(c.Type, 'AWS::ElastiCache::CacheCluster');
    assert.deepEqual(untagged(c.Properties), {
      CacheNodeType: 'cache.t3.small',
      Engine: 'redis',
      EngineVersion: '7.1',
      NumCacheNodes: 1,
      CacheSubnetGroupName: { Ref: 'sessionsSubnetGroup' },
      VpcSecurityGroupIds: [{ 'Fn::GetAtt': ['sessionsSecurityGroup', 'GroupId'] }],
    });
    assert.deepEqual(ec.Resources.sessionsSubnetGroup.Properties.SubnetIds, { Ref: 'StorageSubnets' });
    const app = template(out, 'app.json');
    const rules = ingress(app);
    assert.equal(rules.length, 1);
    assert.deepEqual([rules[0].Properties.FromPort, rules[0].Properties.ToPort, rules[0].Properties.IpProtocol], [6379, 6379, 'tcp']);
    assert.deepEqual(rules[0].Properties.SourceSecurityGroupId, { 'Fn::GetAtt': ['ServiceSecurityGroup', 'GroupId'] });
    assert.deepEqual(env(app, 'api'), { SESSIONS: { Ref: 'elasticachesessionsRedisEndpointAddress' } });
    assert.equal(app.Resources.appToelasticache, undefined);
    assert.equal(ingress(template(out, 'worker.json')).length, 0);
    assert.deepEqual(template(out, 'ec.json').Resources.app.Properties.Parameters.elasticachesessionsRedisEndpointAddress, { 'Fn::GetAtt': ['elasticache', 'Outputs.sessionsRedisEndpointAddress'] });
    lintAll(out);
  });

  test('Properties of a replication group (1.x strings typed, CacheSubnetGroupName replaced, Port 6380); Connect grants elasticache:Connect on it; ReturnValues on one container', () => {
    const out = render(
      'x-elasticache:\n  DeletionPolicy: Retain\n  jobs:\n    Properties:\n      ReplicationGroupDescription: jobs\n      Engine: redis\n      EngineVersion: "7.0"\n      CacheNodeType: cache.t3.small\n' +
        "      NumCacheClusters: '2'\n      AutomaticFailoverEnabled: 'true'\n      CacheSubnetGroupName: mine\n      Port: '6380'\n" +
        '    Services:\n      worker:\n        Access: Connect\n        ReturnValues: {PrimaryEndPoint.Address: JOBS_HOST, PrimaryEndPoint.Port: JOBS_PORT}\n',
    );
    const rg = template(out, 'elasticache.json').Resources.jobs;
    assert.equal(rg.Type, 'AWS::ElastiCache::ReplicationGroup');
    assert.equal(rg.DeletionPolicy, 'Retain');
    assert.deepEqual([rg.Properties.NumCacheClusters, rg.Properties.AutomaticFailoverEnabled, rg.Properties.Port], [2, true, 6380]);
    assert.deepEqual(rg.Properties.CacheSubnetGroupName, { Ref: 'jobsSubnetGroup' });
    assert.deepEqual(rg.Properties.SecurityGroupIds, [{ 'Fn::GetAtt': ['jobsSecurityGroup', 'GroupId'] }]);
    const worker = template(out, 'worker.json');
    assert.deepEqual(env(worker, 'worker'), { JOBS_HOST: { Ref: 'elasticachejobsPrimaryEndPointAddress' }, JOBS_PORT: { Ref: 'elasticachejobsPrimaryEndPointPort' } });
    assert.deepEqual(ingress(worker).map((r) => r.Properties.FromPort), [6380]);
    assert.deepEqual(worker.Resources.workerToelasticache.Properties.PolicyDocument.Statement, [
      { Sid: 'ElastiCacheConnect', Effect: 'Allow', Action: ['elasticache:Connect'], Resource: [{ Ref: 'elasticachejobsArn' }] },
    ]);
    lintAll(out);
  });

  test('Memcached: the configuration endpoint; a ParameterGroup from MacroParameters; Settings.Subnets picks the subnet group', () => {
    const out = render(
      'x-elasticache:\n  memo:\n    Properties: {Engine: memcached, EngineVersion: 1.6.6, CacheNodeType: cache.t3.small, NumCacheNodes: 2, AZMode: cross-az}\n' +
        '    MacroParameters: {ParameterGroup: {CacheParameterGroupFamily: memcached1.6, Properties: {max_item_size: "10485760"}}}\n' +
        '    Settings: {Subnets: AppSubnets}\n    Services:\n      app: {}\n',
    );
    const ec = template(out, 'elasticache.json');
    assert.deepEqual(ec.Resources.memo.Properties.CacheParameterGroupName, { Ref: 'memoParameterGroup' });
    assert.equal(ec.Resources.memoParameterGroup.Properties.CacheParameterGroupFamily, 'memcached1.6');
    assert.deepEqual(ec.Resources.memoSubnetGroup.Properties.SubnetIds, { Ref: 'AppSubnets' });
    const app = template(out, 'app.json');
    assert.deepEqual(env(app, 'api'), { MEMO: { Ref: 'elasticachememoConfigurationEndpointAddress' } });
    assert.deepEqual(ingress(app).map((r) => r.Properties.FromPort), [11211]);
    lintAll(out);
  });

  test('a looked-up replication group: literal endpoint and ARN, ingress on its recorded group and port', () => {
    const out = render('x-elasticache:\n  shared:\n    Lookup: {Tags: [{Name: shared}]}\n    Services:\n      app: {Access: Connect}\n', LOOKUP);
    const app = template(out, 'app.json');
    assert.deepEqual(env(app, 'api'), { SHARED: 'master.shared-rg.x.euw1.cache.amazonaws.com' });
    const rules = ingress(app);
    assert.deepEqual([rules[0].Properties.GroupId, rules[0].Properties.FromPort], ['sg-0cace0123456789ab', 6380]);
    assert.deepEqual(app.Resources.appToelasticache.Properties.PolicyDocument.Statement[0].Resource, ['arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:shared-rg']);
    assert.equal(out.files.has('elasticache.json'), false);
    lintAll(out);
  });

  test('1.x version 6.x → 6.2 with a warning; a lower-case access is ignored with a warning', () => {
    const out = render('x-elasticache:\n  old:\n    MacroParameters: {Engine: redis, EngineVersion: 6.x}\n    Services:\n      app: {access: RW}\n');
    assert.equal(template(out, 'elasticache.json').Resources.old.Properties.EngineVersion, '6.2');
    assert.equal(only(out.warnings, 'CXH2001').pos?.line, 9);
    assert.equal(only(out.warnings, 'CXH2002').path, 'x-elasticache.old.Services.app.access');
  });

  test('mistakes are reported together at their lines: engine, version, properties, return value, subnets, service', () => {
    const ds = failure(
      'x-elasticache:\n' +
        '  a:\n    MacroParameters: {Engine: mongo, EngineVersion: "1"}\n' +
        '  b:\n    MacroParameters: {Engine: redis, EngineVersion: "7.9"}\n' +
        '  c:\n    Properties: {Engine: redis, NumCacheNodes: 1, ReplicationGroupDescription: x}\n' +
        '  d:\n    MacroParameters: {Engine: memcached, EngineVersion: 1.6.6}\n    Settings: {Subnets: Nowhere}\n' +
        '  e:\n    MacroParameters: {Engine: memcached, EngineVersion: 1.6.6}\n    Services:\n      app: {ReturnValues: {RedisEndpoint.Address: X}}\n      nobody: {}\n',
    );
    assert.equal(only(ds, 'CXH1001').pos?.line, 9);
    assert.match(only(ds, 'CXH1002').expected ?? '', /7\.1/);
    assert.equal(only(ds, 'CXH1002').pos?.line, 11);
    assert.equal(only(ds, 'CXH1003').pos?.line, 13);
    assert.equal(only(ds, 'CXX1006').pos?.line, 16);
    assert.equal(only(ds, 'CXH1102').path, 'x-elasticache.e.Services.app.ReturnValues["RedisEndpoint.Address"]');
    assert.equal(only(ds, 'CXH1101').path, 'x-elasticache.e.Services.nobody');
  });
});
