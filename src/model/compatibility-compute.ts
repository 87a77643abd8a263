/**
 * How the ECS Compose-X 1.x keys about compute (launch types, capacity providers, EC2 capacity,
 * network modes, placement, host volumes) are treated: honoured as 1.x does, honoured
 * differently (and why), or refused (and what to do instead). Rendered into docs/compatibility.md.
 */

export type Treatment = 'honoured' | 'honoured differently' | 'refused';

export interface ComputeKey {
  key: string;
  treatment: Treatment;
  note: string;
}

export const COMPUTE_KEYS: ComputeKey[] = [
  {
    key: 'deploy.labels."ecs.compute.platform"',
    treatment: 'honoured',
    note: 'FARGATE, EC2 or EXTERNAL per service; a family takes the highest of its services (EXTERNAL > EC2 > FARGATE), as 1.x',
  },
  {
    key: 'EC2 on a looked-up cluster with only EC2 capacity providers',
    treatment: 'honoured',
    note: 'families without the label run on EC2 (1.x forces EC2); through the cluster default strategy when it names only Auto Scaling group providers, else LaunchType EC2',
  },
  {
    key: 'EC2 on a new cluster',
    treatment: 'honoured differently',
    note: '1.x renders EC2 services in a cluster without instances (tasks never start). Here the default cluster gets EC2 capacity (x-cluster.Ec2Capacity defaults); a cluster from x-cluster.Properties needs x-cluster.Ec2Capacity or an Auto Scaling group provider (CXR1075)',
  },
  {
    key: 'x-cluster.Ec2Capacity',
    treatment: 'honoured differently',
    note: 'new key (1.x has no EC2 capacity): launch template with the ECS-optimised Amazon Linux 2023 AMI (public SSM parameter), instance role with the AWS managed AmazonEC2ContainerServiceforEC2Role policy, security group without ingress, Auto Scaling group in the App subnets, capacity provider with managed scaling and draining. Not with Lookup (CXR1076)',
  },
  {
    key: 'x-configs.composex.spot_config (use_spot, bid_price, spot_instance_types.<type>.weight)',
    treatment: 'refused',
    note: '1.1.9 ignores it (no compute module any more); it is ignored with the unknown-extension warning. Write x-cluster.Ec2Capacity: Spot.MaxPrice (bid_price), InstanceTypes [{InstanceType, WeightedCapacity}] (spot_instance_types / weight)',
  },
  {
    key: 'services.x-ecs.CapacityProviderStrategy',
    treatment: 'honoured differently',
    note: 'checked against the cluster providers; Fargate and Auto Scaling group providers cannot be mixed; Auto Scaling group providers put the family on EC2; services of a family must agree (1.x merges them silently); not with EXTERNAL (CXR1078)',
  },
  {
    key: 'network_mode',
    treatment: 'honoured differently',
    note: '1.x always renders awsvpc (bridge for EXTERNAL). Here EC2 families may use awsvpc, bridge, host or none, EXTERNAL bridge (default), host or none; anything but awsvpc on Fargate is an error (CXR1071)',
  },
  {
    key: 'TaskDefinition on EC2 / EXTERNAL',
    treatment: 'honoured differently',
    note: 'RequiresCompatibilities [EC2] / [EXTERNAL]; Cpu and Memory are the sums of the containers (no Fargate size; memory 512 MiB when no container sets any, 1.x uses 128); no RuntimePlatform or EphemeralStorage (ecs.ephemeral.storage is ignored with CXR2070)',
  },
  {
    key: 'PlacementStrategies on EC2',
    treatment: 'honoured differently',
    note: 'default spread over availability zones, then instances (AWS\'s "AZ balanced spread"; 1.x spreads over instances first); replaced by deploy.placement.preferences',
  },
  {
    key: 'deploy.placement.constraints',
    treatment: 'honoured differently',
    note: '1.x ignores it. node.labels.<a> ==|!= v → memberOf attribute:<a>; node.platform.os / arch → attribute:ecs.os-type / ecs.cpu-architecture; ECS query expressions pass through; node.hostname / node.id / node.role are refused (CXR1073); Fargate refuses placement (CXR1072)',
  },
  {
    key: 'deploy.placement.preferences',
    treatment: 'honoured differently',
    note: '1.x ignores it. spread: node.labels.<a> → spread attribute:<a>; spread: instanceId / attribute:... as written',
  },
  {
    key: 'deploy.placement.max_replicas_per_node',
    treatment: 'honoured differently',
    note: '1 → distinctInstance constraint; other values are refused (CXR1074): ECS has no per-instance task count',
  },
  {
    key: 'EXTERNAL services',
    treatment: 'honoured differently',
    note: 'LaunchType EXTERNAL, no NetworkConfiguration, no placement default. 1.x drops load balancers, Cloud Map and awsvpc settings silently; here x-network.AssignPublicIp / AdditionalSecurityGroups / Ingress / x-cloudmap and x-elbv2 targets are errors (CXR1077)',
  },
  {
    key: 'x-network settings on bridge / host / none tasks',
    treatment: 'refused',
    note: 'they need the task\'s own network interface (CXR1077): keep awsvpc for such families. x-network.AssignPublicIp on EC2 is refused too (Fargate only)',
  },
  {
    key: 'volumes (bind, host path)',
    treatment: 'honoured differently',
    note: '1.x renders host volumes only off Fargate; same here (Host.SourcePath, absolute paths), named volumes are task-scoped local docker volumes on EC2; on Fargate a bind mount is ignored with CXR2007',
  },
  {
    key: 'privileged, tmpfs, shm_size, ulimits on EC2 / EXTERNAL',
    treatment: 'honoured',
    note: 'Privileged, LinuxParameters.Tmpfs (64 MiB unless sized), SharedMemorySize, all Ulimits (1.x ignores privileged)',
  },
];

/** The compute section of docs/compatibility.md. */
export function computeCompatibilityMarkdown(): string[] {
  const lines = ['', '## Compute (ECS Compose-X 1.x keys)', '', '| 1.x key | treatment | how |', '| --- | --- | --- |'];
  for (const k of COMPUTE_KEYS) lines.push(`| ${k.key.includes(' ') ? k.key : `\`${k.key}\``} | ${k.treatment} | ${k.note} |`);
  return lines;
}
