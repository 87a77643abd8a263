/** `status`: the root stack's state, its nested stacks, each family's ECS service counts and the latest events. */
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import type { DeployContext } from './context.js';
import { describeAll, deploymentSummary, rolloutState } from './ecs-rollout.js';
import { say } from './host.js';
import { findServices } from './services.js';
import { describeStack } from './stacks.js';

export interface StatusRequest {
  stackName: string;
  /** How many of the latest root events to show. @default 10 */
  events?: number;
}

export async function runStatus(ctx: DeployContext, req: StatusRequest): Promise<number> {
  const { cfn, ecs } = ctx.apis;
  const out = (line: string) => say(ctx.host, 'result', line);
  const stack = await describeStack(cfn, req.stackName);
  if (!stack?.StackId) {
    say(ctx.host, 'error', `Stack ${req.stackName} does not exist in ${ctx.apis.region}.`);
    return 1;
  }
  const stackId = stack.StackId;
  const when = stack.LastUpdatedTime ?? stack.CreationTime;
  out(`Stack ${req.stackName}: ${stack.StackStatus ?? 'UNKNOWN'}${when ? ` (since ${new Date(when).toISOString()})` : ''}`);
  if (stack.StackStatusReason) out(`  ${stack.StackStatusReason}`);

  const nested: string[] = [];
  let token: string | undefined;
  do {
    const r = await cfn.listStackResources({ StackName: stackId, NextToken: token });
    token = r.NextToken;
    for (const s of r.StackResourceSummaries ?? []) {
      if (s.ResourceType === 'AWS::CloudFormation::Stack') nested.push(`  ${(s.LogicalResourceId ?? '').padEnd(32)} ${s.ResourceStatus ?? ''}`);
    }
  } while (token);
  if (nested.length > 0) out(`Nested stacks:\n${nested.join('\n')}`);

  const services = await findServices(cfn, stackId);
  if (services.length > 0) {
    const described = await describeAll(ecs, services);
    out('Services:');
    for (const ref of services) {
      const s = described.get(ref);
      if (!s) {
        out(`  ${ref.family.padEnd(32)} not found (${ref.service})`);
        continue;
      }
      const { state, reason } = rolloutState(s);
      out(`  ${ref.family.padEnd(32)} ${String(s.runningCount ?? 0)}/${String(s.desiredCount ?? 0)} running  ${state}${reason ? ` (${reason})` : ''}  [${deploymentSummary(s)}]`);
    }
  }

  const want = req.events ?? 10;
  const latest: StackEvent[] = [];
  token = undefined;
  do {
    const r = await cfn.describeStackEvents({ StackName: stackId, NextToken: token });
    latest.push(...(r.StackEvents ?? []));
    token = r.NextToken;
  } while (token && latest.length < want);
  latest.splice(want);
  if (latest.length > 0) {
    out('Latest events:');
    for (const e of latest) {
      const at = e.Timestamp ? new Date(e.Timestamp).toISOString().replace('T', ' ').slice(0, 19) : '';
      out(`  ${at}  ${(e.ResourceStatus ?? '').padEnd(28)} ${e.LogicalResourceId ?? ''}${e.ResourceStatusReason ? `  ${e.ResourceStatusReason}` : ''}`);
    }
  }
  return 0;
}
