/**
 * The first half of `up` and `plan`: check that the stack can take changes, then create a change
 * set of the right type and wait for it.
 */
import type { Parameter, Tag } from '@aws-sdk/client-cloudformation';
import { UserError } from '../../diagnostics/diagnostic.js';
import { changeSetName, createChangeSet, type ChangeSetOutcome } from './change-set.js';
import type { DeployContext } from './context.js';
import { say } from './host.js';
import { updatability } from './stack-status.js';
import { describeStack } from './stacks.js';

export interface PrepareRequest {
  stackName: string;
  templateUrl: string;
  parameters?: Parameter[];
  tags?: Tag[];
}

export interface Prepared {
  type: 'CREATE' | 'UPDATE';
  outcome: ChangeSetOutcome;
}

export async function prepareChangeSet(ctx: DeployContext, req: PrepareRequest): Promise<Prepared> {
  const stack = await describeStack(ctx.apis.cfn, req.stackName);
  const u = updatability(req.stackName, stack?.StackId, stack?.StackStatus, ctx.apis.region);
  if (u.kind === 'blocked') {
    throw new UserError([{ code: 'CXD5001', severity: 'error', message: u.why, hint: u.hint }]);
  }
  const type = u.kind === 'update' ? 'UPDATE' : 'CREATE';
  say(ctx.host, 'info', `Creating a change set (${type}) for stack ${req.stackName}...`);
  const outcome = await createChangeSet(ctx.apis.cfn, ctx.clock, {
    stackName: req.stackName,
    templateUrl: req.templateUrl,
    type,
    changeSetName: changeSetName(req.stackName, ctx.clock.now()),
    parameters: req.parameters,
    tags: req.tags,
  });
  return { type, outcome };
}

/** Deletes a change set; for a stack that exists only for it (REVIEW_IN_PROGRESS), the empty stack too. */
export async function discardChangeSet(ctx: DeployContext, changeSetId: string, stackId: string): Promise<void> {
  const { cfn } = ctx.apis;
  await cfn.deleteChangeSet({ ChangeSetName: changeSetId, StackName: stackId });
  const stack = await describeStack(cfn, stackId);
  if (stack?.StackStatus === 'REVIEW_IN_PROGRESS') await cfn.deleteStack({ StackName: stackId });
}

/**
 * A change set with changes, ready to execute; or undefined when there is nothing to change
 * (that change set is then discarded and the user told the stack is up to date).
 */
export async function changesToApply(ctx: DeployContext, req: PrepareRequest): Promise<{ id: string; stackId: string } | undefined> {
  const { outcome } = await prepareChangeSet(ctx, req);
  if (outcome.kind === 'empty') {
    await discardChangeSet(ctx, outcome.id, outcome.stackId);
    say(ctx.host, 'result', `No changes: stack ${req.stackName} is up to date.`);
    return undefined;
  }
  return { id: outcome.id, stackId: outcome.stackId };
}
