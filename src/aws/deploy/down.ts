/** `down`: delete the root stack (after confirmation or `--yes`) and follow the deletion. */
import { UserError } from '../../diagnostics/diagnostic.js';
import type { DeployContext } from './context.js';
import { runAndFollow } from './follow.js';
import { say } from './host.js';
import { isInProgress } from './stack-status.js';
import { describeStack } from './stacks.js';

export interface DownRequest {
  stackName: string;
  yes?: boolean;
}

export async function runDown(ctx: DeployContext, req: DownRequest): Promise<number> {
  const { cfn } = ctx.apis;
  const stack = await describeStack(cfn, req.stackName);
  if (!stack?.StackId) {
    say(ctx.host, 'result', `Stack ${req.stackName} does not exist; nothing to delete.`);
    return 0;
  }
  const status = stack.StackStatus ?? '';
  if (isInProgress(status) && status !== 'DELETE_IN_PROGRESS') {
    throw new UserError([
      {
        code: 'CXD5001',
        severity: 'error',
        message: `stack ${req.stackName} is busy (${status})`,
        hint: `wait for the operation to finish (\`ecs-compose-x status -n ${req.stackName}\`), then run \`down\` again`,
      },
    ]);
  }
  if (!req.yes) {
    if (!ctx.host.interactive) {
      throw new UserError([
        {
          code: 'CXD5002',
          severity: 'error',
          message: `refusing to delete stack ${req.stackName} without confirmation`,
          hint: 'pass --yes to delete it from a script or CI',
        },
      ]);
    }
    if (!(await ctx.host.confirm(`Delete stack ${req.stackName} (${status}) and all its resources? [y/N] `))) {
      say(ctx.host, 'info', 'Nothing deleted.');
      return 0;
    }
  }
  const stackId = stack.StackId;
  return runAndFollow(ctx, {
    stackName: req.stackName,
    stackId,
    watchServices: false,
    start: () => (status === 'DELETE_IN_PROGRESS' ? Promise.resolve() : cfn.deleteStack({ StackName: stackId })),
  });
}
