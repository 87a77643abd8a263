/**
 * `Settings.x-cloudmap` of module resources (cloudmap.ts): registration of tables, queues and
 * databases in an x-cloudmap namespace, in the `cloudmap` stack.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { template } from '../../../test/helpers/render.js';
import { TWO_SERVICES } from '../../../test/helpers/module-test.js';
import { diagnosticsOf, errorAt, lintAll, only, renderWithVpc } from '../../../test/helpers/fixtures.js';
import type { LookupFile } from '../../lookups/recorded.js';

const NAMESPACE = 'x-cloudmap:\n  private:\n    ZoneName: app.internal\n';
const render = (x: string, lookups: LookupFile['lookups'] = {}) => renderWithVpc(TWO_SERVICES + NAMESPACE + x, { name: 'cm', lookups });
const failure = (x: string) => diagnosticsOf(() => render(x));
/** 1-based line of the first line of the whole compose text containing `text`. */
const lineOf = (x: string, text: string) => (TWO_SERVICES + NAMESPACE + x).split('\n').findIndex((l) => l.includes(text)) + 1;

const TABLE = (settings: string) =>
  ['x-dynamodb:', '  orders:', '    Properties:', '      AttributeDefinitions: [{AttributeName: Id, AttributeType: S}]', '      KeySchema: [{AttributeName: Id, KeyType: HASH}]', '      BillingMode: PAY_PER_REQUEST', `    Settings: ${settings}`, '    Services:', '      api: {Access: RW}', ''].join('\n');

const DATABASE = (settings: string) =>
  ['x-rds:', '  appdb:', '    MacroParameters: {Engine: aurora-postgresql, EngineVersion: "16.6"}', `    Settings: ${settings}`, '    Services:', '      api: {Access: RW}', ''].join('\n');

describe('Settings.x-cloudmap of module resources', () => {
  test('a table registers for the API: a HTTP service named after it, its attributes read from the table stack', () => {
    const out = render(TABLE('{x-cloudmap: private}'));
    const r = template(out, 'cloudmap.json').Resources;
    assert.deepEqual(r.dynamodbordersCloudMapService.Properties, {
      Name: 'orders',
      Description: 'x-dynamodb orders',
      NamespaceId: { Ref: 'private' },
      Type: 'HTTP',
      Tags: r.dynamodbordersCloudMapService.Properties.Tags,
    });
    const instance = r.dynamodbordersCloudMapInstance.Properties;
    assert.equal(instance.InstanceId, 'orders');
    assert.deepEqual(instance.ServiceId, { Ref: 'dynamodbordersCloudMapService' });
    assert.ok(Object.keys(instance.InstanceAttributes).includes('Arn'), JSON.stringify(instance.InstanceAttributes));
    for (const v of Object.values(instance.InstanceAttributes)) assert.ok(typeof v === 'object' && v !== null && 'Ref' in v, JSON.stringify(v));
    // the values come from the table stack's outputs, through parameters of the cloudmap stack
    const params = template(out, 'cm.json').Resources.cloudmap.Properties.Parameters;
    assert.deepEqual(params[(instance.InstanceAttributes.Arn as { Ref: string }).Ref], { 'Fn::GetAtt': ['dynamodb', 'Outputs.ordersArn'] });
    lintAll(out);
  });

  test('ReturnValues name the instance attributes; AdditionalAttributes add literal ones', () => {
    const out = render(TABLE('{x-cloudmap: {Namespace: private, ReturnValues: {Arn: TableArn}, AdditionalAttributes: {team: orders}}}'));
    const attrs = template(out, 'cloudmap.json').Resources.dynamodbordersCloudMapInstance.Properties.InstanceAttributes;
    assert.deepEqual(Object.keys(attrs).sort(), ['TableArn', 'team']);
    assert.equal(attrs.team, 'orders');
    lintAll(out);
  });

  test('a database registers by DNS: <name>.<namespace>, a CNAME to its endpoint', () => {
    const out = render(DATABASE('{x-cloudmap: private}'));
    const r = template(out, 'cloudmap.json').Resources;
    const service = r.rdsappdbCloudMapService.Properties;
    assert.equal(service.Name, 'appdb');
    assert.deepEqual(service.DnsConfig, { RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'CNAME', TTL: 15 }] });
    assert.equal(service.Type, undefined);
    const attrs = r.rdsappdbCloudMapInstance.Properties.InstanceAttributes;
    assert.deepEqual(Object.keys(attrs), ['AWS_INSTANCE_CNAME']);
    const params = template(out, 'cm.json').Resources.cloudmap.Properties.Parameters;
    assert.deepEqual(params[attrs.AWS_INSTANCE_CNAME.Ref], { 'Fn::GetAtt': ['rds', 'Outputs.appdbEndpointAddress'] });
    lintAll(out);
  });

  test('DnsSettings.Hostname names the DNS record of a database, with or without the namespace name', () => {
    for (const [hostname, name] of [['db01', 'db01'], ['db01.eu', 'db01.eu'], ['db01.app.internal', 'db01'], ['db01.app.internal.', 'db01']]) {
      const out = render(DATABASE(`{x-cloudmap: {Namespace: private, DnsSettings: {Hostname: "${hostname}"}}}`));
      assert.equal(template(out, 'cloudmap.json').Resources.rdsappdbCloudMapService.Properties.Name, name, hostname);
    }
  });

  test('DnsSettings on a resource without an endpoint: a warning, registered for the API', () => {
    const x = TABLE('{x-cloudmap: {Namespace: private, DnsSettings: {Hostname: orders}}}');
    const out = render(x);
    const w = only(out.warnings, 'CXN2120');
    assert.equal(w.path, 'x-dynamodb.orders.Settings.x-cloudmap.DnsSettings');
    assert.equal(w.pos?.line, lineOf(x, 'Settings:'));
    assert.equal(template(out, 'cloudmap.json').Resources.dynamodbordersCloudMapService.Properties.Type, 'HTTP');
  });

  test('a looked-up resource registers with the string form, not with the mapping form without ForceRegister', () => {
    const lookups: LookupFile['lookups'] = {
      'x-sqs::jobs': { request: { Tags: [{ team: 'jobs' }] }, result: { QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs', Arn: 'arn:aws:sqs:eu-west-1:123456789012:jobs', QueueName: 'jobs' } },
    };
    const queue = (settings: string) => `x-sqs:\n  jobs:\n    Lookup: {Tags: [{team: jobs}]}\n    Settings: ${settings}\n    Services:\n      api: {Access: RWMessages}\n`;
    const short = render(queue('{x-cloudmap: private}'), lookups);
    const attrs = template(short, 'cloudmap.json').Resources.sqsjobsCloudMapInstance.Properties.InstanceAttributes;
    assert.equal(attrs.Arn, 'arn:aws:sqs:eu-west-1:123456789012:jobs');
    lintAll(short);
    const skipped = render(queue('{x-cloudmap: {Namespace: private}}'), lookups);
    assert.equal(only(skipped.warnings, 'CXN2121').path, 'x-sqs.jobs.Settings.x-cloudmap');
    assert.equal(template(skipped, 'cloudmap.json').Resources.sqsjobsCloudMapService, undefined);
  });

  test('mistakes: an undeclared namespace, an attribute the resource does not give, a reserved attribute name', () => {
    const x = [
      'x-sqs:',
      '  a:',
      '    Properties: {}',
      '    Settings: {x-cloudmap: public}',
      '  b:',
      '    Properties: {}',
      '    Settings:',
      '      x-cloudmap:',
      '        Namespace: private',
      '        ReturnValues: {Endpoint: QueueEndpoint}',
      '        AdditionalAttributes: {AWS_INSTANCE_IPV4: 10.0.0.1}',
      '',
    ].join('\n');
    const ds = failure(x);
    const unknown = errorAt(ds, 'x-sqs.a.Settings.x-cloudmap', lineOf(x, 'x-cloudmap: public'));
    assert.equal(unknown.code, 'CXN1120');
    assert.match(unknown.expected ?? '', /private/);
    const attr = errorAt(ds, 'x-sqs.b.Settings.x-cloudmap.ReturnValues.Endpoint', lineOf(x, 'ReturnValues'));
    assert.equal(attr.code, 'CXN1121');
    assert.match(attr.expected ?? '', /QueueUrl/);
    assert.equal(errorAt(ds, 'x-sqs.b.Settings.x-cloudmap.AdditionalAttributes.AWS_INSTANCE_IPV4', lineOf(x, 'AdditionalAttributes')).code, 'CXN1122');
  });
});
