import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderText, template } from '../../../test/helpers/render.js';
import { diagnosticsOf, only, vpcLookupRecord, vpcLookupYaml } from '../../../test/helpers/fixtures.js';
import type { LookupFile } from '../../lookups/recorded.js';

function render(yaml: string, lookups?: LookupFile['lookups']) {
  return renderText({ files: { 'docker-compose.yml': yaml }, name: 'cm', lookups });
}

function failure(yaml: string, lookups?: LookupFile['lookups']) {
  return diagnosticsOf(() => render(yaml, lookups));
}

const VPC_LOOKUP = vpcLookupYaml('usage');
const VPC_RECORD: LookupFile['lookups'] = { 'x-vpc': vpcLookupRecord('usage') };
const NS_RESULT = { NamespaceId: 'ns-abc123', NamespaceArn: 'arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abc123', ZoneName: 'corp.internal', HostedZoneId: 'Z0123', VpcId: 'vpc-0123' };

describe('x-cloudmap namespaces', () => {
  test('a new namespace is created in the cloudmap stack, in the new VPC', () => {
    const out = render('services:\n  web:\n    image: nginx\n    ports: [80]\nx-cloudmap:\n  private-ns:\n    Name: app.internal\n    Properties: {Description: apps}\n');
    const cm = template(out, 'cloudmap.json');
    assert.deepEqual(cm.Resources.privatens.Properties.Name, 'app.internal');
    assert.deepEqual(cm.Resources.privatens.Properties.Vpc, { Ref: 'VpcId' });
    assert.equal(cm.Resources.privatens.Properties.Description, 'apps');
    assert.deepEqual(Object.keys(cm.Outputs), ['privatensId', 'privatensArn', 'privatensHostedZoneId', 'privatensName']);
    const root = template(out, 'cm.json');
    assert.deepEqual(root.Resources.cloudmap.Properties.Parameters.VpcId, { 'Fn::GetAtt': ['vpc', 'Outputs.VpcId'] });
    assert.deepEqual(root.Resources.vpc.Type, 'AWS::CloudFormation::Stack');
  });

  test('a looked-up namespace in the services\' VPC is used by id, without a stack', () => {
    const out = render(
      'services:\n  web:\n    image: nginx\n    ports: [80]\n    x-network: {x-cloudmap: corp}\nx-cloudmap:\n  corp:\n    ZoneName: corp.internal\n    Lookup: true\n' + VPC_LOOKUP,
      { ...VPC_RECORD, 'x-cloudmap::corp': { request: { Name: 'corp.internal' }, result: NS_RESULT } },
    );
    assert.equal(out.files.has('cloudmap.json'), false);
    const root = template(out, 'cm.json');
    assert.equal(root.Resources.web.Properties.Parameters.CloudMapNamespaceId, 'ns-abc123');
    assert.equal(root.Resources.web.DependsOn, undefined);
  });

  test('a looked-up namespace of another VPC is an error', () => {
    const ds = failure(
      'services:\n  web:\n    image: nginx\nx-cloudmap:\n  corp:\n    ZoneName: corp.internal\n    Lookup: true\n' + VPC_LOOKUP,
      { ...VPC_RECORD, 'x-cloudmap::corp': { request: { Name: 'corp.internal' }, result: { ...NS_RESULT, VpcId: 'vpc-other' } } },
    );
    const d = only(ds, 'CXN1109');
    assert.equal(d.pos?.line, 7);
    assert.match(d.message, /vpc-other.*vpc-0123/);
  });

  test('a looked-up namespace with a VPC created by the project is an error', () => {
    const ds = failure('services:\n  web:\n    image: nginx\nx-cloudmap:\n  corp:\n    ZoneName: corp.internal\n    Lookup: true\n', {
      'x-cloudmap::corp': { request: { Name: 'corp.internal' }, result: NS_RESULT },
    });
    const d = only(ds, 'CXN1108');
    assert.equal(d.path, 'x-cloudmap.corp.Lookup');
    assert.equal(d.pos?.line, 7);
  });

  test('an unrecorded lookup is reported at the Lookup', () => {
    const ds = failure('services:\n  web:\n    image: nginx\nx-cloudmap:\n  corp:\n    Name: corp.internal\n    Lookup: {NamespaceId: ns-abc123}\n' + VPC_LOOKUP, VPC_RECORD);
    const d = only(ds, 'CXK1003');
    assert.equal(d.pos?.line, 7);
    assert.match(d.message, /x-cloudmap::corp/);
  });

  test('Properties.Vpc, a different Properties.Name and the same zone twice are errors', () => {
    const ds = failure(
      [
        'services:',
        '  web:',
        '    image: nginx',
        'x-cloudmap:',
        '  a:',
        '    Name: a.internal',
        '    Properties:',
        '      Vpc: vpc-123',
        '      Name: b.internal',
        '  b:',
        '    Name: A.internal.',
        '',
      ].join('\n'),
    );
    assert.equal(only(ds, 'CXN1103').pos?.line, 8);
    assert.equal(only(ds, 'CXN1104').pos?.line, 9);
    assert.equal(only(ds, 'CXN1101').pos?.line, 11);
  });
});

describe('x-cloudmap service registration', () => {
  test('string form: the family registers under its hostname with its first port', () => {
    const out = render('services:\n  web:\n    image: nginx\n    ports: [80, 443]\n    x-network:\n      x-cloudmap: private\nx-cloudmap:\n  private:\n    Name: app.internal\n');
    const web = template(out, 'web.json');
    const sd = web.Resources.CloudMapService;
    assert.equal(sd.Type, 'AWS::ServiceDiscovery::Service');
    assert.equal(sd.Properties.Name, 'web');
    assert.deepEqual(sd.Properties.NamespaceId, { Ref: 'CloudMapNamespaceId' });
    assert.deepEqual(sd.Properties.DnsConfig, { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 15 }, { Type: 'SRV', TTL: 15 }] });
    assert.deepEqual(sd.Properties.HealthCheckCustomConfig, { FailureThreshold: 1 });
    assert.deepEqual(web.Resources.EcsServiceDefinition.Properties.ServiceRegistries, [{ RegistryArn: { 'Fn::GetAtt': ['CloudMapService', 'Arn'] }, Port: 80 }]);
    const root = template(out, 'cm.json');
    assert.deepEqual(root.Resources.web.Properties.Parameters.CloudMapNamespaceId, { 'Fn::GetAtt': ['cloudmap', 'Outputs.privateId'] });
  });

  test('mapping form: Port and Name override the defaults', () => {
    const out = render(
      'services:\n  web:\n    image: nginx\n    ports: [80, 443]\n    x-network:\n      x-cloudmap:\n        private: {Port: 443, Name: front}\nx-cloudmap:\n  private:\n    Name: app.internal\n',
    );
    const web = template(out, 'web.json');
    assert.equal(web.Resources.CloudMapService.Properties.Name, 'front');
    assert.equal(web.Resources.EcsServiceDefinition.Properties.ServiceRegistries[0].Port, 443);
  });

  test('a Port the family does not expose is an error at its line', () => {
    const ds = failure(
      'services:\n  web:\n    image: nginx\n    ports: [80]\n    x-network:\n      x-cloudmap:\n        private:\n          Port: 8080\nx-cloudmap:\n  private:\n    Name: app.internal\n',
    );
    const d = only(ds, 'CXN1112');
    assert.equal(d.pos?.line, 8);
    assert.equal(d.expected, 'one of: 80');
  });

  test('a family without ports cannot be registered', () => {
    const ds = failure('services:\n  worker:\n    image: busybox\n    x-network:\n      x-cloudmap: private\nx-cloudmap:\n  private:\n    Name: app.internal\n');
    const d = only(ds, 'CXN1111');
    assert.equal(d.pos?.line, 5);
    assert.match(d.hint ?? '', /SRV/);
  });

  test('an undeclared namespace is an error listing the declared ones', () => {
    const ds = failure('services:\n  web:\n    image: nginx\n    ports: [80]\n    x-network: {x-cloudmap: privat}\nx-cloudmap:\n  private: {Name: a.internal}\n  public: {Name: b.internal}\n');
    const d = only(ds, 'CXN1110');
    assert.equal(d.pos?.line, 5);
    assert.equal(d.expected, 'one of: private and public');
  });

  test('two registrations in one family, and one name in two families, are errors', () => {
    const ds = failure(
      [
        'services:',
        '  web:',
        '    image: nginx',
        '    ports: [80]',
        '    x-network: {x-cloudmap: private}',
        '  proxy:',
        '    image: envoy',
        '    deploy: {labels: {ecs.task.family: web}}',
        '    x-network: {x-cloudmap: {private: {Name: proxy}}}',
        '  api:',
        '    image: api',
        '    ports: [80]',
        '    x-network:',
        '      x-cloudmap: {private: {Name: web}}',
        'x-cloudmap:',
        '  private: {Name: a.internal}',
        '',
      ].join('\n'),
    );
    assert.equal(only(ds, 'CXN1113').pos?.line, 9);
    const dup = only(ds, 'CXN1115');
    assert.equal(dup.pos?.line, 14);
    assert.match(dup.message, /web\.a\.internal is already registered by family "web"/);
  });
});
