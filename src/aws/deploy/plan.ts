/**
 * `plan`: create the change set, print what it would change (nested stacks included), then apply
 * it, clean it up or keep it — from `--apply` / `--cleanup`, or by asking on a terminal.
 * Cleanup never deletes an existing stack.
 */
import type { DeployContext } from './context.js';
import { readChanges } from './change-set.js';
import { say } from './host.js';
import { planTable } from './plan-table.js';
import { changesToApply, discardChangeSet } from './prepare.js';
import { executeChangeSet, type UpRequest } from './up.js';

export interface PlanRequest extends UpRequest {
  apply?: boolean;
  cleanup?: boolean;
}

export async function runPlan(ctx: DeployContext, req: PlanRequest): Promise<number> {
  const outcome = await changesToApply(ctx, req);
  if (!outcome) return 0;
  const rows = await readChanges(ctx.apis.cfn, outcome.id);
  ctx.host.notify({ kind: 'result', text: planTable(req.stackName, rows) });

  let apply = req.apply === true;
  if (!apply && !req.cleanup && ctx.host.interactive) apply = await ctx.host.confirm('Apply these changes? [y/N] ');
  if (apply) return executeChangeSet(ctx, req, outcome.id, outcome.stackId);

  let cleanup = req.cleanup === true;
  if (!cleanup && ctx.host.interactive) cleanup = await ctx.host.confirm('Delete the change set? [y/N] ');
  if (cleanup) {
    await discardChangeSet(ctx, outcome.id, outcome.stackId);
    say(ctx.host, 'info', 'Change set deleted; nothing was changed.');
    return 0;
  }
  const r = ctx.apis.region;
  say(ctx.host, 'info', `Change set kept: ${outcome.id}`);
  say(ctx.host, 'info', `  apply it:  aws cloudformation execute-change-set --change-set-name ${outcome.id} --region ${r}`);
  say(ctx.host, 'info', `  delete it: aws cloudformation delete-change-set --change-set-name ${outcome.id} --region ${r}`);
  return 0;
}
