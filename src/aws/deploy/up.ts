/**
 * `up`: create or update the root stack through a change set and follow it to the end,
 * ECS rollout included. "No changes" is a success.
 */
import type { Parameter, Tag } from '@aws-sdk/client-cloudformation';
import type { DeployContext } from './context.js';
import { runAndFollow } from './follow.js';
import { changesToApply } from './prepare.js';

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
  const outcome = await changesToApply(ctx, req);
  if (!outcome) return 0;
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
