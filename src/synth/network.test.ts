/**
 * Tests of where services run: the new VPC from x-vpc.Properties (CIDR, NAT layout, zones,
 * endpoints, flow logs) and a looked-up VPC with extra subnet groups mapped from networks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupFile } from '../lookups/recorded.js';
import type { RenderOutput } from './render.js';
import { errorsOf, renderCompose } from '../../test/helpers/fixtures.js';

function run(yaml: string, lookups: LookupFile['lookups'] = {}): RenderOutput {
  return renderCompose(yaml, { lookups, tmpPrefix: 'cx-net-' });
}

function resources(out: RenderOutput, file: string): Record<string, any> {
  return JSON.parse(out.files.get(file) as string).Resources;
}

function ofType(r: Record<string, any>, type: string): string[] {
  return Object.keys(r).filter((k) => r[k].Type === type);
}

const WEB = 'services:\n  web:\n    image: nginx\n';

test('default VPC: two zones, one NAT gateway, /24 split into App /26, Public /27, Storage /27', () => {
  const r = resources(run(WEB), 'vpc.json');
  assert.equal(r.Vpc.Properties.CidrBlock, '100.64.72.0/24');
  assert.deepEqual(ofType(r, 'AWS::EC2::NatGateway'), ['NatGatewayAzA']);
  assert.deepEqual(r.AppRouteB.Properties.NatGatewayId, { Ref: 'NatGatewayAzA' });
  assert.equal(r.AppSubnetB.Properties.CidrBlock, '100.64.72.128/26');
  assert.equal(r.PublicSubnetA.Properties.CidrBlock, '100.64.72.64/27');
  assert.equal(r.StorageSubnetB.Properties.CidrBlock, '100.64.72.224/27');
  assert.deepEqual(ofType(r, 'AWS::EC2::VPCEndpoint'), []);
});

test('SingleNat: false gives one NAT gateway per zone, each App route table using its own', () => {
  const r = resources(run(`${WEB}x-vpc:\n  Properties:\n    VpcCidr: 10.0.0.0/16\n    SingleNat: false\n`), 'vpc.json');
  assert.equal(r.Vpc.Properties.CidrBlock, '10.0.0.0/16');
  assert.deepEqual(ofType(r, 'AWS::EC2::NatGateway'), ['NatGatewayAzA', 'NatGatewayAzB']);
  assert.deepEqual(r.NatGatewayAzB.Properties.SubnetId, { Ref: 'PublicSubnetB' });
  assert.deepEqual(r.AppRouteA.Properties.NatGatewayId, { Ref: 'NatGatewayAzA' });
  assert.deepEqual(r.AppRouteB.Properties.NatGatewayId, { Ref: 'NatGatewayAzB' });
  assert.equal(r.AppSubnetA.Properties.CidrBlock, '10.0.0.0/18');
});

test('DisableNat: no NAT gateway, no default route for the App subnets', () => {
  const r = resources(run(`${WEB}x-vpc:\n  Properties:\n    DisableNat: true\n`), 'vpc.json');
  assert.deepEqual(ofType(r, 'AWS::EC2::NatGateway'), []);
  assert.deepEqual(ofType(r, 'AWS::EC2::EIP'), []);
  assert.equal(r.AppRouteA, undefined);
});

test('AvailabilityZones: 3 spreads the subnets and NAT gateways over three zones', () => {
  const r = resources(run(`${WEB}x-vpc:\n  Properties:\n    AvailabilityZones: 3\n    SingleNat: false\n`), 'vpc.json');
  assert.deepEqual(ofType(r, 'AWS::EC2::Subnet').length, 9);
  assert.deepEqual(ofType(r, 'AWS::EC2::NatGateway'), ['NatGatewayAzA', 'NatGatewayAzB', 'NatGatewayAzC']);
  assert.deepEqual(r.AppSubnetC.Properties.AvailabilityZone, { 'Fn::Select': [2, { 'Fn::GetAZs': '' }] });
  assert.equal(r.AppSubnetC.Properties.CidrBlock, '100.64.72.128/27');
  const [e] = errorsOf(() => run(`${WEB}x-vpc:\n  Properties:\n    AvailabilityZones: 4\n`));
  assert.equal(e.path, 'x-vpc.Properties.AvailabilityZones');
  assert.equal(e.pos?.line, 6);
});

test('Endpoints: s3 / dynamodb are gateway endpoints on every route table; others interface endpoints with a 443 SG', () => {
  const r = resources(
    run(`${WEB}x-vpc:
  Properties:
    Endpoints:
      AwsServices:
        - service: s3
        - service: dynamodb
        - service: ecr.dkr
`),
    'vpc.json',
  );
  assert.deepEqual(ofType(r, 'AWS::EC2::VPCEndpoint'), ['VpcEndpointS3', 'VpcEndpointDynamodb', 'VpcEndpointEcrDkr']);
  const s3 = r.VpcEndpointS3.Properties;
  assert.equal(s3.VpcEndpointType, 'Gateway');
  assert.deepEqual(s3.ServiceName, { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' });
  assert.deepEqual(s3.RouteTableIds, [{ Ref: 'PublicRtb' }, { Ref: 'StorageRtb' }, { Ref: 'AppRtbA' }, { Ref: 'AppRtbB' }]);
  const ecr = r.VpcEndpointEcrDkr.Properties;
  assert.equal(ecr.VpcEndpointType, 'Interface');
  assert.equal(ecr.PrivateDnsEnabled, true);
  assert.deepEqual(ecr.SubnetIds, [{ Ref: 'AppSubnetA' }, { Ref: 'AppSubnetB' }]);
  assert.deepEqual(ecr.SecurityGroupIds, [{ 'Fn::GetAtt': ['VpcEndpointsSg', 'GroupId'] }]);
  assert.deepEqual(r.VpcEndpointsSg.Properties.SecurityGroupIngress, [
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, Description: 'HTTPS from the VPC' },
  ]);
  const gatewayOnly = resources(run(`${WEB}x-vpc:\n  Properties:\n    Endpoints:\n      AwsServices: [{service: s3}]\n`), 'vpc.json');
  assert.equal(gatewayOnly.VpcEndpointsSg, undefined);
});

test('a VPC endpoint listed twice is an error at its line', () => {
  const [e] = errorsOf(() => run(`${WEB}x-vpc:\n  Properties:\n    Endpoints:\n      AwsServices:\n        - service: s3\n        - service: s3\n`));
  assert.equal(e.code, 'CXR1042');
  assert.equal(e.path, 'x-vpc.Properties.Endpoints.AwsServices[1].service');
  assert.equal(e.pos?.line, 9);
});

test('EnableFlowLogs: log group, role (with its boundary) and flow log; DHCP domain name', () => {
  const r = resources(
    run(`${WEB}x-vpc:
  Properties:
    EnableFlowLogs: true
    FlowLogsRoleBoundary: arn:aws:iam::123456789012:policy/teams/boundary
    DHCPOptions:
      DomainName: corp.internal
`),
    'vpc.json',
  );
  assert.equal(r.FlowLogsGroup.Properties.RetentionInDays, 14);
  assert.deepEqual(r.FlowLogsRole.Properties.PermissionsBoundary, { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/teams/boundary' });
  assert.equal(r.FlowLogsRole.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service, 'vpc-flow-logs.amazonaws.com');
  assert.deepEqual(r.VpcFlowLogs.Properties.ResourceId, { Ref: 'Vpc' });
  assert.deepEqual(r.VpcFlowLogs.Properties.DeliverLogsPermissionArn, { 'Fn::GetAtt': ['FlowLogsRole', 'Arn'] });
  assert.equal(r.VpcDhcpOptions.Properties.DomainName, 'corp.internal');
  assert.deepEqual(r.VpcDhcpOptionsAssociate.Properties.DhcpOptionsId, { Ref: 'VpcDhcpOptions' });
});

test('FlowLogsRoleBoundary without flow logs is a warning', () => {
  const out = run(`${WEB}x-vpc:\n  Properties:\n    FlowLogsRoleBoundary: my-boundary\n`);
  assert.equal(resources(out, 'vpc.json').FlowLogsRole, undefined);
  assert.equal(out.warnings.find((w) => w.code === 'CXR2041')?.pos?.line, 6);
});

test('VpcCidr: host bits set, or a prefix out of /16../24, is an error with the expected form', () => {
  const [host] = errorsOf(() => run(`${WEB}x-vpc:\n  Properties:\n    VpcCidr: 10.0.1.0/16\n`));
  assert.equal(host.code, 'CXR1040');
  assert.equal(host.path, 'x-vpc.Properties.VpcCidr');
  assert.equal(host.pos?.line, 6);
  assert.match(host.expected ?? '', /10\.0\.0\.0\/16/);
  assert.match(host.hint ?? '', /10\.0\.0\.0\/16/);
  const [wide] = errorsOf(() => run(`${WEB}x-vpc:\n  Properties:\n    VpcCidr: 10.0.0.0/8\n`));
  assert.equal(wide.code, 'CXR1040');
  assert.match(wide.hint ?? '', /between \/16 and \/24/);
  const [garbage] = errorsOf(() => run(`${WEB}x-vpc:\n  Properties:\n    VpcCidr: 10.0.0/16\n`));
  assert.equal(garbage.path, 'x-vpc.Properties.VpcCidr');
  assert.equal(garbage.pos?.line, 6);
  assert.match(garbage.expected ?? garbage.message, /10\.0\.0\.0\/16/);
});

test('SingleNat and DisableNat together are rejected', () => {
  const errs = errorsOf(() => run(`${WEB}x-vpc:\n  Properties:\n    SingleNat: true\n    DisableNat: true\n`));
  assert.ok(errs.length > 0);
  assert.ok(errs.every((e) => e.path?.startsWith('x-vpc.Properties')));
});

const VPC_LOOKUP = {
  'x-vpc': {
    request: {
      VpcId: { Identifier: 'vpc-0123456789abcdef0' },
      AppSubnets: { Tags: { usage: 'app' } },
      PublicSubnets: { Tags: { usage: 'public' } },
      StorageSubnets: { Tags: { usage: 'storage' } },
      InternalSubnets: { Tags: { usage: 'internal' } },
    },
    result: {
      VpcId: 'vpc-0123456789abcdef0',
      Subnets: {
        AppSubnets: [{ SubnetId: 'subnet-a1' }, { SubnetId: 'subnet-a2' }],
        PublicSubnets: [{ SubnetId: 'subnet-p1' }],
        StorageSubnets: [{ SubnetId: 'subnet-s1' }],
        InternalSubnets: [{ SubnetId: 'subnet-i1' }, { SubnetId: 'subnet-i2' }],
      },
    },
  },
};
const X_VPC_LOOKUP = `x-vpc:
  Lookup:
    VpcId: {Identifier: vpc-0123456789abcdef0}
    AppSubnets: {Tags: {usage: app}}
    PublicSubnets: {Tags: {usage: public}}
    StorageSubnets: {Tags: {usage: storage}}
    InternalSubnets: {Tags: {usage: internal}}
`;

test('looked-up VPC: a service joining a network mapped to InternalSubnets runs in those subnets; others in AppSubnets', () => {
  const out = run(
    `services:
  api:
    image: nginx
    networks: [internal]
  web:
    image: nginx
networks:
  internal:
    x-vpc: InternalSubnets
${X_VPC_LOOKUP}`,
    VPC_LOOKUP,
  );
  assert.equal(out.files.has('vpc.json'), false);
  const root = JSON.parse(out.files.get('app.json') as string).Resources;
  assert.equal(root.api.Properties.Parameters.InternalSubnets, 'subnet-i1,subnet-i2');
  assert.equal(root.api.Properties.Parameters.AppSubnets, undefined);
  assert.equal(root.web.Properties.Parameters.AppSubnets, 'subnet-a1,subnet-a2');
  const api = resources(out, 'api.json');
  assert.deepEqual(api.EcsServiceDefinition.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets, { Ref: 'InternalSubnets' });
  assert.deepEqual(out.warnings.filter((w) => w.code.startsWith('CXR204')), []);
});

test('a network mapped to a subnet group the VPC does not have is an error listing the groups', () => {
  const [e] = errorsOf(() =>
    run(
      `services:
  api:
    image: nginx
    networks: [internal]
networks:
  internal:
    x-vpc: PrivateSubnets
${X_VPC_LOOKUP}`,
      VPC_LOOKUP,
    ),
  );
  assert.equal(e.code, 'CXR1041');
  assert.equal(e.path, 'networks.internal.x-vpc');
  assert.equal(e.pos?.line, 7);
  assert.equal(e.expected, 'one of: AppSubnets, PublicSubnets, StorageSubnets, InternalSubnets');
  const [fresh] = errorsOf(() => run(`services:\n  api:\n    image: nginx\n    networks: [internal]\nnetworks:\n  internal:\n    x-vpc: InternalSubnets\n`));
  assert.equal(fresh.code, 'CXR1041');
  assert.equal(fresh.expected, 'one of: AppSubnets, PublicSubnets, StorageSubnets');
});

test('a mapped network no service joins is a warning; a family split across groups is a warning', () => {
  const out = run(
    `services:
  api:
    image: nginx
networks:
  internal:
    x-vpc: InternalSubnets
${X_VPC_LOOKUP}`,
    VPC_LOOKUP,
  );
  const w = out.warnings.find((d) => d.code === 'CXR2040');
  assert.ok(w);
  assert.equal(w.pos?.line, 6);
  const split = run(
    `services:
  api:
    image: nginx
    networks: [internal, public]
networks:
  internal:
    x-vpc: InternalSubnets
  public:
    x-vpc: PublicSubnets
${X_VPC_LOOKUP}`,
    VPC_LOOKUP,
  );
  assert.equal(split.warnings.find((d) => d.code === 'CXR2042')?.pos?.line, 4);
  assert.deepEqual(resources(split, 'api.json').EcsServiceDefinition.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets, { Ref: 'InternalSubnets' });
});
