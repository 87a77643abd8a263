import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderText } from '../../../test/helpers/render.js';
import { lintAll } from '../../../test/helpers/fixtures.js';

const COMPOSE = `
services:
  front:
    image: nginx
    ports: ["80:80", "443:443"]
    depends_on: [api]
    x-network:
      AssignPublicIp: true
      AdditionalSecurityGroups:
        monitoring: {SecurityGroupId: sg-0a1b2c3d}
        shared: {Lookup: {Tags: [{Name: shared}]}}
      Ingress:
        ExtSources:
          - {IPv4: 0.0.0.0/0, Name: world, Ports: [443]}
          - {IPv6: "::/0", Description: "IPv6 clients $$\${X}"}
        AwsSources:
          - {Type: PrefixList, Id: pl-6da54004, Ports: [80]}
          - {Type: SecurityGroup, Id: sg-0123abcd, AccountOwner: "123456789012"}
          - {Type: SecurityGroup, Lookup: {Tags: [{Name: bastion}]}}
  api:
    image: api
    ports: [8080, "9090:9090/udp"]
    x-network:
      Ingress:
        Myself: true
        Services: [{Name: front}, {Name: worker, Ports: [8080]}]
  worker:
    image: worker
    ports: [7000]
    x-network:
      Ingress:
        Services: [{Name: api}]
`;

test('every template of a project using all of x-network is lint-clean', () => {
  const out = renderText({
    files: { 'docker-compose.yml': COMPOSE },
    name: 'netlint',
    lookups: {
      'x-network::front::AdditionalSecurityGroups::shared': { request: { Tags: [{ Name: 'shared' }] }, result: { Id: 'sg-05a5a5a5' } },
      'x-network::front::AwsSources::2': { request: { Tags: [{ Name: 'bastion' }] }, result: { Id: 'sg-0b0b0b0b' } },
    },
  });
  const api = JSON.parse(out.files.get('api.json') ?? '{}');
  const worker = JSON.parse(out.files.get('worker.json') ?? '{}');
  const ingress = (t: { Resources: Record<string, { Type: string }> }) =>
    Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroupIngress').map(([k]) => k).sort();
  // api <-> worker allow each other: both rules in one of the two stacks.
  assert.equal([...ingress(api), ...ingress(worker)].filter((k) => /FromapiToworker|FromworkerToapi/.test(k)).length, 2);
  lintAll(out);
});
