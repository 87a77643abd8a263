/**
 * `x-ssm_parameter::<name>` lookup: the parameter by tags (tag:GetResources `ssm:parameter`,
 * exactly one) or by ARN. Result `{ParameterName, ParameterArn}`; the name is read from the ARN
 * (`parameter/a/b` → `/a/b`, a name without `/` stays as it is).
 */
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { findByTags, tagFilters } from '../tags.js';
import { describeFilters, type LookupContext } from './context.js';

export interface ParameterResult {
  ParameterName: string;
  ParameterArn: string;
}

const PARAMETER_ARN = /^arn:[^:]+:ssm:[^:]*:\d{12}:parameter\/(.+)$/;

/** The parameter name an ARN designates. */
export function parameterNameOf(arn: string): string | undefined {
  const m = PARAMETER_ARN.exec(arn);
  if (!m) return undefined;
  return m[1].includes('/') ? `/${m[1]}` : m[1];
}

export async function resolveParameter(ctx: LookupContext): Promise<ParameterResult> {
  const req = ctx.req.request;
  let arn: string;
  if (req.Tags !== undefined) {
    const filters = tagFilters(req.Tags);
    const found = await ctx.call('tag:GetResources', () => findByTags(ctx.client(ResourceGroupsTaggingAPIClient), ['ssm:parameter'], filters));
    arn = ctx.one('parameter', found, describeFilters(filters)).arn;
  } else if (typeof req.Arn === 'string') {
    arn = req.Arn;
  } else {
    throw ctx.error('CXK1103', 'the Lookup of an SSM parameter needs Tags or Arn', { expected: 'Tags or Arn' });
  }
  const name = parameterNameOf(arn);
  if (name === undefined) throw ctx.error('CXK1103', `${arn} is not an SSM parameter ARN`, { expected: 'arn:<partition>:ssm:<region>:<account>:parameter/<name>' });
  return { ParameterName: name, ParameterArn: arn };
}
