/** A load balancer of x-elbv2 as its parts see it while the `elbv2` stack is built. */
import type { CfnValue } from '../../cfn/intrinsics.js';
import type { Mapping } from '../../load/positions.js';
import type { FamilyStack } from '../../synth/family.js';
import type { KeyPath } from '../x-network/report.js';
import type { HealthCheck } from './healthcheck.js';
import type { StackValue } from './module-stack.js';

export type LbType = 'application' | 'network';

export interface Balancer {
  name: string;
  /** Logical id of the load balancer (or the name's id when looked up). */
  id: string;
  def: Mapping;
  type: LbType;
  internetFacing: boolean;
  lookedUp: boolean;
  arn: StackValue;
  dnsName: StackValue;
  canonicalZoneId: StackValue;
  fullName: StackValue;
  /** Security group of the load balancer, when it has one. */
  securityGroup?: StackValue;
  /** Listener ARNs of a looked-up load balancer, by port. */
  existingListeners: Record<string, string>;
  targetGroups: Map<string, TargetGroup>;
}

/** A container registered in a target group. */
export interface Member {
  fs: FamilyStack;
  container: string;
  port: number;
}

export interface TargetGroup {
  /** The Services key as written (`family:service[:port]`), or the TargetGroups name. */
  key: string;
  /** Containers registered in it: one for a Services entry, those listed for a TargetGroups entry. */
  members: Member[];
  /** Logical-id part of the rules forwarding to it. */
  ruleName: string;
  path: KeyPath;
  id: string;
  lb: Balancer;
  fs: FamilyStack;
  container: string;
  port: number;
  protocol: string;
  health: HealthCheck;
  arn: StackValue;
  fullName: StackValue;
  /** Set once a listener sends traffic to it. */
  used: boolean;
  returnValues?: Mapping;
}

export const ALB_PROTOCOLS = ['HTTP', 'HTTPS'];
export const NLB_PROTOCOLS = ['TCP', 'TLS', 'UDP', 'TCP_UDP'];

/** IP protocols a listener / target protocol carries. */
export function ipProtocols(protocol: string): ('tcp' | 'udp')[] {
  if (protocol === 'UDP') return ['udp'];
  if (protocol === 'TCP_UDP') return ['tcp', 'udp'];
  return ['tcp'];
}

export type Value = CfnValue;
