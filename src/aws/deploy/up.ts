/**
 * `up`: create or update the root stack through a change set and follow it to the end,
 * ECS rollout included. "No changes" is a success.
 */
import type { Parameter, Tag } from '@aws-sdk/client-cloudformation';
import type { DeployContext } from './context.js';
import { runAndFollow } from './follow.js';
import { say } from './host.js';
import { discardChangeSet, prepareChangeSet } from './prepare.js';

export interface UpRequest {
  stackName: string;
  templateUrl: string;
  parameters?: Parameter[];
  tags?: Tag[];
  disableRollback?: boolean;
  /** Wait for the ECS services to settle. @default true */
  watchServices?: boolean;
}

export async function runUp(ctx: DeployContext, req: UpRequest): Promise<number> {
  const { outcome } = await prepareChangeSet(ctx, req);
  if (outcome.kind === 'empty') {
    await discardChangeSet(ctx, outcome.id, outcome.stackId);
    say(ctx.host, 'result', `No changes: stack ${req.stackName} is up to date.`);
    return 0;
  }
  return executeChangeSet(ctx, req, outcome.id, outcome.stackId);
}

export function executeChangeSet(ctx: DeployContext, req: UpRequest, changeSetId: string, stackId: string): Promise<number> {
  return runAndFollow(ctx, {
    stackName: req.stackName,
    stackId,
    watchServices: req.watchServices ?? true,
    start: () =>
      ctx.apis.cfn.executeChangeSet({
        ChangeSetName: changeSetId,
        StackName: stackId,
        DisableRollback: req.disableRollback === true ? true : undefined,
      }),
  });
}
