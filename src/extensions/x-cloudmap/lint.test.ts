import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderText } from '../../../test/helpers/render.js';
import { lintAll, renderProject } from '../../../test/helpers/fixtures.js';
import { RecordedLookups } from '../../lookups/recorded.js';
import { xNetwork } from '../x-network/index.js';
import { xCloudmap } from './index.js';

test('new namespaces and registrations are lint-clean', () => {
  const out = renderText({
    name: 'cmlint',
    files: {
      'docker-compose.yml': `
services:
  web:
    image: nginx
    ports: [80, 443]
    x-network: {x-cloudmap: {apps: {Port: 443, Name: www}}}
  api:
    image: api
    ports: [8080]
    x-network: {x-cloudmap: apps}
x-cloudmap:
  apps:
    Name: apps.internal
    Properties: {Description: Application services, Properties: {DnsProperties: {SOA: {TTL: 60}}}}
  unused:
    ZoneName: spare.internal
`,
    },
  });
  lintAll(out, 'cmlint');
});

test('the Kafka example: connect talks to itself on 8083 and is connect.kafka.internal', () => {
  const dir = join(process.cwd(), 'examples', 'kafka-connect');
  const lookups = RecordedLookups.read(join(dir, 'compose-x.lookups.json'));
  assert.ok(lookups instanceof RecordedLookups);
  const out = renderProject(dir, ['docker-compose.yml', 'aws.yml', 'vpc.yml'], lookups, { name: 'kafka-connect', extensions: [xCloudmap, xNetwork] });
  const connect = JSON.parse(out.files.get('connect.json') ?? '{}');
  const rule = connect.Resources.AllowingInterCommunicationPort8083tcp;
  assert.equal(rule.Type, 'AWS::EC2::SecurityGroupIngress');
  assert.equal(rule.Properties.FromPort, 8083);
  assert.deepEqual(rule.Properties.SourceSecurityGroupId, rule.Properties.GroupId);
  assert.equal(connect.Resources.CloudMapService.Properties.Name, 'connect');
  assert.deepEqual(connect.Resources.EcsServiceDefinition.Properties.ServiceRegistries[0].Port, 8083);
  const cloudmap = JSON.parse(out.files.get('cloudmap.json') ?? '{}');
  assert.equal(cloudmap.Resources.PrivateNamespace.Properties.Name, 'kafka.internal');
  const root = JSON.parse(out.files.get('kafka-connect.json') ?? '{}');
  assert.equal(root.Resources.cloudmap.Properties.Parameters.VpcId, 'vpc-0a1b2c3d4e5f60718');
  lintAll(out, 'kafka-connect');
});
