/**
 * Tests of EC2 compute: the EC2 capacity of a new cluster (launch template, Auto Scaling group,
 * capacity provider, association), EC2 task definitions and services (network modes, placement,
 * volumes, sizing) and the mistakes reported for them, each with its code and line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RenderOutput } from './render.js';
import { errorsOf, lintAll, renderCompose, VPC, vpcLookupRecord, type ComposeOptions } from '../../test/helpers/fixtures.js';

/** The looked-up VPC of the fixtures, with a VPC id in AWS's format (the root template holds it literally here). */
function renderWithVpc(yaml: string, opts: ComposeOptions = {}): RenderOutput {
  const record = vpcLookupRecord();
  const vpc = { ...record, result: { ...(record.result as Json), VpcId: 'vpc-0a1b2c3d4e5f60718' } };
  return renderCompose(yaml + VPC, { ...opts, lookups: { 'x-vpc': vpc, ...opts.lookups } });
}

type Json = Record<string, any>;

const template = (out: RenderOutput, name: string): Json => JSON.parse(out.files.get(`${name}.json`) as string);
const resources = (out: RenderOutput, name = 'app'): Json => template(out, name).Resources;
const service = (out: RenderOutput, family: string): Json => resources(out, family).EcsServiceDefinition.Properties;
const taskDef = (out: RenderOutput, family: string): Json => resources(out, family).EcsTaskDefinition.Properties;

const MIXED = `services:
  web:
    image: nginx
    deploy:
      resources:
        limits: {cpus: 0.25, memory: 300M}
  cache:
    image: redis
    privileged: true
    ports: ["6379"]
    volumes:
      - /var/lib/cache:/data
      - scratch:/scratch
    deploy:
      resources:
        limits: {cpus: 0.5, memory: 700M}
      labels:
        ecs.compute.platform: EC2
volumes:
  scratch: {}
`;

test('an EC2 family in the default cluster gets EC2 capacity; the Fargate family is unchanged', () => {
  const out = renderWithVpc(MIXED);
  const root = resources(out);
  assert.deepEqual(
    Object.keys(root).filter((k) => k.startsWith('Ec2') || k.startsWith('EcsCluster')).sort(),
    ['Ec2AutoScalingGroup', 'Ec2CapacityProvider', 'Ec2InstanceProfile', 'Ec2InstanceRole', 'Ec2InstanceSecurityGroup', 'Ec2LaunchTemplate', 'EcsCluster', 'EcsClusterCapacityProviders'],
  );
  assert.equal(root.EcsCluster.Properties.CapacityProviders, undefined, 'the association holds the providers');
  const assoc = root.EcsClusterCapacityProviders.Properties;
  assert.deepEqual(assoc.CapacityProviders, ['FARGATE', 'FARGATE_SPOT', { Ref: 'Ec2CapacityProvider' }]);
  assert.equal(assoc.DefaultCapacityProviderStrategy[0].CapacityProvider, 'FARGATE_SPOT');
  const lt = root.Ec2LaunchTemplate.Properties.LaunchTemplateData;
  assert.equal(lt.ImageId, '{{resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id}}');
  assert.match(lt.UserData['Fn::Base64']['Fn::Sub'], /ECS_CLUSTER=\$\{EcsCluster\}/);
  assert.deepEqual(root.Ec2AutoScalingGroup.Properties.VPCZoneIdentifier, { 'Fn::Split': [',', 'subnet-a1,subnet-a2'] });
  assert.equal(root.Ec2CapacityProvider.Properties.AutoScalingGroupProvider.ManagedScaling.Status, 'ENABLED');
  // Every family waits for the association (it now holds the default strategy).
  assert.deepEqual(root.cache.DependsOn, ['EcsClusterCapacityProviders']);
  assert.deepEqual(root.web.DependsOn, ['EcsClusterCapacityProviders']);
  assert.deepEqual(root.cache.Properties.Parameters.Ec2CapacityProvider, { Ref: 'Ec2CapacityProvider' });

  const td = taskDef(out, 'cache');
  assert.deepEqual(td.RequiresCompatibilities, ['EC2']);
  assert.equal(td.Cpu, '512', 'no Fargate rounding on EC2');
  assert.equal(td.Memory, '700');
  assert.equal(td.RuntimePlatform, undefined);
  assert.deepEqual(
    td.Volumes.map((v: Json) => v.Host ?? v.DockerVolumeConfiguration),
    [{ SourcePath: '/var/lib/cache' }, { Scope: 'task', Driver: 'local' }],
  );
  assert.equal(td.ContainerDefinitions[0].Privileged, true);
  const svc = service(out, 'cache');
  assert.deepEqual(svc.CapacityProviderStrategy, [{ CapacityProvider: { Ref: 'Ec2CapacityProvider' }, Weight: 1 }]);
  assert.equal(svc.LaunchType, undefined);
  assert.deepEqual(svc.PlacementStrategies, [
    { Type: 'spread', Field: 'attribute:ecs.availability-zone' },
    { Type: 'spread', Field: 'instanceId' },
  ]);

  assert.deepEqual(taskDef(out, 'web').RequiresCompatibilities, ['FARGATE']);
  assert.equal(taskDef(out, 'web').Memory, '512');
  assert.equal(service(out, 'web').PlacementStrategies, undefined);
  lintAll(out, 'mixed');
});

test('bridge and host network modes on EC2: host ports, no awsvpc configuration', () => {
  const out = renderWithVpc(`services:
  web:
    image: nginx
    network_mode: bridge
    ports: ["8080:80", "9090"]
    deploy: {labels: {ecs.compute.platform: EC2}}
  agent:
    image: datadog/agent
    network_mode: host
    ports: ["8125:8125/udp"]
    deploy: {labels: {ecs.compute.platform: EC2}}
`);
  const web = taskDef(out, 'web');
  assert.equal(web.NetworkMode, 'bridge');
  assert.deepEqual(web.ContainerDefinitions[0].PortMappings, [
    { ContainerPort: 80, HostPort: 8080, Protocol: 'tcp' },
    { ContainerPort: 9090, HostPort: 0, Protocol: 'tcp' },
  ]);
  assert.equal(service(out, 'web').NetworkConfiguration, undefined);
  assert.equal(template(out, 'web').Parameters.AppSubnets, undefined);
  assert.equal(taskDef(out, 'agent').NetworkMode, 'host');
  assert.deepEqual(taskDef(out, 'agent').ContainerDefinitions[0].PortMappings, [{ ContainerPort: 8125, Protocol: 'udp' }]);
  lintAll(out, 'modes');
});

test('deploy.placement: constraints and preferences become ECS placement on EC2', () => {
  const out = renderWithVpc(`services:
  web:
    image: nginx
    deploy:
      labels: {ecs.compute.platform: EC2}
      placement:
        constraints:
          - node.labels.tier == frontend
          - node.platform.arch == aarch64
          - attribute:ecs.instance-type =~ m6i.*
        preferences:
          - spread: node.labels.zone
        max_replicas_per_node: 1
`);
  const s = service(out, 'web');
  assert.deepEqual(s.PlacementConstraints, [
    { Type: 'memberOf', Expression: 'attribute:tier == frontend' },
    { Type: 'memberOf', Expression: 'attribute:ecs.cpu-architecture == arm64' },
    { Type: 'memberOf', Expression: 'attribute:ecs.instance-type =~ m6i.*' },
    { Type: 'distinctInstance' },
  ]);
  assert.deepEqual(s.PlacementStrategies, [{ Type: 'spread', Field: 'attribute:zone' }]);
});

test('x-cluster.Ec2Capacity: instance types with weights, Spot distribution, ARM64 defaults', () => {
  const out = renderWithVpc(`services:
  web:
    image: nginx
    deploy: {labels: {ecs.compute.platform: EC2}}
x-cluster:
  Ec2Capacity:
    InstanceTypes:
      - {InstanceType: m5a.xlarge, WeightedCapacity: 4}
      - {InstanceType: m5a.2xlarge, WeightedCapacity: 8}
    MaxSize: 32
    TargetCapacity: 90
    Spot: {MaxPrice: 0.42, OnDemandBaseCapacity: 4}
`);
  const asg = resources(out).Ec2AutoScalingGroup.Properties;
  assert.equal(asg.MaxSize, '32');
  assert.equal(asg.CapacityRebalance, true);
  assert.deepEqual(asg.MixedInstancesPolicy.LaunchTemplate.Overrides, [
    { InstanceType: 'm5a.xlarge', WeightedCapacity: '4' },
    { InstanceType: 'm5a.2xlarge', WeightedCapacity: '8' },
  ]);
  assert.deepEqual(asg.MixedInstancesPolicy.InstancesDistribution, {
    OnDemandBaseCapacity: 4,
    OnDemandPercentageAboveBaseCapacity: 0,
    SpotAllocationStrategy: 'price-capacity-optimized',
    SpotMaxPrice: '0.42',
  });
  assert.equal(resources(out).Ec2CapacityProvider.Properties.AutoScalingGroupProvider.ManagedScaling.TargetCapacity, 90);
  lintAll(out, 'spot');

  const arm = renderWithVpc('services:\n  web:\n    image: nginx\n    x-ecs: {CpuArchitecture: ARM64}\n    deploy: {labels: {ecs.compute.platform: EC2}}\n');
  const lt = resources(arm).Ec2LaunchTemplate.Properties.LaunchTemplateData;
  assert.match(lt.ImageId, /amazon-linux-2023\/arm64\/recommended/);
  assert.deepEqual(resources(arm).Ec2AutoScalingGroup.Properties.MixedInstancesPolicy.LaunchTemplate.Overrides, [{ InstanceType: 'm7g.large' }]);
});

test('EC2 without EC2 capacity in a cluster from x-cluster.Properties: error at the label, hint x-cluster.Ec2Capacity', () => {
  const errs = errorsOf(() =>
    renderWithVpc(`services:
  web:
    image: nginx
    deploy:
      labels:
        ecs.compute.platform: EC2
x-cluster:
  Properties:
    CapacityProviders: [FARGATE]
`),
  );
  assert.deepEqual(errs.map((e) => [e.code, e.pos?.line]), [['CXR1075', 6]]);
  assert.equal(errs[0].path, 'services.web.deploy.labels["ecs.compute.platform"]');
  assert.match(errs[0].hint ?? '', /Ec2Capacity/);
});

test('EC2 capacity mistakes: Ec2Capacity with Lookup, MinSize above MaxSize', () => {
  const lookup = {
    'x-cluster': {
      request: { ClusterName: 'prod' },
      result: { ClusterName: 'prod', ClusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod', CapacityProviders: ['FARGATE'], DefaultCapacityProviderStrategy: [] },
    },
  };
  const withLookup = errorsOf(() => renderWithVpc('services:\n  web:\n    image: nginx\nx-cluster:\n  Lookup: prod\n  Ec2Capacity: {MaxSize: 2}\n', { lookups: lookup }));
  assert.deepEqual(withLookup.map((e) => [e.code, e.pos?.line]), [['CXR1076', 6]]);
  const sizes = errorsOf(() => renderWithVpc('services:\n  web:\n    image: nginx\nx-cluster:\n  Ec2Capacity:\n    MinSize: 5\n    MaxSize: 2\n'));
  assert.deepEqual(sizes.map((e) => [e.code, e.pos?.line]), [['CXR1080', 6]]);
});

test('Fargate-only and awsvpc-only settings are errors, all at once, nothing rendered', () => {
  const errs = errorsOf(() =>
    renderCompose(`services:
  web:
    image: nginx
    network_mode: bridge
    deploy:
      placement:
        constraints: [node.labels.a == b]
  cache:
    image: redis
    network_mode: bridge
    deploy:
      labels: {ecs.compute.platform: EC2}
      placement:
        constraints: [node.hostname == one]
        max_replicas_per_node: 2
  side:
    image: busybox
    network_mode: host
    deploy:
      labels: {ecs.compute.platform: EC2, ecs.task.family: cache}
`),
  );
  assert.deepEqual(
    errs.map((e) => [e.code, e.pos?.line]),
    [
      ['CXR1071', 4],
      ['CXR1072', 6],
      ['CXR1073', 14],
      ['CXR1074', 15],
      ['CXR1070', 18],
    ],
  );
  assert.match(errs[0].hint ?? '', /ecs\.compute\.platform: EC2/);
  assert.equal(errs[0].expected, 'awsvpc');
});

test('x-network settings that need awsvpc are errors in bridge mode, and AssignPublicIp on EC2', () => {
  const errs = errorsOf(() =>
    renderWithVpc(`services:
  web:
    image: nginx
    network_mode: bridge
    deploy: {labels: {ecs.compute.platform: EC2}}
    x-network:
      Ingress:
        Myself: true
  api:
    image: nginx
    deploy: {labels: {ecs.compute.platform: EC2}}
    x-network:
      AssignPublicIp: true
`),
  );
  assert.deepEqual(errs.map((e) => [e.code, e.pos?.line]), [['CXR1077', 7], ['CXR1077', 13]]);
  assert.match(errs[0].message, /bridge network mode/);
  assert.match(errs[1].message, /public IP/);
});

test('EC2 sizing and storage: no Fargate size, ephemeral storage ignored with a warning, tmpfs and shm_size honoured', () => {
  const out = renderWithVpc(`services:
  job:
    image: busybox
    shm_size: 256m
    tmpfs: [/run]
    deploy:
      labels:
        ecs.compute.platform: EC2
        ecs.ephemeral.storage: "50"
`);
  const td = taskDef(out, 'job');
  assert.equal(td.Cpu, undefined);
  assert.equal(td.Memory, '512', 'ECS needs memory on EC2: 512 MiB by default');
  assert.equal(td.EphemeralStorage, undefined);
  assert.deepEqual(td.ContainerDefinitions[0].LinuxParameters, { Tmpfs: [{ ContainerPath: '/run', Size: 64 }], SharedMemorySize: 256 });
  const w = out.warnings.find((d) => d.code === 'CXR2070');
  assert.equal(w?.pos?.line, 9);
});
