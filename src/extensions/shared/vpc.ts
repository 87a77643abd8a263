/**
 * VPC resources of a module (databases, caches, file systems...): the resource's security
 * group in the module stack, its subnets, and ingress from each linked family.
 *
 * `placeInVpc` adds `<id>SecurityGroup` (in the VPC the project uses) to the module stack and
 * returns what the resource's properties need: the security group id and the subnet ids of
 * `Settings.Subnets` (a subnet group of the network: StorageSubnets by default). A resource
 * returning `network` from the factory gets, in each family linked to it through Services, one
 * AWS::EC2::SecurityGroupIngress on its group from the family's security group, on its ports
 * only (the rule lives in the family stack, which already waits for the module stack).
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { getAtt, sub } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import type { ResourceEntry } from './module.js';
import type { ModuleStack } from './stack.js';

export const DEFAULT_SUBNETS = 'StorageSubnets';

export interface Port {
  port: number;
  protocol?: 'tcp' | 'udp';
}

/** What the mechanism needs to open a VPC resource to the families linked to it. */
export interface ResourceNetwork {
  /** The resource's security group id as seen from `consumer`. */
  securityGroupId(consumer: FamilyStack): CfnValue;
  ports: readonly Port[];
}

export interface VpcPlacement {
  /** Security group id, inside the module stack. */
  securityGroupId: CfnValue;
  /** Subnet ids (a List<AWS::EC2::Subnet::Id> parameter), inside the module stack. */
  subnetIds: CfnValue;
  vpcId: CfnValue;
  /** For the resource's `network`. */
  network(ports: readonly Port[]): ResourceNetwork;
}

/**
 * The security group and subnets of resource `id` (entry `entry`) in `stack`; undefined when
 * Settings.Subnets names no subnet group of the network (reported, code CXX1006).
 */
export function placeInVpc(ctx: RenderContext, stack: ModuleStack, entry: ResourceEntry, id: string, description: string): VpcPlacement | undefined {
  const settings = entry.def.Settings;
  const group = isMapping(settings) && typeof settings.Subnets === 'string' ? settings.Subnets : DEFAULT_SUBNETS;
  const subnets = ctx.network.subnets[group];
  if (subnets === undefined) {
    const path = [...entry.path, 'Settings', 'Subnets'];
    ctx.bag.error({
      code: 'CXX1006',
      message: `${entry.path[0]} ${entry.name}: no subnet group "${group}" in the network`,
      path: formatPath(path),
      pos: posAt(ctx.doc, path) ?? posAt(ctx.doc, entry.path),
      expected: `one of: ${Object.keys(ctx.network.subnets).sort().join(', ')}`,
    });
    return undefined;
  }
  const vpcId = stack.input('VpcId', { Type: 'AWS::EC2::VPC::Id' }, ctx.network.vpcId);
  const subnetIds = stack.input(group, { Type: 'List<AWS::EC2::Subnet::Id>' }, subnets);
  if (ctx.network.stackId) stack.dependsOn.add(ctx.network.stackId);
  const sg = `${id}SecurityGroup`;
  stack.add(sg, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: sub(`${description.replace(/\$\{/g, '${!')} in \${AWS::StackName}`),
      VpcId: vpcId,
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1', Description: 'Outbound traffic' }],
    },
  });
  const securityGroupId = getAtt(sg, 'GroupId');
  stack.expose(sg, `${entry.name}-sg`, ['GroupId'], () => securityGroupId);
  return {
    securityGroupId,
    subnetIds,
    vpcId,
    network: (ports) => ({ securityGroupId: (consumer) => stack.attribute(consumer, sg, 'GroupId', `Security group of ${entry.name}`), ports }),
  };
}

/** Ingress on the resource's group from the family's tasks, one rule per port. */
export function allowFromFamily(fs: FamilyStack, name: string, network: ResourceNetwork): void {
  for (const { port, protocol = 'tcp' } of network.ports) {
    fs.add(logicalId('From', fs.family.logicalName, 'To', name, String(port)), {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: {
        GroupId: network.securityGroupId(fs),
        SourceSecurityGroupId: fs.securityGroupId,
        IpProtocol: protocol,
        FromPort: port,
        ToPort: port,
        Description: `From ${fs.family.name} to ${name} on ${protocol}/${port}`,
      },
    });
  }
}
