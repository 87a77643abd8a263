/**
 * `x-dynamodb::<name>` lookup (kind `resource`, see resource.ts): a table by tags
 * (`dynamodb:table`) or ARN; its name is the last part of the ARN. Result `{Arn, TableName}`
 * (a stream ARN or KMS key ARN, `StreamArn` / `KmsKeyArn`, may be added to the lookup file by hand).
 */
import type { LookupContext, ResourceRef } from './context.js';
import type { ResourceResolver } from './resource.js';

const ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/([A-Za-z0-9_.-]{3,255})$/;

async function describe(ctx: LookupContext, ref: ResourceRef): Promise<Record<string, string>> {
  if (!('arn' in ref)) throw ctx.error('CXK1103', 'a DynamoDB table is looked up by Tags or Arn', { expected: 'Tags, or Arn: arn:aws:dynamodb:<region>:<account>:table/<name>' });
  return { Arn: ref.arn, TableName: (ARN.exec(ref.arn) as RegExpExecArray)[1] };
}

export const tableResolver: ResourceResolver = {
  what: 'DynamoDB table',
  resourceTypes: ['dynamodb:table'],
  arn: ARN,
  arnExample: 'arn:aws:dynamodb:<region>:<account>:table/<name>',
  describe,
};
