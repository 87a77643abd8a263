import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderText, template } from '../../../test/helpers/render.js';
import { diagnosticsOf, only } from '../../../test/helpers/fixtures.js';
import type { LookupFile } from '../../lookups/recorded.js';

function render(yaml: string, lookups?: LookupFile['lookups']) {
  return renderText({ files: { 'docker-compose.yml': yaml }, name: 'net', lookups });
}

/** The diagnostics of a render that must fail. */
function failure(yaml: string, lookups?: LookupFile['lookups']) {
  return diagnosticsOf(() => render(yaml, lookups));
}

function rules(t: Record<string, any>): Record<string, any> {
  return Object.fromEntries(Object.entries(t.Resources).filter(([, r]: [string, any]) => r.Type === 'AWS::EC2::SecurityGroupIngress'));
}

/** Logical IDs a value references with Ref / Fn::GetAtt. */
function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Ref' && typeof x === 'string') out.push(x);
      else if (k === 'Fn::GetAtt' && Array.isArray(x)) out.push(x[0]);
      else refs(x, out);
    }
  }
  return out;
}

/** Creation order of the root's resources (DependsOn and references); fails on a cycle. */
function stackOrder(root: Record<string, any>): string[] {
  const deps = new Map<string, string[]>(
    Object.entries(root.Resources).map(([k, r]: [string, any]) => [k, [...(r.DependsOn ?? []), ...refs(r.Properties)].filter((d) => d in root.Resources)]),
  );
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (k: string, trail: string[]) => {
    if (state.get(k) === 'done') return;
    assert.notEqual(state.get(k), 'visiting', `DependsOn cycle: ${[...trail, k].join(' -> ')}`);
    state.set(k, 'visiting');
    for (const d of deps.get(k) ?? []) visit(d, [...trail, k]);
    state.set(k, 'done');
    out.push(k);
  };
  for (const k of [...deps.keys()].sort()) visit(k, []);
  return out;
}

const SG = { 'Fn::GetAtt': ['ServiceSecurityGroup', 'GroupId'] };

describe('x-network Ingress in the family template', () => {
  test('no Ingress: no rule at all', () => {
    const out = render('services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n');
    assert.deepEqual(rules(template(out, 'web.json')), {});
  });

  test('Myself: one rule per family port and protocol; the service waits for them', () => {
    const out = render(
      [
        'services:',
        '  web:',
        '    image: nginx',
        '    ports: ["80:80", "53:53/udp"]',
        '    x-network:',
        '      Ingress:',
        '        Myself: true',
        '  sidecar:',
        '    image: envoy',
        '    deploy: {labels: {ecs.task.family: web}}',
        '    x-network: {Ingress: {Myself: true}}',
        '',
      ].join('\n'),
    );
    const t = template(out, 'web.json');
    assert.deepEqual(rules(t), {
      AllowingInterCommunicationPort80tcp: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: { GroupId: SG, SourceSecurityGroupId: SG, IpProtocol: 'tcp', FromPort: 80, ToPort: 80, Description: 'Internal traffic on 80/tcp' },
      },
      AllowingInterCommunicationPort53udp: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: { GroupId: SG, SourceSecurityGroupId: SG, IpProtocol: 'udp', FromPort: 53, ToPort: 53, Description: 'Internal traffic on 53/udp' },
      },
    });
    const dependsOn: string[] = t.Resources.EcsServiceDefinition.DependsOn;
    assert.ok(dependsOn.includes('AllowingInterCommunicationPort80tcp') && dependsOn.includes('AllowingInterCommunicationPort53udp'));
  });

  test('ExtSources: named, unnamed, IPv6, Ports filter and Description', () => {
    const out = render(
      [
        'services:',
        '  web:',
        '    image: nginx',
        '    ports: ["80:80", "443:443"]',
        '    x-network:',
        '      Ingress:',
        '        ExtSources:',
        '          - {IPv4: 0.0.0.0/0, Name: the-world, Ports: [443]}',
        '          - {IPv4: 10.0.0.0/8, Description: "office $${VPN}"}',
        '          - {IPv6: "::/0", Ports: [443]}',
        '',
      ].join('\n'),
      undefined,
    );
    const r = rules(template(out, 'web.json'));
    assert.deepEqual(Object.keys(r).sort(), ['From100008To443tcp', 'From100008To80tcp', 'FromIpv60To443tcp', 'FromTheworldTo443tcp']);
    assert.deepEqual(r.FromTheworldTo443tcp.Properties, {
      GroupId: SG,
      CidrIp: '0.0.0.0/0',
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      Description: 'From the-world to 443/tcp for web',
    });
    assert.deepEqual(r.From100008To80tcp.Properties.Description, { 'Fn::Sub': ['office ${Dollar}{VPN}', { Dollar: '$' }] });
    assert.equal(r.FromIpv60To443tcp.Properties.CidrIpv6, '::/0');
    assert.equal(r.FromIpv60To443tcp.Properties.CidrIp, undefined);
  });

  test('a CIDR with host bits set is an error at its line, with the network address', () => {
    const ds = failure(
      ['services:', '  web:', '    image: nginx', '    ports: [80]', '    x-network:', '      Ingress:', '        ExtSources:', '          - IPv4: 10.1.2.3/16', '          - IPv6: "2001:db8::1/32"', ''].join('\n'),
    );
    const v4 = ds.find((d) => d.path === 'services.web.x-network.Ingress.ExtSources[0].IPv4');
    assert.equal(v4?.code, 'CXN1001');
    assert.equal(v4?.pos?.line, 8);
    assert.match(v4?.hint ?? '', /10\.1\.0\.0\/16/);
    assert.match(v4?.expected ?? '', /IPv4 CIDR block/);
    const v6 = ds.find((d) => d.path === 'services.web.x-network.Ingress.ExtSources[1].IPv6');
    assert.equal(v6?.pos?.line, 9);
    assert.match(v6?.hint ?? '', /2001:db8::\/32/);
  });

  test('a malformed IPv6 block is an error', () => {
    const ds = failure('services:\n  web:\n    image: nginx\n    ports: [80]\n    x-network: {Ingress: {ExtSources: [{IPv6: "2001::db8::/32"}]}}\n');
    const d = only(ds, 'CXN1001');
    assert.equal(d.pos?.line, 5);
    assert.match(d.message, /is not an IPv6 CIDR block/);
  });

  test('Ports must be ports of the family', () => {
    const ds = failure(
      ['services:', '  web:', '    image: nginx', '    ports: [80]', '    x-network:', '      Ingress:', '        ExtSources:', '          - IPv4: 0.0.0.0/0', '            Ports: [80, 8080]', ''].join('\n'),
    );
    const d = only(ds, 'CXN1003');
    assert.equal(d.path, 'services.web.x-network.Ingress.ExtSources[0].Ports[1]');
    assert.equal(d.pos?.line, 9);
    assert.match(d.message, /port 8080 is not a port of family "web"/);
    assert.match(d.expected ?? '', /80/);
  });

  test('AwsSources: security group (with owner), prefix list and looked-up group', () => {
    const lookup = { Tags: [{ Name: 'bastion' }] };
    const out = render(
      [
        'services:',
        '  web:',
        '    image: nginx',
        '    ports: [80]',
        '    x-network:',
        '      Ingress:',
        '        AwsSources:',
        '          - {Type: SecurityGroup, Id: sg-0123abcd, AccountOwner: "123456789012"}',
        '          - {Type: PrefixList, Id: pl-6da54004}',
        '          - {Type: SecurityGroup, Lookup: {Tags: [{Name: bastion}]}}',
        '',
      ].join('\n'),
      { 'x-network::web::AwsSources::2': { request: lookup, result: { Id: 'sg-0b0b0b0b' } } },
    );
    const r = rules(template(out, 'web.json'));
    assert.deepEqual(r.Fromsg0123abcdTo80tcp.Properties, {
      GroupId: SG,
      SourceSecurityGroupId: 'sg-0123abcd',
      SourceSecurityGroupOwnerId: '123456789012',
      IpProtocol: 'tcp',
      FromPort: 80,
      ToPort: 80,
      Description: 'From sg-0123abcd to 80/tcp for web',
    });
    assert.equal(r.Frompl6da54004To80tcp.Properties.SourcePrefixListId, 'pl-6da54004');
    assert.equal(r.Frompl6da54004To80tcp.Properties.SourceSecurityGroupId, undefined);
    assert.equal(r.Fromsg0b0b0b0bTo80tcp.Properties.SourceSecurityGroupId, 'sg-0b0b0b0b');
  });

  test('AwsSources: an unrecorded lookup and a type/id mismatch are errors at their lines', () => {
    const ds = failure(
      [
        'services:',
        '  web:',
        '    image: nginx',
        '    ports: [80]',
        '    x-network:',
        '      Ingress:',
        '        AwsSources:',
        '          - Type: PrefixList',
        '            Id: sg-0123abcd',
        '          - Type: SecurityGroup',
        '            Lookup: {Tags: [{Name: bastion}]}',
        '',
      ].join('\n'),
    );
    const mismatch = only(ds, 'CXN1004');
    assert.equal(mismatch.pos?.line, 9);
    const missing = only(ds, 'CXK1003');
    assert.equal(missing.pos?.line, 11);
    assert.match(missing.message, /x-network::web::AwsSources::1/);
  });

  test('Ingress on a family without ports is a warning', () => {
    const out = render('services:\n  worker:\n    image: busybox\n    x-network:\n      Ingress: {Myself: true}\n');
    const w = only(out.warnings, 'CXN2001');
    assert.equal(w.pos?.line, 5);
    assert.deepEqual(rules(template(out, 'worker.json')), {});
  });
});

describe('x-network Ingress.Services between families', () => {
  test('the rule goes into the destination, which receives the source group and waits for it', () => {
    const out = render(
      ['services:', '  api:', '    image: api', '    ports: [8080]', '  db:', '    image: postgres', '    ports: [5432]', '    x-network:', '      Ingress:', '        Services: [{Name: api}]', ''].join('\n'),
    );
    const db = template(out, 'db.json');
    assert.deepEqual(rules(db).FromapiTodbOn5432Tcp.Properties, {
      GroupId: SG,
      SourceSecurityGroupId: { Ref: 'apiSecurityGroupId' },
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      Description: 'From api to db on 5432/tcp',
    });
    assert.equal(db.Parameters.apiSecurityGroupId.Type, 'AWS::EC2::SecurityGroup::Id');
    const root = template(out, 'net.json');
    assert.deepEqual(root.Resources.db.Properties.Parameters.apiSecurityGroupId, { 'Fn::GetAtt': ['api', 'Outputs.ServiceSecurityGroupId'] });
    const order = stackOrder(root);
    assert.ok(order.indexOf('api') < order.indexOf('db'));
    assert.deepEqual(rules(template(out, 'api.json')), {});
  });

  test('client depends_on server: the rule goes into the client, created last; no cycle', () => {
    const out = render(
      [
        'services:',
        '  api:',
        '    image: api',
        '    ports: [8080]',
        '    depends_on: [db]',
        '  db:',
        '    image: postgres',
        '    ports: [5432]',
        '    x-network: {Ingress: {Services: [{Name: api}]}}',
        '',
      ].join('\n'),
    );
    const api = template(out, 'api.json');
    assert.deepEqual(rules(api).FromapiTodbOn5432Tcp.Properties.GroupId, { Ref: 'dbSecurityGroupId' });
    assert.deepEqual(rules(api).FromapiTodbOn5432Tcp.Properties.SourceSecurityGroupId, SG);
    assert.ok(api.Resources.EcsServiceDefinition.DependsOn.includes('FromapiTodbOn5432Tcp'));
    assert.deepEqual(rules(template(out, 'db.json')), {});
    const order = stackOrder(template(out, 'net.json'));
    assert.ok(order.indexOf('db') < order.indexOf('api'));
  });

  test('two families allowing each other deploy: both rules in one stack, no DependsOn cycle', () => {
    const out = render(
      [
        'services:',
        '  a:',
        '    image: a',
        '    ports: [1000]',
        '    x-network: {Ingress: {Services: [{Name: b}]}}',
        '  b:',
        '    image: b',
        '    ports: [2000]',
        '    x-network: {Ingress: {Services: [{Name: a}]}}',
        '',
      ].join('\n'),
    );
    const a = rules(template(out, 'a.json'));
    const b = rules(template(out, 'b.json'));
    const all = { ...a, ...b };
    assert.deepEqual(Object.keys(all).sort(), ['FromaTobOn2000Tcp', 'FrombToaOn1000Tcp']);
    assert.ok(Object.keys(a).length === 0 || Object.keys(b).length === 0, 'both rules in the same stack');
    stackOrder(template(out, 'net.json'));
  });

  test('a Ports filter applies to the destination ports; self-reference equals Myself', () => {
    const out = render(
      [
        'services:',
        '  api:',
        '    image: api',
        '    ports: [8080]',
        '  db:',
        '    image: postgres',
        '    ports: [5432, 9187]',
        '    x-network: {Ingress: {Myself: true, Services: [{Name: api, Ports: [5432]}, {Name: db}]}}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(Object.keys(rules(template(out, 'db.json'))).sort(), [
      'AllowingInterCommunicationPort5432tcp',
      'AllowingInterCommunicationPort9187tcp',
      'FromapiTodbOn5432Tcp',
    ]);
  });

  test('an unknown Name is an error listing the families and services', () => {
    const ds = failure(
      ['services:', '  api:', '    image: api', '  db:', '    image: postgres', '    ports: [5432]', '    x-network:', '      Ingress:', '        Services:', '          - Name: apii', ''].join('\n'),
    );
    const d = only(ds, 'CXN1007');
    assert.equal(d.path, 'services.db.x-network.Ingress.Services[0].Name');
    assert.equal(d.pos?.line, 10);
    assert.equal(d.expected, 'one of: api and db');
  });
});

describe('x-network AdditionalSecurityGroups', () => {
  test('ids and looked-up groups join the service security groups', () => {
    const lookup = { Tags: [{ Name: 'shared' }] };
    const out = render(
      [
        'services:',
        '  web:',
        '    image: nginx',
        '    x-network:',
        '      AdditionalSecurityGroups:',
        '        monitoring: {SecurityGroupId: sg-0aaaaaaa}',
        '        shared: {Lookup: {Tags: [{Name: shared}]}}',
        '',
      ].join('\n'),
      { 'x-network::web::AdditionalSecurityGroups::shared': { request: lookup, result: { Id: 'sg-0bbbbbbb' } } },
    );
    const net = template(out, 'web.json').Resources.EcsServiceDefinition.Properties.NetworkConfiguration.AwsvpcConfiguration;
    assert.deepEqual(net.SecurityGroups, [SG, 'sg-0aaaaaaa', 'sg-0bbbbbbb']);
  });

  test('a malformed security group id is an error at its line', () => {
    const ds = failure('services:\n  web:\n    image: nginx\n    x-network:\n      AdditionalSecurityGroups:\n        bad: {SecurityGroupId: sg-xyz}\n');
    const d = only(ds, 'CXN1009');
    assert.equal(d.pos?.line, 6);
    assert.match(d.expected ?? '', /8 or 17 hexadecimal digits/);
  });

  test('more than five security groups is an error', () => {
    const groups = [1, 2, 3, 4, 5].map((i) => `        g${i}: {SecurityGroupId: sg-0000000${i}}`);
    const ds = failure(['services:', '  web:', '    image: nginx', '    x-network:', '      AdditionalSecurityGroups:', ...groups, ''].join('\n'));
    const d = only(ds, 'CXN1008');
    assert.equal(d.path, 'services.web.x-network.AdditionalSecurityGroups.g5');
    assert.equal(d.pos?.line, 10);
  });
});
