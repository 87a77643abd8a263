import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticsOf } from '../../../test/helpers/fixtures.js';
import { byName, containers, moduleRenderer, resources, TWO_SERVICES as SERVICES } from '../../../test/helpers/module-test.js';
import { template, untagged } from '../../../test/helpers/render.js';

const run = moduleRenderer('cx-neptune-');

const GRAPH = `${SERVICES}
x-neptune:
  graph:
    Properties:
      EngineVersion: 1.3.2.1
      IamAuthEnabled: true
      BackupRetentionPeriod: 7
    MacroParameters:
      DBClusterParameterGroup:
        Parameters: {neptune_enable_audit_log: 1}
      Instances:
        - DBInstanceClass: db.r5.large
        - DBInstanceClass: db.r5.large
    Services:
      api:
        Access: {NeptuneDB: connect, DBCluster: RO}
        ReturnValues: {Endpoint: GRAPH_HOST, Port: GRAPH_PORT}
      worker:
`;

describe('x-neptune', () => {
  test('new cluster: no master user nor secret, family of the version, instances as listed, own security group', () => {
    const out = run(GRAPH);
    const r = resources(out, 'neptune.json');
    assert.equal(r.graph.Type, 'AWS::Neptune::DBCluster');
    assert.ok(!('Engine' in r.graph.Properties));
    assert.ok(!('MasterUsername' in r.graph.Properties) && !('MasterUserPassword' in r.graph.Properties));
    assert.ok(!Object.values(r).some((x) => x.Type.startsWith('AWS::SecretsManager::')), 'no secret for Neptune');
    assert.equal(r.graph.Properties.IamAuthEnabled, true);
    assert.equal(r.graphParameterGroup.Type, 'AWS::Neptune::DBClusterParameterGroup');
    assert.equal(r.graphParameterGroup.Properties.Family, 'neptune1.3');
    assert.deepEqual(untagged(r.graphInstance2.Properties), { DBClusterIdentifier: { Ref: 'graph' }, DBInstanceClass: 'db.r5.large' });
    assert.equal(r.graphInstance1.Type, 'AWS::Neptune::DBInstance');
    assert.equal(r.graphSubnetGroup.Type, 'AWS::Neptune::DBSubnetGroup');
    assert.deepEqual(r.graph.Properties.VpcSecurityGroupIds, [{ 'Fn::GetAtt': ['graphSecurityGroup', 'GroupId'] }]);
    assert.deepEqual(out.warnings, []);
  });

  test('Access: neptune-db:connect on this cluster resource id only, describe on its ARN; ingress on 8182 only', () => {
    const out = run(GRAPH);
    const api = resources(out, 'api.json');
    assert.deepEqual(api.apiToneptune.Properties.PolicyDocument.Statement, [
      { Sid: 'DBClusterRO', Effect: 'Allow', Action: ['rds:Describe*'], Resource: [{ Ref: 'neptunegraphArn' }] },
      { Sid: 'NeptuneDBconnect', Effect: 'Allow', Action: ['neptune-db:connect'], Resource: [{ 'Fn::Sub': ['${DATAARN}/*', { DATAARN: { Ref: 'neptunegraphDataArn' } }] }] },
    ]);
    const neptune = template(out, 'neptune.json');
    assert.deepEqual(neptune.Outputs.graphDataArn.Value, {
      'Fn::Sub': ['arn:${AWS::Partition}:neptune-db:${AWS::Region}:${AWS::AccountId}:${ResourceId}', { ResourceId: { 'Fn::GetAtt': ['graph', 'ClusterResourceId'] } }],
    });
    const [c] = containers(out, 'api');
    assert.deepEqual(byName(c.Environment), { GRAPH_HOST: { Ref: 'neptunegraphEndpoint' }, GRAPH_PORT: { Ref: 'neptunegraphPort' } });
    assert.deepEqual(byName(c.Secrets), {});
    for (const fam of ['api', 'worker']) {
      const ingress = Object.values(resources(out, `${fam}.json`)).filter((x) => x.Type === 'AWS::EC2::SecurityGroupIngress');
      assert.deepEqual(ingress.map((i) => [i.Properties.FromPort, i.Properties.ToPort, i.Properties.GroupId]), [[8182, 8182, { Ref: 'neptunegraphsgGroupId' }]]);
    }
    assert.ok(!('workerToneptune' in resources(out, 'worker.json')), 'no IAM without Access');
  });

  test('connect access to a cluster without IAM authentication, and secret options, are warned at their line', () => {
    const out = run(`${SERVICES}
x-neptune:
  open:
    Properties: {IamAuthEnabled: false, MasterUserPassword: x}
    Services:
      api:
        Access: {NeptuneDB: connect}
        GrantTaskAccess: true
`);
    assert.deepEqual(out.warnings.map((w) => [w.code, w.pos?.line]), [['CXG2001', 11], ['CXG2007', 14], ['CXG2008', 15]]);
  });

  test('bad input: every mistake at its line, at once', () => {
    const ds = diagnosticsOf(() =>
      run(`${SERVICES}
x-neptune:
  a:
    Properties: {EngineVersion: 1.0.0.0}
  b:
    Properties: {}
    Services:
      api: {Access: {NeptuneDB: RW}}
`),
    );
    const at = (code: string) => ds.filter((d) => d.code === code).map((d) => [d.severity, d.pos?.line, d.expected]);
    assert.equal(at('CXG1002')[0][1], 11);
    assert.deepEqual(at('CXG1103').map((x) => [x[1], x[2]]), [[15, 'one of: connect']]);
  });
});

describe('x-neptune Lookup', () => {
  const LOOKUP = `${SERVICES}
x-neptune:
  graph:
    Lookup:
      Tags: [{project: graph}]
    Services:
      api:
        Access: {NeptuneDB: connect}
        ReturnValues: {Endpoint: GRAPH_HOST}
`;
  const recorded = (result: Record<string, string>) => ({ 'x-neptune::graph': { request: { Tags: [{ project: 'graph' }] }, result } });
  const FOUND = {
    Type: 'cluster',
    Engine: 'neptune',
    Identifier: 'graph-1',
    Arn: 'arn:aws:rds:eu-west-1:210987654321:cluster:graph-1',
    ResourceId: 'cluster-GRAPH1',
    Endpoint: 'graph-1.cluster-x.eu-west-1.neptune.amazonaws.com',
    Port: '8182',
    SecurityGroupId: 'sg-0e91a2b3',
    IamAuth: 'true',
  };

  test('a looked-up cluster: connect on its resource id in its own account, ingress on its group and port, values as parameters', () => {
    const out = run(LOOKUP, recorded(FOUND));
    assert.ok(!out.files.has('neptune.json'), 'no neptune stack for a looked-up cluster');
    const api = template(out, 'api.json');
    assert.deepEqual(api.Resources.apiToneptune.Properties.PolicyDocument.Statement, [
      { Sid: 'NeptuneDBconnect', Effect: 'Allow', Action: ['neptune-db:connect'], Resource: [{ 'Fn::Sub': ['${DATAARN}/*', { DATAARN: { Ref: 'neptunegraphDataArn' } }] }] },
    ]);
    const ingress = Object.values(api.Resources as Record<string, any>).filter((x) => x.Type === 'AWS::EC2::SecurityGroupIngress');
    assert.deepEqual(ingress.map((i) => [i.Properties.GroupId, i.Properties.FromPort, i.Properties.ToPort]), [[{ Ref: 'neptunegraphSecurityGroupId' }, 8182, 8182]]);
    assert.deepEqual(byName(containers(out, 'api')[0].Environment), { GRAPH_HOST: { Ref: 'neptunegraphEndpoint' } });
    assert.ok(!JSON.stringify(api).includes('210987654321'), 'the looked-up account stays out of the family template');
    const params = template(out, 'test.json').Resources.api.Properties.Parameters;
    assert.equal(params.neptunegraphDataArn, 'arn:aws:neptune-db:eu-west-1:210987654321:cluster-GRAPH1');
    assert.equal(params.neptunegraphSecurityGroupId, 'sg-0e91a2b3');
    assert.equal(params.neptunegraphEndpoint, 'graph-1.cluster-x.eu-west-1.neptune.amazonaws.com');
    assert.deepEqual(out.warnings, []);
  });

  test('a recorded result without what is needed is an error at the Lookup line; IAM auth off is warned', () => {
    const ds = diagnosticsOf(() => run(LOOKUP, recorded({ ...FOUND, SecurityGroupId: '' })));
    assert.deepEqual(ds.filter((d) => d.severity === 'error').map((d) => [d.code, d.pos?.line]), [['CXG1003', 11]]);
    const out = run(LOOKUP, recorded({ ...FOUND, IamAuth: 'false' }));
    assert.deepEqual(out.warnings.map((w) => [w.code, w.pos?.line]), [['CXG2007', 15]]);
  });
});
