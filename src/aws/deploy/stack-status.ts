/**
 * CloudFormation stack states: which are terminal, which are failures, and whether a stack in a
 * given state can take a change set (with the explanation and the way out when it cannot).
 */

export function isInProgress(status: string): boolean {
  return status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS';
}

export function isTerminal(status: string): boolean {
  return !status.endsWith('_IN_PROGRESS') && (status.endsWith('_COMPLETE') || status.endsWith('_FAILED'));
}

/** The states an operation is happy to end in. */
export function isSuccess(status: string): boolean {
  return status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE' || status === 'DELETE_COMPLETE' || status === 'IMPORT_COMPLETE';
}

export function isFailedEvent(status: string | undefined): boolean {
  return status !== undefined && status.endsWith('_FAILED');
}

export type Updatability =
  | { kind: 'absent' }
  | { kind: 'new'; stackId: string }
  | { kind: 'update'; stackId: string }
  | { kind: 'blocked'; stackId: string; why: string; hint: string };

/**
 * What `up`/`plan` may do with a stack in `status` (undefined = no such stack). A stack left in
 * REVIEW_IN_PROGRESS by an unexecuted change set is still "new".
 */
export function updatability(stackName: string, stackId: string | undefined, status: string | undefined, region: string): Updatability {
  if (stackId === undefined || status === undefined) return { kind: 'absent' };
  if (status === 'REVIEW_IN_PROGRESS') return { kind: 'new', stackId };
  const r = `--region ${region}`;
  if (isInProgress(status)) {
    return {
      kind: 'blocked',
      stackId,
      why: `stack ${stackName} is busy (${status}); another operation is running on it`,
      hint: `wait for it to finish (\`ecs-compose-x status -n ${stackName}\` or \`aws cloudformation wait stack-update-complete --stack-name ${stackName} ${r}\`), then run the command again`,
    };
  }
  switch (status) {
    case 'ROLLBACK_COMPLETE':
    case 'ROLLBACK_FAILED':
      return {
        kind: 'blocked',
        stackId,
        why: `stack ${stackName} is in ${status}: its creation failed and CloudFormation cannot update it`,
        hint: `delete it first (\`ecs-compose-x down -n ${stackName}\` or \`aws cloudformation delete-stack --stack-name ${stackName} ${r}\`), then deploy again`,
      };
    case 'UPDATE_ROLLBACK_FAILED':
      return {
        kind: 'blocked',
        stackId,
        why: `stack ${stackName} is in UPDATE_ROLLBACK_FAILED: the rollback of its last update did not finish`,
        hint: `fix the cause shown in its events, then run \`aws cloudformation continue-update-rollback --stack-name ${stackName} ${r}\` (add --resources-to-skip for resources that cannot roll back) and deploy again`,
      };
    case 'DELETE_FAILED':
      return {
        kind: 'blocked',
        stackId,
        why: `stack ${stackName} is in DELETE_FAILED`,
        hint: `fix the cause shown in its events and delete it again (\`ecs-compose-x down -n ${stackName}\`)`,
      };
    case 'CREATE_FAILED':
      return {
        kind: 'blocked',
        stackId,
        why: `stack ${stackName} is in CREATE_FAILED (created with --disable-rollback) and cannot be updated`,
        hint: `inspect the failed resources, then delete it (\`ecs-compose-x down -n ${stackName}\`) and deploy again`,
      };
    default:
      return { kind: 'update', stackId };
  }
}
