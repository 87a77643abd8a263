import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticsOf } from '../../../test/helpers/fixtures.js';
import { byName, containers, moduleRenderer, resources, TWO_SERVICES as SERVICES } from '../../../test/helpers/module-test.js';
import { template, untagged } from '../../../test/helpers/render.js';

const run = moduleRenderer('cx-docdb-');

const CLUSTERS = `${SERVICES}
x-docdb:
  docs:
    Properties:
      MasterUsername: docs_admin
      MasterUserPassword: hunter2
      BackupRetentionPeriod: 7
    MacroParameters:
      EngineVersion: 4.0.0
      DBClusterParameterGroup:
        Family: docdb3.6
        Parameters: {tls: enabled}
      Instances:
        - DBInstanceClass: db.r5.large
        - DBInstanceClass: db.r5.xlarge
          AutoMinorVersionUpgrade: true
    Services:
      api:
        Access: {DBCluster: RO}
        GrantTaskAccess: {SecretEnvName: DOCS_SECRET_ARN}
        ReturnValues: {Endpoint: DOCS_HOST, Port: DOCS_PORT}
      worker:
        SecretsMappings:
          Mappings: [{SecretKey: host, VarName: DB_HOST}]
  small:
    Properties: {}
    Settings: {Subnets: AppSubnets}
    Services:
      worker:
`;

describe('x-docdb', () => {
  test('new cluster: generated secret attached, no literal password, family of the version, instances as listed', () => {
    const out = run(CLUSTERS);
    const r = resources(out, 'docdb.json');
    assert.equal(r.docs.Type, 'AWS::DocDB::DBCluster');
    assert.ok(!('Engine' in r.docs.Properties), 'DocumentDB has one engine: no Engine property');
    assert.equal(r.docs.Properties.EngineVersion, '4.0.0');
    assert.equal(r.docs.Properties.BackupRetentionPeriod, 7);
    assert.equal(r.docs.Properties.StorageEncrypted, true);
    assert.deepEqual(r.docs.Properties.MasterUserPassword, { 'Fn::Sub': '{{resolve:secretsmanager:${docsSecret}:SecretString:password}}' });
    assert.deepEqual(r.docs.Properties.MasterUsername, { 'Fn::Sub': '{{resolve:secretsmanager:${docsSecret}:SecretString:username}}' });
    assert.ok(!JSON.stringify(template(out, 'docdb.json')).includes('hunter2'), 'the literal password is nowhere');
    assert.equal(r.docsSecret.Properties.GenerateSecretString.SecretStringTemplate, '{"username":"docs_admin"}');
    assert.deepEqual(untagged(r.docsSecretAttachment.Properties), { SecretId: { Ref: 'docsSecret' }, TargetId: { Ref: 'docs' }, TargetType: 'AWS::DocDB::DBCluster' });
    assert.equal(r.docsParameterGroup.Type, 'AWS::DocDB::DBClusterParameterGroup');
    assert.equal(r.docsParameterGroup.Properties.Family, 'docdb4.0');
    assert.deepEqual(r.docs.Properties.DBClusterParameterGroupName, { Ref: 'docsParameterGroup' });
    assert.deepEqual(untagged(r.docsInstance1.Properties), { DBClusterIdentifier: { Ref: 'docs' }, DBInstanceClass: 'db.r5.large' });
    assert.deepEqual(untagged(r.docsInstance2.Properties), { DBClusterIdentifier: { Ref: 'docs' }, DBInstanceClass: 'db.r5.xlarge', AutoMinorVersionUpgrade: true });
    assert.equal(r.docsInstance1.Type, 'AWS::DocDB::DBInstance');
    assert.equal(r.docsSubnetGroup.Type, 'AWS::DocDB::DBSubnetGroup');
    assert.deepEqual(r.docsSubnetGroup.Properties.SubnetIds, { Ref: 'StorageSubnets' });
    assert.deepEqual(r.docs.Properties.VpcSecurityGroupIds, [{ 'Fn::GetAtt': ['docsSecurityGroup', 'GroupId'] }]);
    // the default: version 5.0.0, one db.t3.medium instance, in Settings.Subnets
    assert.equal(r.small.Properties.EngineVersion, '5.0.0');
    assert.deepEqual(untagged(r.smallInstance1.Properties), { DBClusterIdentifier: { Ref: 'small' }, DBInstanceClass: 'db.t3.medium' });
    assert.ok(!('smallInstance2' in r));
    assert.deepEqual(r.smallSubnetGroup.Properties.SubnetIds, { Ref: 'AppSubnets' });
    assert.deepEqual(out.warnings.map((w) => [w.code, w.path]).sort(), [
      ['CXG2001', 'x-docdb.docs.Properties.MasterUserPassword'],
      ['CXG2002', 'x-docdb.docs.MacroParameters.DBClusterParameterGroup.Family'],
    ]);
  });

  test('linked families: ingress on 27017 only, secret injected, SecretEnvName, ReturnValues, RO describe', () => {
    const out = run(CLUSTERS);
    const ingress = (fam: string) =>
      Object.values(resources(out, `${fam}.json`))
        .filter((x) => x.Type === 'AWS::EC2::SecurityGroupIngress')
        .map((i) => [i.Properties.FromPort, i.Properties.ToPort, i.Properties.GroupId]);
    assert.deepEqual(ingress('api'), [[27017, 27017, { Ref: 'docdbdocssgGroupId' }]]);
    assert.deepEqual(ingress('worker'), [
      [27017, 27017, { Ref: 'docdbdocssgGroupId' }],
      [27017, 27017, { Ref: 'docdbsmallsgGroupId' }],
    ]);
    const api = resources(out, 'api.json');
    assert.deepEqual(api.apiTodocdb.Properties.PolicyDocument.Statement, [
      { Sid: 'DBClusterRO', Effect: 'Allow', Action: ['rds:Describe*'], Resource: [{ Ref: 'docdbdocsArn' }] },
      { Sid: 'docsSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [{ Ref: 'docdbdocsmasterArn' }] },
    ]);
    const [apiC] = containers(out, 'api');
    assert.deepEqual(byName(apiC.Secrets), { docs: { Ref: 'docdbdocsmasterArn' } });
    assert.deepEqual(byName(apiC.Environment), { DOCS_HOST: { Ref: 'docdbdocsEndpoint' }, DOCS_PORT: { Ref: 'docdbdocsPort' }, DOCS_SECRET_ARN: { Ref: 'docdbdocsmasterArn' } });
    const docdb = template(out, 'docdb.json');
    assert.deepEqual(docdb.Outputs.docsArn.Value, { 'Fn::Sub': ['arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:${Ref}', { Ref: { Ref: 'docs' } }] });
    assert.deepEqual(docdb.Outputs.docsEndpoint.Value, { 'Fn::GetAtt': ['docs', 'Endpoint'] });
    const [wc] = containers(out, 'worker');
    assert.deepEqual(byName(wc.Secrets), {
      DB_HOST: { 'Fn::Sub': ['${SecretArn}:host::', { SecretArn: { Ref: 'docdbdocsmasterArn' } }] },
      small: { Ref: 'docdbsmallmasterArn' },
    });
    assert.ok(!('workerTodocdb' in resources(out, 'worker.json')), 'no task role access without Access / GrantTaskAccess');
  });

  test('1.x forms: SecretsMappings of the cluster, DBCluster as the Ref, DBSubnetGroupName replaced', () => {
    const out = run(`${SERVICES}
x-docdb:
  legacy:
    Properties: {DBSubnetGroupName: String}
    SecretsMappings:
      PrefixWithDbName: true
      Mappings: {host: HOST}
    Services:
      api:
        ReturnValues: {DBCluster: CLUSTER_ID}
`);
    const [c] = containers(out, 'api');
    assert.deepEqual(byName(c.Secrets), { legacy_HOST: { 'Fn::Sub': ['${SecretArn}:host::', { SecretArn: { Ref: 'docdblegacymasterArn' } }] } });
    assert.deepEqual(byName(c.Environment), { CLUSTER_ID: { Ref: 'docdblegacyDBCluster' } });
    assert.deepEqual(resources(out, 'docdb.json').legacy.Properties.DBSubnetGroupName, { Ref: 'legacySubnetGroup' });
    assert.deepEqual(out.warnings.map((w) => [w.code, w.pos?.line]), [['CXG2003', 11]]);
  });

  test('bad input: every mistake at its line, at once, nothing rendered', () => {
    const ds = diagnosticsOf(() =>
      run(`${SERVICES}
x-docdb:
  a:
    Properties: {Engine: mongodb}
  b:
    MacroParameters: {EngineVersion: "3.4.0"}
  c:
    Properties: {}
    MacroParameters:
      Instances: [{DBInstanceClass: db.m5.large, Engine: docdb}]
    Services:
      nosuch: {}
      api: {Access: {DBCluster: RW}}
      worker: {ReturnValues: {Nope: X}}
`),
    );
    const at = (code: string) => ds.filter((d) => d.code === code).map((d) => [d.severity, d.pos?.line, d.expected]);
    assert.deepEqual(at('CXG1001'), [['error', 11, 'one of: docdb']]);
    assert.deepEqual(at('CXG1002').map((x) => [x[1], x[2]]), [[13, 'one of: 3.6.0']]);
    assert.deepEqual(at('CXG2009').map((x) => x[1]), [17]);
    assert.deepEqual(at('CXG2004').map((x) => x[1]), [17]);
    assert.deepEqual(at('CXG1101').map((x) => x[1]), [19]);
    assert.deepEqual(at('CXG1103').map((x) => [x[1], x[2]]), [[20, 'one of: RO']]);
    assert.deepEqual(at('CXG1102').map((x) => x[1]), [21]);
  });
});

describe('x-docdb Lookup', () => {
  test('a looked-up cluster with its secret: SecretsMappings of Settings, ReturnValues, ingress on its port', () => {
    const out = run(
      `${SERVICES}
x-docdb:
  docs:
    Lookup:
      cluster: {Tags: [{app: docs}]}
      secret: {Tags: [{app: docs}]}
    Settings:
      SecretsMappings: {Mappings: {host: DOCS_HOST}}
    Services:
      api:
        Access: {DBCluster: RO}
        ReturnValues: {Port: DOCS_PORT}
`,
      {
        'x-docdb::docs': {
          request: { cluster: { Tags: [{ app: 'docs' }] }, secret: { Tags: [{ app: 'docs' }] } },
          result: {
            Type: 'cluster',
            Engine: 'docdb',
            Identifier: 'docs-1',
            Arn: 'arn:aws:rds:eu-west-1:123456789012:cluster:docs-1',
            ResourceId: 'cluster-DOCS1',
            Endpoint: 'docs-1.cluster-x.eu-west-1.docdb.amazonaws.com',
            Port: '27017',
            SecurityGroupId: 'sg-0dc1a2b3',
            SecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:docs-AbCdEf',
          },
        },
      },
    );
    const api = resources(out, 'api.json');
    assert.deepEqual(api.apiTodocdb.Properties.PolicyDocument.Statement, [{ Sid: 'DBClusterRO', Effect: 'Allow', Action: ['rds:Describe*'], Resource: [{ Ref: 'docdbdocsArn' }] }]);
    const [c] = containers(out, 'api');
    assert.deepEqual(byName(c.Secrets), { DOCS_HOST: { 'Fn::Sub': ['${SecretArn}:host::', { SecretArn: { Ref: 'docdbdocsCredentialsArn' } }] } });
    assert.deepEqual(byName(c.Environment), { DOCS_PORT: { Ref: 'docdbdocsPort' } });
    const ingress = Object.values(api).filter((x) => x.Type === 'AWS::EC2::SecurityGroupIngress');
    assert.deepEqual(ingress.map((i) => [i.Properties.GroupId, i.Properties.FromPort]), [[{ Ref: 'docdbdocsSecurityGroupId' }, 27017]]);
    assert.equal(template(out, 'test.json').Resources.api.Properties.Parameters.docdbdocsPort, '27017');
    assert.deepEqual(out.warnings, []);
  });
});
