/**
 * Validator checks for clusters, compute and VPC variants: every template of each rendered
 * project (with the x-ecs and x-cluster extensions) passes AWS's offline CloudFormation
 * validator. One file, so the validator engine starts once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { RecordedLookups, type LookupFile } from '../lookups/recorded.js';
import type { RenderOutput } from './render.js';
import { xEcs } from '../extensions/x-ecs/index.js';
import { xCluster } from '../extensions/x-cluster/index.js';
import { lintAll, renderCompose, renderProject, withExtensions } from '../../test/helpers/fixtures.js';

const EXT = withExtensions(xEcs, xCluster);

function run(yaml: string, lookups: LookupFile['lookups'] = {}): RenderOutput {
  return renderCompose(yaml, { lookups, extensions: EXT, tmpPrefix: 'cx-lint-' });
}

function example(name: string): RenderOutput {
  const dir = resolve(process.cwd(), 'examples', name);
  const r = RecordedLookups.read(join(dir, 'compose-x.lookups.json'));
  if (!(r instanceof RecordedLookups)) throw new Error(r.message);
  return renderProject(dir, ['docker-compose.yml'], r, { name, extensions: EXT });
}

function resources(out: RenderOutput, file: string): Record<string, any> {
  return JSON.parse(out.files.get(file) as string).Resources;
}

test('new VPC with three zones, a NAT per zone, gateway + interface endpoints, flow logs, DHCP; new cluster with all exec logging', () => {
  const out = run(`services:
  web:
    image: nginx
    x-ecs:
      EnableExecuteCommand: true
      CapacityProviderStrategy:
        - CapacityProvider: FARGATE
          Weight: 1
x-cluster:
  Properties:
    CapacityProviders: [FARGATE, FARGATE_SPOT]
  MacroParameters:
    CreateExecLoggingLogGroup: true
    CreateExecLoggingKmsKey: true
    AllowKmsKeyReuse: true
    CreateExecLoggingBucket: true
x-vpc:
  Properties:
    VpcCidr: 10.0.0.0/22
    SingleNat: false
    AvailabilityZones: 3
    EnableFlowLogs: true
    FlowLogsRoleBoundary: arn:aws:iam::123456789012:policy/boundary
    DHCPOptions: {DomainName: corp.internal}
    Endpoints:
      AwsServices: [{service: s3}, {service: dynamodb}, {service: ecr.api}, {service: logs}]
`);
  assert.ok(resources(out, 'vpc.json').VpcEndpointLogs);
  assert.ok(resources(out, 'app.json').EcsExecLoggingBucket);
  lintAll(out, 'full');
});

test('DisableNat VPC; ARM64 family on the default cluster', () => {
  const out = run(`services:
  web:
    image: nginx
    x-ecs: {CpuArchitecture: ARM64, EnableExecuteCommand: true}
x-vpc:
  Properties:
    DisableNat: true
`);
  assert.deepEqual(resources(out, 'web.json').EcsServiceDefinition.Properties.CapacityProviderStrategy, [{ CapacityProvider: 'FARGATE', Weight: 1 }]);
  lintAll(out, 'arm64');
});

test('looked-up cluster with exec logging and no providers (LaunchType FARGATE)', () => {
  const out = run(`services:\n  web:\n    image: nginx\n    x-ecs: {EnableExecuteCommand: true}\nx-cluster:\n  Lookup: prod\n`, {
    'x-cluster': {
      request: { ClusterName: 'prod' },
      result: {
        ClusterName: 'prod',
        ClusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod',
        CapacityProviders: [],
        DefaultCapacityProviderStrategy: [],
        ExecuteCommandConfiguration: { KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/abc', LogConfiguration: { CloudWatchLogGroupName: 'exec', S3BucketName: 'exec-logs' } },
      },
    },
  });
  assert.equal(resources(out, 'web.json').EcsServiceDefinition.Properties.LaunchType, 'FARGATE');
  lintAll(out, 'lookup-exec');
});

test('example cluster-lookup-providers: the api strategy is set, the worker uses the cluster default', () => {
  const out = example('cluster-lookup-providers');
  const api = resources(out, 'api.json').EcsServiceDefinition.Properties;
  assert.deepEqual(api.CapacityProviderStrategy, [
    { CapacityProvider: 'FARGATE', Base: 1, Weight: 1 },
    { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
  ]);
  assert.equal(api.LaunchType, undefined);
  const worker = resources(out, 'worker.json').EcsServiceDefinition.Properties;
  assert.equal(worker.CapacityProviderStrategy, undefined);
  assert.equal(worker.LaunchType, undefined);
  lintAll(out, 'cluster-lookup-providers');
});

test('example new-vpc: one NAT per zone and the S3 gateway endpoint', () => {
  const out = example('new-vpc');
  const r = resources(out, 'vpc.json');
  assert.deepEqual(Object.keys(r).filter((k) => r[k].Type === 'AWS::EC2::NatGateway'), ['NatGatewayAzA', 'NatGatewayAzB']);
  assert.equal(r.VpcEndpointS3.Properties.VpcEndpointType, 'Gateway');
  lintAll(out, 'new-vpc');
});

test('example vpc-lookup-internal: api in InternalSubnets, worker in AppSubnets', () => {
  const out = example('vpc-lookup-internal');
  assert.deepEqual(resources(out, 'api.json').EcsServiceDefinition.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets, { Ref: 'InternalSubnets' });
  assert.deepEqual(resources(out, 'worker.json').EcsServiceDefinition.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets, { Ref: 'AppSubnets' });
  lintAll(out, 'vpc-lookup-internal');
});
