/**
 * Finds the ECS services of a deployed stack tree (root and nested stacks) with the family
 * (nested stack logical ID) each belongs to, from ListStackResources.
 */
import type { CfnApi } from './api.js';

export interface ServiceRef {
  family: string;
  cluster: string;
  /** Service ARN (or name). */
  service: string;
}

export async function findServices(cfn: CfnApi, stackId: string, family = ''): Promise<ServiceRef[]> {
  const out: ServiceRef[] = [];
  let token: string | undefined;
  do {
    const r = await cfn.listStackResources({ StackName: stackId, NextToken: token });
    token = r.NextToken;
    for (const s of r.StackResourceSummaries ?? []) {
      const physical = s.PhysicalResourceId;
      if (!physical || s.ResourceStatus?.startsWith('DELETE_')) continue;
      if (s.ResourceType === 'AWS::CloudFormation::Stack' && physical.startsWith('arn:')) {
        out.push(...(await findServices(cfn, physical, s.LogicalResourceId ?? family)));
      } else if (s.ResourceType === 'AWS::ECS::Service') {
        const cluster = clusterOfServiceArn(physical);
        if (cluster) out.push({ family: family || (s.LogicalResourceId ?? ''), cluster, service: physical });
      }
    }
  } while (token);
  return out;
}

/** arn:aws:ecs:<region>:<acct>:service/<cluster>/<name> → <cluster> (undefined for old short ARNs). */
export function clusterOfServiceArn(arn: string): string | undefined {
  const m = /:service\/([^/]+)\/[^/]+$/.exec(arn);
  return m ? m[1] : undefined;
}
