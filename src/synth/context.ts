/**
 * What every synthesis step shares: the resolved project, the stacks being built, the network
 * and cluster the families use, tags, recorded lookups and the diagnostics bag.
 */
import type { CfnValue } from '../cfn/intrinsics.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import type { Mapping } from '../load/positions.js';
import type { RecordedLookups } from '../lookups/recorded.js';
import type { FamilyStack } from './family.js';
import type { NestedStack, StackBuilder } from './stack.js';
import type { TagSet } from './tags.js';
import type { ClusterDetails } from './cluster.js';

export interface NetworkInfo {
  /** Value of VpcId as the root passes it. */
  vpcId: CfnValue;
  /** Subnet groups (AppSubnets, PublicSubnets, StorageSubnets, extra groups) as the root passes them. */
  subnets: Record<string, CfnValue>;
  /** Number of subnets of each subnet group, when known. */
  subnetCounts?: Record<string, number>;
  /** Literal VPC id when looked up. */
  lookedUp: boolean;
  /** Stack that creates the VPC, if any. */
  stackId?: string;
}

export interface ClusterInfo {
  /** Cluster name/identifier as the root passes it. */
  identifier: CfnValue;
  /** True when FARGATE capacity providers decide where tasks run. */
  useCapacityProviders: boolean;
  created: boolean;
}

export interface RenderContext {
  stackName: string;
  doc: Mapping;
  bag: DiagnosticBag;
  tags: TagSet;
  lookups: RecordedLookups;
  root: StackBuilder;
  /** Module stacks (vpc, cloudmap, sns, ...) in creation order. */
  stacks: Map<string, NestedStack>;
  families: Map<string, FamilyStack>;
  network: NetworkInfo;
  /** The cluster, with what resolveCluster learnt of it (providers, strategy, exec logging). */
  cluster: ClusterDetails;
  /** Family stacks a compose service belongs to. */
  familiesOf(service: string): FamilyStack[];
}

/** One x- extension's contribution to the render. */
export interface Extension {
  name: string;
  /** Called after family stacks exist and before they are finalised. */
  apply(ctx: RenderContext): void;
}
