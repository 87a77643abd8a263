/**
 * Change sets: create one of the right type (CREATE for a new stack, UPDATE for an existing one)
 * with nested stacks included, wait for it, recognise "no changes", and read its changes,
 * nested change sets included.
 */
import type { Capability, Parameter, Tag } from '@aws-sdk/client-cloudformation';
import { UserError } from '../../diagnostics/diagnostic.js';
import type { CfnApi } from './api.js';
import { isNoChanges } from './aws-error.js';
import { Backoff } from './backoff.js';
import type { Clock } from './clock.js';

export const CAPABILITIES: Capability[] = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

export interface ChangeSetRequest {
  stackName: string;
  templateUrl: string;
  type: 'CREATE' | 'UPDATE';
  changeSetName: string;
  parameters?: Parameter[];
  tags?: Tag[];
  roleArn?: string;
}

export type ChangeSetOutcome =
  | { kind: 'ready'; id: string; stackId: string }
  | { kind: 'empty'; id: string; stackId: string; reason: string };

/** `<stack>-ecs-compose-x-<epoch seconds>`; change set names allow [a-zA-Z][-a-zA-Z0-9]*, 128 max. */
export function changeSetName(stackName: string, now: number): string {
  return `${stackName}-ecs-compose-x-${Math.floor(now / 1000)}`.slice(-128).replace(/^[^a-zA-Z]+/, 'cx-');
}

export async function createChangeSet(cfn: CfnApi, clock: Clock, req: ChangeSetRequest): Promise<ChangeSetOutcome> {
  const r = await cfn.createChangeSet({
    StackName: req.stackName,
    ChangeSetName: req.changeSetName,
    ChangeSetType: req.type,
    TemplateURL: req.templateUrl,
    Parameters: req.parameters,
    Tags: req.tags,
    RoleARN: req.roleArn,
    Capabilities: CAPABILITIES,
    IncludeNestedStacks: true,
    Description: 'ecs-compose-x',
  });
  const id = r.Id ?? req.changeSetName;
  const stackId = r.StackId ?? req.stackName;
  const backoff = new Backoff({ minMs: 1000, maxMs: 5000 });
  for (;;) {
    const d = await cfn.describeChangeSet({ ChangeSetName: id, StackName: stackId });
    if (d.Status === 'CREATE_COMPLETE') return { kind: 'ready', id, stackId };
    if (d.Status === 'FAILED') {
      if (isNoChanges(d.StatusReason)) return { kind: 'empty', id, stackId, reason: d.StatusReason ?? '' };
      throw new UserError([
        {
          code: 'CXD5010',
          severity: 'error',
          message: `CloudFormation rejected the change set for stack ${req.stackName}: ${d.StatusReason ?? 'no reason given'}`,
          hint: 'fix the template or the parameters it names, then run the command again',
        },
      ]);
    }
    backoff.idle();
    await clock.sleep(backoff.delay());
  }
}

export interface ChangeRow {
  /** "" for the root stack, else the nested stack path, e.g. "connect". */
  stack: string;
  action: string;
  logicalId: string;
  type: string;
  /** True / False / Conditional for modifications. */
  replacement?: string;
  /** Changed property names of a modification. */
  details: string[];
}

/** Every change of a change set and, depth first, of its nested change sets. */
export async function readChanges(cfn: CfnApi, changeSetId: string, stackPath = ''): Promise<ChangeRow[]> {
  const rows: ChangeRow[] = [];
  let token: string | undefined;
  do {
    const d = await cfn.describeChangeSet({ ChangeSetName: changeSetId, NextToken: token });
    token = d.NextToken;
    for (const c of d.Changes ?? []) {
      const rc = c.ResourceChange;
      if (!rc) continue;
      const details = [
        ...new Set((rc.Details ?? []).map((x) => x.Target?.Name ?? x.Target?.Attribute ?? '').filter((x): x is string => x !== '')),
      ];
      rows.push({
        stack: stackPath,
        action: rc.Action ?? '',
        logicalId: rc.LogicalResourceId ?? '',
        type: rc.ResourceType ?? '',
        replacement: rc.Action === 'Modify' ? rc.Replacement : undefined,
        details,
      });
      if (rc.ChangeSetId && rc.ResourceType === 'AWS::CloudFormation::Stack') {
        const child = stackPath ? `${stackPath}/${rc.LogicalResourceId ?? ''}` : (rc.LogicalResourceId ?? '');
        rows.push(...(await readChanges(cfn, rc.ChangeSetId, child)));
      }
    }
  } while (token);
  return rows;
}
