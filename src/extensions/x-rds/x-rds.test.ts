import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticsOf, lintAll } from '../../../test/helpers/fixtures.js';
import { byName, containers, moduleRenderer, resources, TWO_SERVICES as SERVICES } from '../../../test/helpers/module-test.js';
import { template, untagged } from '../../../test/helpers/render.js';

const run = moduleRenderer('cx-rds-');

const CLUSTER = `${SERVICES}
x-rds:
  appdb:
    Properties:
      DatabaseName: app
      MasterUsername: app_admin
      MasterUserPassword: hunter2
      EnableIAMDatabaseAuthentication: true
    MacroParameters:
      Engine: aurora-postgresql
      EngineVersion: 16.6
      ParametersGroups:
        Family: aurora5.6
        Parameters: {rds.force_ssl: 1}
    Services:
      api:
        Access: {DBCluster: RO, DBUser: api_user}
        GrantTaskAccess: {SecretEnvName: DB_SECRET_ARN}
        ReturnValues: {Endpoint.Port: DB_PORT}
      worker:
        SecretsMappings:
          PrefixWithDbName: true
          Mappings: [{SecretKey: host, VarName: HOST}, {SecretKey: password}]
        GenerateConnectionStringSecret: DATABASE_URL
`;

describe('x-rds', () => {
  test('new Aurora cluster: generated secret attached, engine family parameter group, one default instance, subnet group of StorageSubnets', () => {
    const out = run(CLUSTER);
    const r = resources(out, 'rds.json');
    assert.equal(r.appdb.Type, 'AWS::RDS::DBCluster');
    assert.equal(r.appdb.Properties.Engine, 'aurora-postgresql');
    assert.equal(r.appdb.Properties.EngineVersion, '16.6');
    assert.deepEqual(r.appdb.Properties.MasterUserPassword, { 'Fn::Sub': '{{resolve:secretsmanager:${appdbSecret}:SecretString:password}}' });
    assert.ok(!JSON.stringify(out.files.get('rds.json')).includes('hunter2'), 'the literal password is nowhere');
    assert.deepEqual(r.appdbSecret.Properties.GenerateSecretString.SecretStringTemplate, '{"username":"app_admin"}');
    assert.deepEqual(untagged(r.appdbSecretAttachment.Properties), { SecretId: { Ref: 'appdbSecret' }, TargetId: { Ref: 'appdb' }, TargetType: 'AWS::RDS::DBCluster' });
    assert.equal(r.appdbParameterGroup.Properties.Family, 'aurora-postgresql16');
    assert.deepEqual(r.appdb.Properties.DBClusterParameterGroupName, { Ref: 'appdbParameterGroup' });
    assert.deepEqual(untagged(r.appdbInstance1.Properties), { Engine: 'aurora-postgresql', DBClusterIdentifier: { Ref: 'appdb' }, DBInstanceClass: 'db.t4g.medium' });
    assert.ok(!('appdbInstance2' in r));
    assert.deepEqual(r.appdbSubnetGroup.Properties.SubnetIds, { Ref: 'StorageSubnets' });
    assert.deepEqual(r.appdb.Properties.VpcSecurityGroupIds, [{ 'Fn::GetAtt': ['appdbSecurityGroup', 'GroupId'] }]);
    const codes = out.warnings.map((w) => w.code).sort();
    assert.deepEqual(codes, ['CXG2001', 'CXG2002']);
  });

  test('each linked family: ingress on the database port only, secret injected, IAM auth on its database user only', () => {
    const out = run(CLUSTER);
    for (const fam of ['api', 'worker']) {
      const ingress = Object.values(resources(out, `${fam}.json`)).filter((x) => x.Type === 'AWS::EC2::SecurityGroupIngress');
      assert.deepEqual(ingress.map((i) => [i.Properties.FromPort, i.Properties.ToPort, i.Properties.IpProtocol, i.Properties.GroupId]), [[5432, 5432, 'tcp', { Ref: 'rdsappdbsgGroupId' }]]);
    }
    const api = resources(out, 'api.json');
    assert.deepEqual(api.apiTords.Properties.PolicyDocument.Statement, [
      { Sid: 'DBClusterRO', Effect: 'Allow', Action: ['rds:Describe*'], Resource: [{ Ref: 'rdsappdbArn' }] },
      { Sid: 'DBUser', Effect: 'Allow', Action: ['rds-db:connect'], Resource: [{ 'Fn::Sub': ['${DATAARN}/api_user', { DATAARN: { Ref: 'rdsappdbDataArn' } }] }] },
      { Sid: 'appdbSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [{ Ref: 'rdsappdbmasterArn' }] },
    ]);
    assert.deepEqual(api.apiTordsSecrets.Properties.Roles, [{ Ref: 'EcsExecutionRole' }]);
    const [apiC] = containers(out, 'api');
    assert.deepEqual(byName(apiC.Secrets), { appdb: { Ref: 'rdsappdbmasterArn' } });
    assert.deepEqual(byName(apiC.Environment), { DB_PORT: { Ref: 'rdsappdbEndpointPort' }, DB_SECRET_ARN: { Ref: 'rdsappdbmasterArn' } });
    const rds = template(out, 'rds.json');
    assert.deepEqual(rds.Outputs.appdbDataArn.Value, {
      'Fn::Sub': ['arn:${AWS::Partition}:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:${ResourceId}', { ResourceId: { 'Fn::GetAtt': ['appdb', 'DBClusterResourceId'] } }],
    });
    assert.deepEqual(rds.Outputs.appdbEndpointPort.Value, { 'Fn::GetAtt': ['appdb', 'Endpoint.Port'] });

    const worker = resources(out, 'worker.json');
    assert.ok(!('workerTords' in worker), 'no task role access without Access / GrantTaskAccess');
    const [wc] = containers(out, 'worker');
    assert.deepEqual(byName(wc.Secrets), {
      appdb_HOST: { 'Fn::Sub': ['${SecretArn}:host::', { SecretArn: { Ref: 'rdsappdbmasterArn' } }] },
      appdb_password: { 'Fn::Sub': ['${SecretArn}:password::', { SecretArn: { Ref: 'rdsappdbmasterArn' } }] },
      DATABASE_URL: { Ref: 'rdsappdbconnectionArn' },
    });
    assert.deepEqual(
      worker.workerTordsSecrets.Properties.PolicyDocument.Statement.map((s: any) => s.Resource),
      [[{ Ref: 'rdsappdbmasterArn' }], [{ Ref: 'rdsappdbconnectionArn' }]],
    );
    const conn = resources(out, 'rds.json').appdbConnectionString;
    assert.equal(conn.DependsOn, 'appdbSecretAttachment');
    assert.match(conn.Properties.SecretString['Fn::Sub'], /^postgresql:\/\/\{\{resolve:secretsmanager:\$\{appdbSecret\}:SecretString:username\}\}:.*\/\{\{resolve:secretsmanager:\$\{appdbSecret\}:SecretString:dbname\}\}$/);
  });

  test('a single instance (postgres) in Settings.Subnets; 1.x string Access and an empty entry still link', () => {
    const out = run(`${SERVICES}
x-rds:
  pg:
    MacroParameters: {Engine: postgres, EngineVersion: "16.8"}
    Settings: {Subnets: AppSubnets}
    Services:
      api: {Access: RW}
      worker:
`);
    const r = resources(out, 'rds.json');
    assert.equal(r.pg.Type, 'AWS::RDS::DBInstance');
    assert.deepEqual(r.pg.Properties.VPCSecurityGroups, [{ 'Fn::GetAtt': ['pgSecurityGroup', 'GroupId'] }]);
    assert.equal(r.pg.Properties.DBInstanceClass, 'db.t4g.micro');
    assert.equal(r.pgSecretAttachment.Properties.TargetType, 'AWS::RDS::DBInstance');
    assert.deepEqual(r.pgSubnetGroup.Properties.SubnetIds, { Ref: 'AppSubnets' });
    assert.deepEqual(out.warnings.map((w) => [w.code, w.path]), [['CXG2005', 'x-rds.pg.Services.api.Access']]);
    for (const fam of ['api', 'worker']) {
      assert.deepEqual(byName(containers(out, fam)[0].Secrets), { pg: { Ref: 'rdspgmasterArn' } });
      const ingress = Object.values(resources(out, `${fam}.json`)).filter((x) => x.Type === 'AWS::EC2::SecurityGroupIngress');
      assert.deepEqual(ingress.map((i) => i.Properties.FromPort), [5432]);
      assert.ok(!(`${fam}Tords` in resources(out, `${fam}.json`)));
    }
  });

  test('bad input: every mistake at its line, at once, nothing rendered', () => {
    const ds = diagnosticsOf(() =>
      run(`${SERVICES}
x-rds:
  a:
    MacroParameters: {Engine: oracle-ee, EngineVersion: "19"}
  b:
    Properties:
      Engine: aurora-mysql
      EngineVersion: 5.7.100
  c:
    MacroParameters: {Engine: aurora-postgresql, EngineVersion: "16.6"}
    Services:
      nosuch: {}
      api: {Access: {DBCluster: RW}}
      worker: {Access: {DBUser: "bad user"}}
  d:
    Properties:
      Engine: mysql
      EngineVersion: "8.0.40"
      MasterUserPassword: dummy
`),
    );
    const at = (code: string) => ds.filter((d) => d.code === code).map((d) => [d.severity, d.pos?.line, d.expected]);
    assert.deepEqual(at('CXG1001'), [['error', 11, 'one of: aurora-postgresql, aurora-mysql, postgres, mysql, mariadb']]);
    assert.equal(at('CXG1002')[0][1], 15);
    assert.match(String(at('CXG1002')[0][2]), /5\.7\.mysql_aurora\.2\.12\.6/);
    assert.deepEqual(at('CXG1101').map((x) => x[1]), [19]);
    assert.deepEqual(at('CXG1103').map((x) => [x[1], x[2]]), [
      [20, 'one of: RO'],
      [21, 'one of: a database user name (letters, digits, "_"; not starting with a digit)'],
    ]);
    assert.deepEqual(at('CXG2001'), [['warning', 26, undefined]]);
  });
});

describe('x-rds Lookup', () => {
  const request = { db: { Identifier: 'pg-1' }, secret: { Name: 'pg-1-master' } };
  const LOOKUPS = {
    'x-rds::pg': {
      request,
      result: {
        Type: 'instance',
        Engine: 'postgres',
        Identifier: 'pg-1',
        Arn: 'arn:aws:rds:eu-west-1:123456789012:db:pg-1',
        ResourceId: 'db-PG1',
        Endpoint: 'pg-1.x.eu-west-1.rds.amazonaws.com',
        Port: '5432',
        SecurityGroupId: 'sg-0db1a2b3',
        IamAuth: 'true',
        SecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pg-1-master-AbCdEf',
        SecretKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
      },
    },
  };
  const LOOKUP = `${SERVICES}
x-rds:
  pg:
    Lookup:
      db: {Identifier: pg-1}
      secret: {Name: pg-1-master}
    Services:
      api:
        Access: {DBUser: reader}
        GrantTaskAccess: {SecretEnvName: PG_SECRET}
        ReturnValues: {Endpoint.Address: PG_HOST, DBInstance: PG_ID}
      worker:
        DoNotExposeMappings: true
        GenerateConnectionStringSecret: PG_URL
`;

  test('a looked-up instance: its secret (and KMS key) injected, IAM auth as the user, ingress on its port, values as parameters', () => {
    const out = run(LOOKUP, LOOKUPS);
    const api = resources(out, 'api.json');
    const kms = { Sid: 'pgSecretKey', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [{ Ref: 'rdspgCredentialsKmsKeyArn' }], Condition: { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } } };
    assert.deepEqual(api.apiTords.Properties.PolicyDocument.Statement, [
      { Sid: 'DBUser', Effect: 'Allow', Action: ['rds-db:connect'], Resource: [{ 'Fn::Sub': ['${DATAARN}/reader', { DATAARN: { Ref: 'rdspgDataArn' } }] }] },
      { Sid: 'pgSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [{ Ref: 'rdspgCredentialsArn' }] },
      kms,
    ]);
    assert.deepEqual(api.apiTordsSecrets.Properties.PolicyDocument.Statement, [{ Sid: 'pgSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [{ Ref: 'rdspgCredentialsArn' }] }, kms]);
    const [c] = containers(out, 'api');
    assert.deepEqual(byName(c.Secrets), { pg: { Ref: 'rdspgCredentialsArn' } });
    assert.deepEqual(byName(c.Environment), { PG_HOST: { Ref: 'rdspgEndpointAddress' }, PG_ID: { Ref: 'rdspgDBInstance' }, PG_SECRET: { Ref: 'rdspgCredentialsArn' } });
    const params = template(out, 'test.json').Resources.api.Properties.Parameters;
    assert.equal(params.rdspgDataArn, 'arn:aws:rds-db:eu-west-1:123456789012:dbuser:db-PG1');
    assert.equal(params.rdspgDBInstance, 'pg-1');
    // the worker gets only the connection string: no master secret, no parameter it would not use
    const worker = template(out, 'worker.json');
    assert.deepEqual(Object.keys(worker.Parameters).filter((p) => p.startsWith('rds')).sort(), ['rdspgSecurityGroupId', 'rdspgconnectionArn']);
    assert.deepEqual(byName(containers(out, 'worker')[0].Secrets), { PG_URL: { Ref: 'rdspgconnectionArn' } });
    assert.deepEqual(out.warnings, []);
  });

  test('GenerateConnectionStringSecret on a looked-up database: a secret of the rds stack from its secret and endpoint', () => {
    const out = run(LOOKUP, LOOKUPS);
    const rds = template(out, 'rds.json');
    assert.deepEqual(Object.keys(rds.Resources), ['pgConnectionString']);
    assert.deepEqual(rds.Resources.pgConnectionString.Properties.SecretString, {
      'Fn::Sub':
        'postgresql://{{resolve:secretsmanager:${rdspgCredentialsArn}:SecretString:username}}:{{resolve:secretsmanager:${rdspgCredentialsArn}:SecretString:password}}@${rdspgEndpointAddress}:${rdspgEndpointPort}',
    });
    // the looked-up values enter the rds stack as parameters from the root
    const params = template(out, 'test.json').Resources.rds.Properties.Parameters;
    assert.equal(params.rdspgCredentialsArn, 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pg-1-master-AbCdEf');
    assert.equal(params.rdspgEndpointAddress, 'pg-1.x.eu-west-1.rds.amazonaws.com');
    assert.equal(params.rdspgEndpointPort, '5432');
    // the worker's execution role reads the connection string secret only
    const statements = resources(out, 'worker.json').workerTordsSecrets.Properties.PolicyDocument.Statement;
    assert.deepEqual(statements, [{ Sid: 'pgConnectionString', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [{ Ref: 'rdspgconnectionArn' }] }]);
    lintAll(out);
  });

  test('a lookup not recorded is an error at its line', () => {
    const ds = diagnosticsOf(() => run(LOOKUP, {}));
    assert.deepEqual(ds.filter((d) => d.severity === 'error').map((d) => d.pos?.line), [11]);
  });
});
