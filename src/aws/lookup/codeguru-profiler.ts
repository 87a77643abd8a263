/**
 * `x-codeguru_profiler::<name>` lookup (kind `resource`, see resource.ts): a profiling group by
 * tags (`codeguru-profiler`) or ARN; its name is the last part of the ARN (as 1.x reads it).
 * Result `{Arn, ProfileName}`.
 */
import type { LookupContext, ResourceRef } from './context.js';
import type { ResourceResolver } from './resource.js';

const ARN = /^arn:aws[a-z-]*:codeguru-profiler:[a-z0-9-]+:\d{12}:profilingGroup\/([\w-]+)$/;

async function describe(ctx: LookupContext, ref: ResourceRef): Promise<Record<string, string>> {
  if (!('arn' in ref)) throw ctx.error('CXK1103', 'a profiling group is looked up by Tags or Arn', { expected: 'Tags, or Arn: arn:aws:codeguru-profiler:<region>:<account>:profilingGroup/<name>' });
  return { Arn: ref.arn, ProfileName: (ARN.exec(ref.arn) as RegExpExecArray)[1] };
}

export const profilingGroupResolver: ResourceResolver = {
  what: 'CodeGuru profiling group',
  resourceTypes: ['codeguru-profiler'],
  arn: ARN,
  arnExample: 'arn:aws:codeguru-profiler:<region>:<account>:profilingGroup/<name>',
  describe,
};
