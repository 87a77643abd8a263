/**
 * The new cluster's resources, once the families and the network are known: the AWS::ECS::Cluster,
 * and its EC2 capacity when x-cluster.Ec2Capacity asks for it or a family of the default cluster
 * runs on EC2. EC2 capacity is an Auto Scaling group of ECS-optimised instances (AMI from AWS's
 * public SSM parameter) launched from a launch template that registers them to the cluster, with
 * an instance role (the AWS managed AmazonEC2ContainerServiceforEC2Role policy), a security group
 * without ingress, a capacity provider with managed scaling, and the cluster's provider
 * association (which then holds the providers and the default strategy instead of the cluster).
 */
import type { CfnValue } from '../cfn/intrinsics.js';
import { getAtt, ref, split, sub } from '../cfn/intrinsics.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../load/positions.js';
import type { FamilyModel } from '../model/types.js';
import type { ClusterDetails } from './cluster.js';
import { isFargateProvider } from './cluster.js';
import type { NetworkInfo } from './context.js';
import type { StackBuilder } from './stack.js';

const AMI_PARAMETER = {
  X86_64: '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id',
  ARM64: '/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id',
};
const DEFAULT_INSTANCE_TYPE = { X86_64: 'm6i.large', ARM64: 'm7g.large' };
const ASSOCIATION = 'EcsClusterCapacityProviders';

export interface Ec2CapacityOptions {
  instanceTypes: { type: string; weight?: number }[];
  minSize: number;
  maxSize: number;
  targetCapacity: number;
  /** An AMI ID, or the SSM parameter holding one. */
  image: string;
  spot?: { onDemandBase: number; onDemandAbove: number; strategy: string; maxPrice?: number };
}

/** x-cluster.Ec2Capacity with its defaults (ARM64 instances and AMI when the EC2 families run on ARM64). */
export function ec2CapacityOptions(x: Mapping | undefined, arch: 'X86_64' | 'ARM64'): Ec2CapacityOptions {
  const c = x ?? {};
  const types = Array.isArray(c.InstanceTypes) ? c.InstanceTypes : [DEFAULT_INSTANCE_TYPE[arch]];
  const spot = isMapping(c.Spot) ? c.Spot : undefined;
  return {
    instanceTypes: types.map((t) =>
      isMapping(t) ? { type: String(t.InstanceType), weight: typeof t.WeightedCapacity === 'number' ? t.WeightedCapacity : undefined } : { type: String(t) },
    ),
    minSize: typeof c.MinSize === 'number' ? c.MinSize : 0,
    maxSize: typeof c.MaxSize === 'number' ? c.MaxSize : 10,
    targetCapacity: typeof c.TargetCapacity === 'number' ? c.TargetCapacity : 100,
    image: typeof c.ImageId === 'string' ? c.ImageId : AMI_PARAMETER[arch],
    spot: spot
      ? {
          onDemandBase: typeof spot.OnDemandBaseCapacity === 'number' ? spot.OnDemandBaseCapacity : 0,
          onDemandAbove: typeof spot.OnDemandPercentageAboveBaseCapacity === 'number' ? spot.OnDemandPercentageAboveBaseCapacity : 0,
          strategy: typeof spot.AllocationStrategy === 'string' ? spot.AllocationStrategy : 'price-capacity-optimized',
          maxPrice: typeof spot.MaxPrice === 'number' ? spot.MaxPrice : undefined,
        }
      : undefined,
  };
}

/** True when the family names its own Auto Scaling group providers in x-ecs.CapacityProviderStrategy. */
function hasOwnAsgStrategy(f: FamilyModel): boolean {
  return (f.extensions['x-ecs'] ?? []).some(
    (e) => isMapping(e.value) && Array.isArray(e.value.CapacityProviderStrategy) && e.value.CapacityProviderStrategy.some((s) => isMapping(s) && !isFargateProvider(String(s.CapacityProvider))),
  );
}

/** Adds the new cluster (and its EC2 capacity) to the root; reports EC2 families a new cluster cannot run. */
export function finishCluster(root: StackBuilder, cluster: ClusterDetails, families: FamilyModel[], network: NetworkInfo, doc: Mapping, bag: DiagnosticBag): void {
  const props = cluster.newClusterProperties;
  if (!props) return;
  const ec2 = families.filter((f) => f.platform === 'EC2');
  const create = cluster.ec2Capacity !== undefined || (cluster.kind === 'default' && ec2.length > 0);
  if (!create) {
    const asgProviders = cluster.capacityProviders.some((p) => !isFargateProvider(p));
    for (const f of ec2) {
      if (asgProviders || hasOwnAsgStrategy(f)) continue;
      const path = f.platformSource?.path ?? ['services', f.services[0]];
      bag.error({
        code: 'CXR1075',
        message: `task family "${f.name}" runs on EC2, but ${cluster.label} has no EC2 capacity`,
        path: formatPath(path),
        pos: posAt(doc, path),
        expected: 'x-cluster.Ec2Capacity, or an Auto Scaling group capacity provider in x-cluster.Properties.CapacityProviders',
        hint: 'add e.g. `Ec2Capacity: {InstanceTypes: [m6i.large], MaxSize: 4}` under x-cluster',
      });
    }
    root.add('EcsCluster', { Type: 'AWS::ECS::Cluster', Properties: props });
    return;
  }
  const arch = ec2.length > 0 && ec2.every((f) => f.cpuArchitecture === 'ARM64') ? 'ARM64' : 'X86_64';
  const o = ec2CapacityOptions(cluster.ec2Capacity, arch);
  if (o.minSize > o.maxSize) {
    const path = ['x-cluster', 'Ec2Capacity', 'MinSize'];
    bag.error({ code: 'CXR1080', message: `MinSize ${o.minSize} is above MaxSize ${o.maxSize}`, path: formatPath(path), pos: posAt(doc, path), expected: `at most ${o.maxSize}` });
  }
  const { CapacityProviders: providers, DefaultCapacityProviderStrategy: strategy, ...clusterProps } = props;
  root.add('EcsCluster', { Type: 'AWS::ECS::Cluster', Properties: clusterProps });
  addEc2Capacity(root, o, network);
  const provider = ref('Ec2CapacityProvider');
  const existing = Array.isArray(providers) ? (providers as CfnValue[]) : [];
  root.add(ASSOCIATION, {
    Type: 'AWS::ECS::ClusterCapacityProviderAssociations',
    Properties: {
      Cluster: ref('EcsCluster'),
      CapacityProviders: [...existing, provider],
      DefaultCapacityProviderStrategy: Array.isArray(strategy) && strategy.length > 0 ? strategy : [{ CapacityProvider: provider, Weight: 1 }],
    },
  });
  cluster.ec2Provider = provider;
  cluster.providersResource = ASSOCIATION;
}

function addEc2Capacity(root: StackBuilder, o: Ec2CapacityOptions, network: NetworkInfo): void {
  const image = o.image.startsWith('/') ? `{{resolve:ssm:${o.image}}}` : o.image;
  root.add('Ec2InstanceRole', {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: sub('ECS container instances of ${AWS::StackName}'),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: [sub('ec2.${AWS::URLSuffix}')] }, Action: ['sts:AssumeRole'] }],
      },
      ManagedPolicyArns: [sub('arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role')],
    },
  });
  root.add('Ec2InstanceProfile', { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: [ref('Ec2InstanceRole')] } });
  root.add('Ec2InstanceSecurityGroup', {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: sub('ECS container instances of ${AWS::StackName}'),
      VpcId: network.vpcId,
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1', Description: 'Outbound traffic' }],
    },
  });
  root.add('Ec2LaunchTemplate', {
    Type: 'AWS::EC2::LaunchTemplate',
    Properties: {
      LaunchTemplateData: {
        ImageId: image,
        IamInstanceProfile: { Arn: getAtt('Ec2InstanceProfile', 'Arn') },
        SecurityGroupIds: [getAtt('Ec2InstanceSecurityGroup', 'GroupId')],
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' },
        Monitoring: { Enabled: true },
        UserData: { 'Fn::Base64': sub('#!/bin/bash\necho ECS_CLUSTER=${EcsCluster} >> /etc/ecs/ecs.config\n') },
      },
    },
  });
  const spot = o.spot;
  root.add('Ec2AutoScalingGroup', {
    Type: 'AWS::AutoScaling::AutoScalingGroup',
    Properties: {
      MinSize: String(o.minSize),
      MaxSize: String(o.maxSize),
      VPCZoneIdentifier: split(',', network.subnets.AppSubnets ?? ''),
      CapacityRebalance: spot ? true : undefined,
      MixedInstancesPolicy: {
        LaunchTemplate: {
          LaunchTemplateSpecification: { LaunchTemplateId: ref('Ec2LaunchTemplate'), Version: getAtt('Ec2LaunchTemplate', 'LatestVersionNumber') },
          Overrides: o.instanceTypes.map((t) => (t.weight !== undefined ? { InstanceType: t.type, WeightedCapacity: String(t.weight) } : { InstanceType: t.type })),
        },
        InstancesDistribution: spot
          ? {
              OnDemandBaseCapacity: spot.onDemandBase,
              OnDemandPercentageAboveBaseCapacity: spot.onDemandAbove,
              SpotAllocationStrategy: spot.strategy,
              SpotMaxPrice: spot.maxPrice !== undefined ? String(spot.maxPrice) : undefined,
            }
          : { OnDemandPercentageAboveBaseCapacity: 100 },
      },
      Tags: [
        { Key: 'AmazonECSManaged', Value: '', PropagateAtLaunch: true },
        { Key: 'Name', Value: sub('${AWS::StackName}-ecs'), PropagateAtLaunch: true },
      ],
    },
  });
  root.add('Ec2CapacityProvider', {
    Type: 'AWS::ECS::CapacityProvider',
    Properties: {
      AutoScalingGroupProvider: {
        AutoScalingGroupArn: ref('Ec2AutoScalingGroup'),
        ManagedScaling: { Status: 'ENABLED', TargetCapacity: o.targetCapacity, MinimumScalingStepSize: 1, MaximumScalingStepSize: 10 },
        ManagedTerminationProtection: 'DISABLED',
        ManagedDraining: 'ENABLED',
      },
    },
  });
}
