import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { template } from '../../../test/helpers/render.js';
import { diagnosticsOf, lintAll, renderWithVpc } from '../../../test/helpers/fixtures.js';
import type { LookupFile } from '../../lookups/recorded.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SERVICES = [
  'services:', //                        1
  '  web:', //                           2
  '    image: nginx', //                 3
  '    ports: [8080]', //                4
  '  api:', //                           5
  '    image: nginx', //                 6
  '    ports: [5000, 9000]', //          7
  '    deploy: {labels: {ecs.task.family: backend}}', // 8
  '  worker:', //                        9
  '    image: nginx', //                 10
  '    deploy: {labels: {ecs.task.family: backend}}', // 11
  '',
].join('\n');

const ZONE: LookupFile['lookups'] = {
  'x-route53::zone': { request: { ZoneName: 'example.com' }, result: { HostedZoneId: 'Z0123456789ABC', ZoneName: 'example.com' } },
};

const render = (x: string, lookups: LookupFile['lookups'] = {}) => renderWithVpc(SERVICES + x, { name: 'lb', lookups: { ...ZONE, ...lookups }, dirs });
const failure = (x: string, lookups: LookupFile['lookups'] = {}) => diagnosticsOf(() => render(x, lookups)).filter((d) => d.severity === 'error');

const ALB = `x-route53:
  zone: {ZoneName: example.com, Lookup: true}
x-acm:
  cert:
    MacroParameters: {DomainNames: [www.example.com], HostedZoneId: x-route53::zone}
x-elbv2:
  alb:
    Properties: {Scheme: internet-facing}
    MacroParameters:
      Ingress:
        ExtSources: [{IPv4: 0.0.0.0/0, Name: ANY}]
    Listeners:
      - Port: 80
        DefaultActions: [{Redirect: HTTP_TO_HTTPS}]
      - Port: 443
        Certificates: [{x-acm: cert}]
        Targets:
          - {name: backend:api, access: /api/*}
          - {name: web:web, access: /}
          - {name: backend:api, access: api.example.com}
    Services:
      web:web: {port: 8080, healthcheck: "8080:HTTP:/:200"}
      backend:api: {port: 5000, protocol: HTTP, healthcheck: "9000:HTTP:2:2:10:5:/health:200"}
`;

describe('x-elbv2', () => {
  test('an ALB: redirect, HTTPS with a new certificate, path/host rules in the written order, default to the catch-all', () => {
    const out = render(ALB);
    lintAll(out, 'alb');
    const lb = template(out, 'elbv2.json');
    assert.equal(lb.Resources.alb.Properties.Scheme, 'internet-facing');
    assert.deepEqual(lb.Resources.alb.Properties.Subnets, { Ref: 'PublicSubnets' });
    assert.equal(lb.Resources.albListener443.Properties.Protocol, 'HTTPS');
    assert.deepEqual(lb.Resources.albListener443.Properties.Certificates, [{ CertificateArn: { Ref: 'AcmcertArn' } }]);
    assert.deepEqual(lb.Resources.albListener443.Properties.DefaultActions[0].ForwardConfig.TargetGroups, [{ TargetGroupArn: { Ref: 'albTgwebweb8080' } }]);
    const rules = Object.entries(lb.Resources).filter(([, r]: [string, any]) => r.Type === 'AWS::ElasticLoadBalancingV2::ListenerRule');
    assert.deepEqual(
      rules.map(([id, r]: [string, any]) => [id, r.Properties.Priority, r.Properties.Conditions[0].Field]),
      [
        ['albListener443Rulebackendapi5000', 1, 'path-pattern'],
        ['albListener443Rulebackendapi50002', 2, 'host-header'],
      ],
    );
    assert.equal(lb.Resources.albListener80.Properties.DefaultActions[0].Type, 'redirect');
    // the load balancer's group opens the listener ports only
    const lbIngress = Object.values(lb.Resources).filter((r: any) => r.Type === 'AWS::EC2::SecurityGroupIngress') as any[];
    assert.deepEqual(lbIngress.map((r) => [r.Properties.CidrIp, r.Properties.FromPort, r.Properties.ToPort]), [
      ['0.0.0.0/0', 80, 80],
      ['0.0.0.0/0', 443, 443],
    ]);
  });

  test('each target family accepts traffic from the load balancer group only, on its target and health-check ports', () => {
    const out = render(ALB);
    const backend = template(out, 'backend.json');
    const svc = backend.Resources.EcsServiceDefinition;
    assert.deepEqual(svc.Properties.LoadBalancers, [{ ContainerName: 'api', ContainerPort: 5000, TargetGroupArn: { Ref: 'albTgbackendapi5000Arn' } }]);
    assert.equal(svc.Properties.HealthCheckGracePeriodSeconds, 60);
    const ingress = Object.entries(backend.Resources).filter(([, r]: [string, any]) => r.Type === 'AWS::EC2::SecurityGroupIngress') as [string, any][];
    assert.deepEqual(
      ingress.map(([id, r]) => [id, r.Properties.SourceSecurityGroupId, r.Properties.FromPort]),
      [
        ['FromLbalbTo5000tcp', { Ref: 'albSecurityGroupId' }, 5000],
        ['FromLbalbTo9000tcp', { Ref: 'albSecurityGroupId' }, 9000],
      ],
    );
    for (const [id] of ingress) assert.ok(svc.DependsOn.includes(id));
    assert.ok(ingress.every(([, r]) => r.Properties.CidrIp === undefined && r.Properties.CidrIpv6 === undefined));
    const root = template(out, 'lb.json');
    assert.deepEqual(root.Resources.backend.Properties.Parameters.albSecurityGroupId, { 'Fn::GetAtt': ['elbv2', 'Outputs.albSecurityGroupId'] });
  });

  test('renders are byte-identical (no random rule priorities)', () => {
    const a = render(ALB);
    const b = render(ALB);
    assert.deepEqual([...a.files], [...b.files]);
  });

  test('an internal NLB: app subnets, TCP listener forwarding to its one target, TLS with a certificate ARN', () => {
    const out = render(`x-elbv2:
  nlb:
    Properties: {Type: network}
    MacroParameters: {Ingress: {ExtSources: [{IPv4: 10.0.0.0/8}]}}
    Listeners:
      5000: {Protocol: TCP, Targets: [{name: backend:api}]}
      5001:
        Certificates: [{CertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d"}]
        Targets: [{name: backend:api}]
    Services:
      backend:api: {port: 5000, healthcheck: "5000:TCP:3:3:10:5"}
`);
    lintAll(out, 'nlb');
    const lb = template(out, 'elbv2.json');
    assert.equal(lb.Resources.nlb.Properties.Scheme, 'internal');
    assert.deepEqual(lb.Resources.nlb.Properties.Subnets, { Ref: 'AppSubnets' });
    assert.equal(lb.Resources.nlbListener5001.Properties.Protocol, 'TLS');
    assert.equal(lb.Resources.nlbTgbackendapi5000.Properties.Protocol, 'TCP');
    assert.equal(lb.Resources.nlbTgbackendapi5000.Properties.TargetType, 'ip');
  });

  test('1.x forms: LoadBalancerAttributes as a mapping, a wildcard DNS alias', () => {
    const out = render(`x-route53:
  zone: {ZoneName: example.com, Lookup: true}
x-elbv2:
  nlb:
    Properties:
      Scheme: internet-facing
      Type: network
      LoadBalancerAttributes:
        dns_record.client_routing_policy: partial_availability_zone_affinity
    Listeners:
      - Port: 5000
        Protocol: TCP
        Targets: [{name: backend:api}]
    Services:
      backend:api: {port: 5000, protocol: TCP}
    DnsAliases:
      - Route53Zone: x-route53::zone
        Names: [api.example.com, "*.api.example.com"]
`);
    lintAll(out, 'nlb-1x-forms');
    const lb = template(out, 'elbv2.json');
    assert.ok(lb.Resources.nlb.Properties.LoadBalancerAttributes.some((a: { Key: string; Value: string }) => a.Key === 'dns_record.client_routing_policy' && a.Value === 'partial_availability_zone_affinity'));
    const names = Object.values(lb.Resources).filter((r: any) => r.Type === 'AWS::Route53::RecordSet').map((r: any) => r.Properties.Name).sort();
    assert.deepEqual(names, ['*.api.example.com', 'api.example.com']);
  });

  test('every mistake at its line, all in one run', () => {
    const errors = failure(`x-elbv2:
  alb:
    Properties: {Type: application}
    Listeners:
      - Port: 80
        Targets: [{name: nosuch:web}]
      - Port: 80
        Targets: [{name: web:web}]
      - Port: 443
        Protocol: HTTPS
        Targets: [{name: web:web}]
      - Port: 8443
        Certificates: [{x-acm: missing-cert}]
        Targets: [{name: backend:api, access: not a path}]
    Services:
      nosuch:web: {port: 80}
      web:api: {port: 80}
      web:web: {port: 9999}
      backend:api: {port: 5000, healthcheck: "5000:HTTP:bad"}
    DnsAliases:
      - Route53Zone: x-route53::nozone
        Names: [www.example.com]
  nlb:
    Properties: {Type: network}
    Listeners:
      - Port: 443
        Certificates: [{CertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d"}]
        Targets:
          - name: backend:api
            AuthenticateCognitoConfig: {UserPoolArn: x-cognito_userpool::pool, UserPoolClientId: x, UserPoolDomain: y}
    Services:
      backend:api: {port: 5000}
x-wafv2_webacl:
  acl:
    Properties: {DefaultAction: {Allow: {}}, VisibilityConfig: {SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: acl}}
    LoadBalancers: [nosuch-lb]
`);
    const at = (code: string) =>
      errors
        .filter((d) => d.code === code)
        .map((d) => d.pos?.line)
        .sort((a, b) => (a ?? 0) - (b ?? 0));
    const base = 12; // x-elbv2 is on line 12
    assert.deepEqual(at('CXE1105'), [base + 15, base + 16], JSON.stringify(errors, null, 1)); // unknown family, service not in family
    assert.deepEqual(at('CXE1106'), [base + 17]); // port not exposed
    assert.deepEqual(at('CXE1101'), [base + 6]); // listener port twice
    assert.deepEqual(at('CXE1102'), [base + 9]); // HTTPS without certificate
    assert.deepEqual(at('CXE1114'), [base + 18]); // malformed health check
    assert.deepEqual(at('CXE1203'), [base + 12]); // unknown x-acm
    assert.deepEqual(at('CXE1302'), [base + 20]); // unknown x-route53
    assert.deepEqual(at('CXE1108'), [base + 29]); // Cognito on a network load balancer
    assert.deepEqual(at('CXE1502'), [base + 35]); // unknown x-elbv2 in a WAF
    assert.equal(errors.length, 10);
    assert.ok(errors.every((d) => d.pos?.file.endsWith('docker-compose.yml') && d.path !== undefined));
    const hc = errors.find((d) => d.code === 'CXE1114');
    assert.match(hc?.expected ?? '', /port:protocol/);
  });

  test('rules named after unknown Services, and two catch-alls, are refused', () => {
    const errors = failure(`x-elbv2:
  alb:
    Listeners:
      - Port: 80
        Targets: [{name: web:web, access: /}, {name: backend:api, access: /}, {name: backend:worker, access: /w}]
    Services:
      web:web: {port: 8080}
      backend:api: {port: 5000}
`);
    assert.deepEqual(
      errors.map((d) => [d.code, d.pos?.line]),
      [
        ['CXE1109', 16],
        ['CXE1104', 16],
      ],
    );
  });

  test('ReturnValues reach the target container; an unknown attribute is an error', () => {
    const out = render(`x-elbv2:
  alb:
    MacroParameters: {Ingress: {ExtSources: [{IPv4: 10.0.0.0/8}]}}
    Listeners:
      - Port: 80
        Targets: [{name: web:web}]
    Services:
      web:web: {port: 8080, ReturnValues: {DNSName: LB_DNS, LoadBalancerArn: {EnvVarName: LB_ARN}}}
`);
    const web = template(out, 'web.json');
    const env = web.Resources.EcsTaskDefinition.Properties.ContainerDefinitions[0].Environment;
    assert.deepEqual(env, [
      { Name: 'LB_ARN', Value: { Ref: 'albArn' } },
      { Name: 'LB_DNS', Value: { Ref: 'albDNSName' } },
    ]);
    const errors = failure(`x-elbv2:
  alb:
    Listeners:
      - Port: 80
        Targets: [{name: web:web}]
    Services:
      web:web: {port: 8080, ReturnValues: {Nope: X}}
`);
    assert.deepEqual(errors.map((d) => [d.code, d.pos?.line]), [['CXE1001', 18]]);
  });

  test('x-acm names outside the validation zone are refused', () => {
    const errors = failure(`x-route53:
  zone: {ZoneName: example.com, Lookup: true}
x-acm:
  cert:
    MacroParameters: {DomainNames: [www.example.org], HostedZoneId: x-route53::zone}
`);
    assert.deepEqual(errors.map((d) => [d.code, d.pos?.line]), [['CXE1202', 16]]);
  });

  test('a new x-route53 zone: the route53 stack, its id passed to the certificate', () => {
    const out = render(`x-route53:
  newzone: {ZoneName: internal.example.com}
x-acm:
  cert:
    MacroParameters: {DomainNames: [api.internal.example.com], HostedZoneId: x-route53::newzone}
`);
    lintAll(out, 'zone');
    assert.equal(template(out, 'route53.json').Resources.Zonenewzone.Properties.Name, 'internal.example.com');
    assert.deepEqual(template(out, 'lb.json').Resources.acm.Properties.Parameters.Route53newzoneZoneId, { 'Fn::GetAtt': ['route53', 'Outputs.ZonenewzoneId'] });
  });
});
