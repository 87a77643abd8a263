/**
 * Top-level `x-aws-cluster: <name | ARN>` (ECS plugin): an existing cluster, read exactly like
 * `x-cluster: {Lookup: <name>}` when there is no x-cluster (x-cluster wins when both are set).
 * Read by the cluster resolution and the lookup requests, not by an extension.
 */
import { isMapping, type Mapping } from '../../load/positions.js';

const CLUSTER_ARN = /^arn:aws(?:-[a-z]+)*:ecs:[a-z0-9-]+:\d{12}:cluster\/(.+)$/;

/** The cluster name of an `x-aws-cluster` value (a name, or the name part of a cluster ARN). */
export function awsClusterName(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const m = CLUSTER_ARN.exec(value.trim());
  return m ? m[1] : value.trim();
}

/**
 * The x-cluster the document means: `x-cluster` as written, else `{Lookup: <name>}` from
 * x-aws-cluster (with the key path to report lookup problems at), else undefined.
 */
export function effectiveXCluster(doc: Mapping): { value: Mapping; lookupPath: string[] } | undefined {
  if (isMapping(doc['x-cluster'])) return { value: doc['x-cluster'], lookupPath: ['x-cluster', 'Lookup'] };
  const name = awsClusterName(doc['x-aws-cluster']);
  return name === undefined ? undefined : { value: { Lookup: name }, lookupPath: ['x-aws-cluster'] };
}
