/**
 * Resource policies of new module resources that other modules add statements to: an SQS queue
 * policy (x-sqs: AwsPrincipalsAccess, SNS topics subscribed to it, S3 buckets notifying it), an
 * SNS topic policy (S3 buckets notifying the topic). Statements are collected while the modules
 * build their resources and links; the owning module writes them in its `finish` (the closing
 * pass): one policy resource per resource that has statements.
 *
 * API
 *
 *   addPolicyStatement(ctx, target, statement)  adds `statement` to the policy of `target` (a
 *       statement with the Sid of one already there is not added again).
 *   writeResourcePolicies(ctx, stack, ids)     the owning module, in its `finish`: writes the
 *       policy `<id>Policy` of each of its resources `ids` (in that order) that has statements.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import type { RenderContext } from '../../synth/context.js';
import type { NestedStack } from '../../synth/stack.js';

/** A statement of a resource policy. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal: CfnValue;
  Action: string[];
  Resource: CfnValue;
  Condition?: CfnValue;
}

/** The resource a policy is for, in its stack. */
export interface PolicyTarget {
  stack: NestedStack;
  /** Logical ID of the resource; the policy is `<id>Policy`. */
  id: string;
  /** AWS::SQS::QueuePolicy, AWS::SNS::TopicPolicy. */
  type: string;
  /** The policy's properties naming the resource (`Queues: [Ref]`, `Topics: [Ref]`). */
  properties: Record<string, CfnValue>;
}

interface Pending {
  target: PolicyTarget;
  statements: PolicyStatement[];
}

const perRender = new WeakMap<RenderContext, Map<string, Pending>>();

export function addPolicyStatement(ctx: RenderContext, target: PolicyTarget, statement: PolicyStatement): void {
  const all = perRender.get(ctx) ?? new Map<string, Pending>();
  perRender.set(ctx, all);
  const key = `${target.stack.id}/${target.id}`;
  const p = all.get(key) ?? { target, statements: [] };
  all.set(key, p);
  if (!p.statements.some((s) => s.Sid === statement.Sid)) p.statements.push(statement);
}

/** Logical ID of the policy of resource `id`. */
export function policyId(id: string): string {
  return `${id}Policy`;
}

export function writeResourcePolicies(ctx: RenderContext, stack: NestedStack, ids: readonly string[]): void {
  const all = perRender.get(ctx);
  for (const id of ids) {
    const p = all?.get(`${stack.id}/${id}`);
    if (!p || p.statements.length === 0) continue;
    const { target, statements } = p;
    target.stack.add(policyId(target.id), {
      Type: target.type,
      Properties: { ...target.properties, PolicyDocument: { Version: '2012-10-17', Statement: statements as unknown as CfnValue } },
    });
  }
}
