import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { containerEnv, ingressRules, template } from '../../../test/helpers/render.js';
import { diagnosticsOf, lintAll, only, renderWithVpc } from '../../../test/helpers/fixtures.js';
import type { LookupFile } from '../../lookups/recorded.js';

const SERVICES = ['services:', '  api:', '    image: nginx', '    deploy: {labels: {ecs.task.family: app}}', '  worker:', '    image: nginx', ''].join('\n');
const render = (x: string, lookups: LookupFile['lookups'] = {}) => renderWithVpc(SERVICES + x, { name: 'os', lookups });
const failure = (x: string, lookups: LookupFile['lookups'] = {}) => diagnosticsOf(() => render(x, lookups));

const env = containerEnv;
const ingress = ingressRules;
const resources = (t: Record<string, any>, type: string) => Object.entries(t.Resources).filter(([, r]: [string, any]) => r.Type === type).map(([id]) => id);

const DOMAIN = '    Properties:\n      EngineVersion: OpenSearch_2.13\n      ClusterConfig: {InstanceType: r6g.large.search, InstanceCount: "2", ZoneAwarenessEnabled: "true"}\n      EBSOptions: {EBSEnabled: true, VolumeSize: "20"}\n';

const LOOKUP: LookupFile['lookups'] = {
  'x-opensearch::shared': {
    request: { Tags: [{ Name: 'shared' }] },
    result: {
      DomainName: 'shared',
      Arn: 'arn:aws:es:eu-west-1:123456789012:domain/shared',
      DomainEndpoint: 'vpc-shared-abc.eu-west-1.es.amazonaws.com',
      SecurityGroupId: 'sg-0123456789abcdef0',
    },
  },
};

describe('x-opensearch', () => {
  test('a VPC domain (Settings.Subnets): its security group, one subnet per zone, HTTPS opened to linked families only; Http RW on the domain paths only; the endpoint variable', () => {
    const out = render('x-opensearch:\n  search:\n' + DOMAIN + '    Settings: {Subnets: AppSubnets}\n    Services:\n      app: {Access: {Http: RW}}\n');
    const os = template(out, 'opensearch.json');
    const d = os.Resources.search;
    assert.equal(d.Type, 'AWS::OpenSearchService::Domain');
    assert.deepEqual(d.Properties.ClusterConfig, { InstanceType: 'r6g.large.search', InstanceCount: 2, ZoneAwarenessEnabled: true });
    assert.deepEqual(d.Properties.VPCOptions, {
      SecurityGroupIds: [{ 'Fn::GetAtt': ['searchSecurityGroup', 'GroupId'] }],
      SubnetIds: [{ 'Fn::Select': [0, { Ref: 'AppSubnets' }] }, { 'Fn::Select': [1, { Ref: 'AppSubnets' }] }],
    });
    assert.deepEqual(d.Properties.DomainEndpointOptions, { EnforceHTTPS: true });
    assert.ok(d.Properties.Tags.some((t: Record<string, string>) => t.Key === 'compose-x::project-name'));
    const app = template(out, 'app.json');
    const rules = ingress(app);
    assert.deepEqual(rules.map((r) => [r.Properties.FromPort, r.Properties.ToPort, r.Properties.IpProtocol]), [[443, 443, 'tcp']]);
    assert.deepEqual(rules[0].Properties.GroupId, { Ref: 'opensearchsearchsgGroupId' });
    assert.equal(ingress(template(out, 'worker.json')).length, 0);
    assert.deepEqual(app.Resources.appToopensearch.Properties.PolicyDocument.Statement, [
      {
        Sid: 'OpenSearchHttpReadWrite',
        Effect: 'Allow',
        Action: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut', 'es:ESHttpPatch', 'es:ESHttpDelete'],
        Resource: [{ 'Fn::Sub': ['${ARN}/*', { ARN: { Ref: 'opensearchsearchArn' } }] }],
      },
    ]);
    assert.deepEqual(env(app, 'api'), { SEARCH: { Ref: 'opensearchsearchDomainEndpoint' } });
    assert.equal(template(out, 'worker.json').Resources.workerToopensearch, undefined);
    lintAll(out);
  });

  test('a public domain: no security group, no ingress; Http RO reads only, DBCluster RO without DeleteDomain; ReturnValues and pointers', () => {
    const out = render(
      'x-opensearch:\n  logs:\n' + DOMAIN + '    Services:\n      worker:\n        Access: {Http: RO, DBCluster: RO}\n        ReturnValues: {DomainEndpoint: LOGS_HOST, Arn: LOGS_ARN}\n',
    );
    const os = template(out, 'opensearch.json');
    assert.equal(os.Resources.logs.Properties.VPCOptions, undefined);
    assert.deepEqual(resources(os, 'AWS::EC2::SecurityGroup'), []);
    const worker = template(out, 'worker.json');
    assert.equal(ingress(worker).length, 0);
    const [http, domain] = worker.Resources.workerToopensearch.Properties.PolicyDocument.Statement;
    assert.deepEqual(http.Action, ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost']);
    assert.ok(!domain.Action.includes('es:DeleteDomain'));
    assert.deepEqual(domain.Resource, [{ Ref: 'opensearchlogsArn' }]);
    assert.deepEqual(env(worker, 'worker'), { LOGS_HOST: { Ref: 'opensearchlogsDomainEndpoint' }, LOGS_ARN: { Ref: 'opensearchlogsArn' } });
    lintAll(out);
  });

  test('an x-opensearch:: pointer in an environment value', () => {
    const yaml = SERVICES.replace('    image: nginx\n    deploy', '    image: nginx\n    environment: {SEARCH_URL: "https://x-opensearch::search::DomainEndpoint"}\n    deploy');
    const out = renderWithVpc(yaml + 'x-opensearch:\n  search:\n' + DOMAIN, { name: 'os' });
    assert.deepEqual(env(template(out, 'app.json'), 'api').SEARCH_URL, { 'Fn::Sub': ['https://${searchDomainEndpoint}', { searchDomainEndpoint: { Ref: 'opensearchsearchDomainEndpoint' } }] });
  });

  test('GenerateMasterUserSecret: a generated secret read by dynamic references, never a literal password; fine-grained access control with its encryption; log groups with AUDIT_LOGS and their resource policy', () => {
    const out = render(
      'x-opensearch:\n  secure:\n' + DOMAIN +
        '      EncryptionAtRestOptions: {Enabled: false}\n' +
        '    MacroParameters: {GenerateMasterUserSecret: true, CreateLogGroups: true, RetentionInDays: 7, CreateLogGroupsResourcePolicy: true}\n',
    );
    const os = template(out, 'opensearch.json');
    const secret = os.Resources.secureMasterUserSecret;
    assert.equal(secret.Type, 'AWS::SecretsManager::Secret');
    assert.equal(secret.Properties.GenerateSecretString.RequireEachIncludedType, true);
    const d = os.Resources.secure;
    assert.deepEqual(d.Properties.AdvancedSecurityOptions, {
      Enabled: true,
      InternalUserDatabaseEnabled: true,
      MasterUserOptions: {
        MasterUserName: { 'Fn::Sub': '{{resolve:secretsmanager:${secureMasterUserSecret}:SecretString:username}}' },
        MasterUserPassword: { 'Fn::Sub': '{{resolve:secretsmanager:${secureMasterUserSecret}:SecretString:password}}' },
      },
    });
    assert.deepEqual([d.Properties.EncryptionAtRestOptions, d.Properties.NodeToNodeEncryptionOptions, d.Properties.DomainEndpointOptions], [{ Enabled: true }, { Enabled: true }, { EnforceHTTPS: true }]);
    assert.equal(only(out.warnings, 'CXH2404').path, 'x-opensearch.secure.Properties.EncryptionAtRestOptions.Enabled');
    assert.deepEqual(Object.keys(d.Properties.LogPublishingOptions), ['SEARCH_SLOW_LOGS', 'ES_APPLICATION_LOGS', 'INDEX_SLOW_LOGS', 'AUDIT_LOGS']);
    assert.equal(os.Resources.secureAUDITLOGSLogGroup.Properties.RetentionInDays, 7);
    assert.deepEqual(d.DependsOn, ['LogGroupsResourcePolicy']);
    assert.equal(os.Resources.LogGroupsResourcePolicy.Type, 'AWS::Logs::ResourcePolicy');
    lintAll(out);
  });

  test('a literal MasterUserPassword is replaced by a generated secret (warning); CreateMasterUserRole: an IAM role with its boundary, no internal user database', () => {
    const out = render(
      'x-opensearch:\n  a:\n' + DOMAIN + '      AdvancedSecurityOptions: {Enabled: true, InternalUserDatabaseEnabled: true, MasterUserOptions: {MasterUserName: boss, MasterUserPassword: Sup3r-secret}}\n' +
        '  b:\n' + DOMAIN + '      AdvancedSecurityOptions: {InternalUserDatabaseEnabled: true}\n    MacroParameters: {CreateMasterUserRole: true, MasterUserRolePermissionsBoundary: ccoe/dev}\n',
    );
    const os = template(out, 'opensearch.json');
    assert.ok(!JSON.stringify(os).includes('Sup3r-secret'));
    assert.equal(only(out.warnings, 'CXH2401').pos?.line, 13);
    assert.equal(JSON.parse(os.Resources.aMasterUserSecret.Properties.GenerateSecretString.SecretStringTemplate).username, 'boss');
    const b = os.Resources.b.Properties.AdvancedSecurityOptions;
    assert.deepEqual(b, { InternalUserDatabaseEnabled: false, Enabled: true, MasterUserOptions: { MasterUserARN: { 'Fn::GetAtt': ['bMasterUserRole', 'Arn'] } } });
    assert.equal(only(out.warnings, 'CXH2403').path, 'x-opensearch.b.Properties.AdvancedSecurityOptions.InternalUserDatabaseEnabled');
    assert.deepEqual(os.Resources.bMasterUserRole.Properties.PermissionsBoundary, { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/ccoe/dev' });
    lintAll(out);
  });

  test('a looked-up VPC domain: literal endpoint and ARN, ingress on its recorded group; Access.IAM (1.x) ignored with a warning', () => {
    const out = render('x-opensearch:\n  shared:\n    Lookup: {Tags: [{Name: shared}]}\n    Services:\n      app: {Access: {Http: RO, IAM: RO}}\n', LOOKUP);
    const app = template(out, 'app.json');
    assert.deepEqual(env(app, 'api'), { SHARED: 'vpc-shared-abc.eu-west-1.es.amazonaws.com' });
    assert.deepEqual(ingress(app).map((r) => [r.Properties.GroupId, r.Properties.FromPort]), [['sg-0123456789abcdef0', 443]]);
    assert.deepEqual(app.Resources.appToopensearch.Properties.PolicyDocument.Statement[0].Resource, ['arn:aws:es:eu-west-1:123456789012:domain/shared/*']);
    assert.equal(only(out.warnings, 'CXH2406').path, 'x-opensearch.shared.Services.app.Access.IAM');
    assert.equal(out.files.has('opensearch.json'), false);
    lintAll(out);
  });

  test('1.x leftovers: an invalid security group id and a second domain of the same name are left out with warnings; written SubnetIds replaced', () => {
    const out = render(
      'x-opensearch:\n  a:\n' + DOMAIN + '      DomainName: twin\n      VPCOptions: {SecurityGroupIds: [sg-012344rsto, sg-0123456789abcdef0], SubnetIds: [subnet-abdc818l]}\n' +
        '  b:\n' + DOMAIN + '      DomainName: twin\n',
    );
    const os = template(out, 'opensearch.json');
    assert.deepEqual(os.Resources.a.Properties.VPCOptions.SecurityGroupIds, ['sg-0123456789abcdef0', { 'Fn::GetAtt': ['aSecurityGroup', 'GroupId'] }]);
    assert.equal(os.Resources.a.Properties.VPCOptions.SubnetIds.length, 2);
    assert.equal(os.Resources.b.Properties.DomainName, undefined);
    assert.equal(only(out.warnings, 'CXH2408').path, 'x-opensearch.a.Properties.VPCOptions.SecurityGroupIds[0]');
    assert.equal(only(out.warnings, 'CXH2405').pos?.line, 14);
    assert.equal(only(out.warnings, 'CXH2407').pos?.line, 20);
    lintAll(out);
  });

  test('mistakes are reported together at their lines: property, version, instance type, family rules, master users, audit logs, zones, access, service', () => {
    const ds = failure(
      'x-opensearch:\n' +
        '  a:\n    Properties: {EngineVersion: OpenSearch_0.1, ElasticsearchVersion: "7.10"}\n' +
        '  b:\n    Properties:\n      EngineVersion: Elasticsearch_6.8\n      ClusterConfig: {InstanceType: r6g.large.search, DedicatedMasterType: m5.large.search}\n      EBSOptions: {EBSEnabled: true}\n' +
        '  c:\n    Properties:\n      ClusterConfig: {InstanceType: i3.large.search}\n      EBSOptions: {EBSEnabled: true}\n' +
        '  d:\n    Properties:\n      ClusterConfig: {InstanceType: t3.small.search}\n      EBSOptions: {EBSEnabled: true}\n      EncryptionAtRestOptions: {Enabled: true}\n' +
        '  e:\n    Properties:\n      ClusterConfig: {InstanceType: large}\n' +
        '  f:\n    MacroParameters: {GenerateMasterUserSecret: true, CreateMasterUserRole: true}\n' +
        '  g:\n    MacroParameters: {CreateLogGroups: [AUDIT_LOGS]}\n' +
        '  i:\n    Properties:\n      ClusterConfig: {InstanceType: r6g.large.search, InstanceCount: 3, ZoneAwarenessEnabled: true, ZoneAwarenessConfig: {AvailabilityZoneCount: 3}}\n' +
        '      EBSOptions: {EBSEnabled: true}\n    Settings: {Subnets: StorageSubnets}\n' +
        '  h:\n' + DOMAIN + '    Services:\n      app: {Access: {Http: RX}}\n      nobody: {Access: {Http: RO}}\n',
    );
    assert.equal(only(ds, 'CXH1401').path, 'x-opensearch.a.Properties.ElasticsearchVersion');
    assert.equal(only(ds, 'CXH1402').pos?.line, 9);
    assert.match(only(ds, 'CXH1402').expected ?? '', /OpenSearch_2\.13/);
    assert.equal(only(ds, 'CXH1404').pos?.line, 12);
    assert.equal(only(ds, 'CXH1405').pos?.line, 13);
    assert.equal(only(ds, 'CXH1406').pos?.line, 18);
    assert.equal(only(ds, 'CXH1407').path, 'x-opensearch.d.Properties.EncryptionAtRestOptions');
    assert.equal(only(ds, 'CXH1403').pos?.line, 26);
    assert.equal(only(ds, 'CXH1408').pos?.line, 28);
    assert.equal(only(ds, 'CXH1409').pos?.line, 30);
    assert.equal(only(ds, 'CXH1411').pos?.line, 35);
    assert.match(only(ds, 'CXH1411').message, /3 zones, subnet group StorageSubnets has 2 subnets/);
    assert.equal(only(ds, 'CXH1503').expected, 'one of: RO, RW');
    assert.equal(only(ds, 'CXH1501').path, 'x-opensearch.h.Services.nobody');
  });
});
