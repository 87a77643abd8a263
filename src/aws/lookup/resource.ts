/**
 * Lookups of kind `resource` (extensions/shared/lookup.ts): one generic flow for the resources of
 * the modules, each module giving what to search and how to describe what was found.
 *
 * - `Tags` → tag:GetResources with the module's resource types, exactly one match → its ARN;
 * - `Arn` → checked against the module's ARN pattern;
 * - `Identifier` → passed to the module as is;
 * then `describe` reads the resource and returns the attributes to record (a flat object of
 * strings; it throws ctx.error('CXK1101', ...) when the resource does not exist).
 *
 * Add a module: a ResourceResolver in its own file here, one line in RESOURCE_RESOLVERS, and its
 * key in RESOURCE_LOOKUP_MODULES.
 */
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { findByTags, tagFilters } from '../tags.js';
import { describeFilters, type LookupContext, type ResourceRef } from './context.js';
import { cacheResolver } from './elasticache.js';
import { databaseResolver } from './database.js';
import { profilingGroupResolver } from './codeguru-profiler.js';
import { workspaceResolver } from './aps.js';
import { tableResolver } from './dynamodb.js';
import { efsResolver } from './efs.js';
import { openSearchResolver } from './opensearch.js';
import { ssmParameterResolver } from './ssm.js';
import { queueResolver } from './sqs.js';

export type { ResourceRef } from './context.js';

export interface ResourceResolver {
  /** What it is called in messages: `cache cluster`. */
  what: string;
  /** tag:GetResources resource type filters, e.g. `elasticache:cluster`. */
  resourceTypes: readonly string[];
  /** ARNs this module accepts (and keeps from a tag search). */
  arn: RegExp;
  /** Example of an ARN, for messages. */
  arnExample: string;
  describe(ctx: LookupContext, ref: ResourceRef): Promise<Record<string, string>>;
  /** The whole lookup, when the request is not one Tags / Arn / Identifier (databases: cluster, db, secret). */
  resolve?(ctx: LookupContext): Promise<Record<string, string>>;
}

/** Resolver of each module key (the part of the lookup key before `::`). */
export const RESOURCE_RESOLVERS: Readonly<Record<string, ResourceResolver>> = {
  'x-dynamodb': tableResolver,
  'x-elasticache': cacheResolver,
  'x-opensearch': openSearchResolver,
  'x-efs': efsResolver,
  'x-ssm_parameter': ssmParameterResolver,
  'x-sqs': queueResolver,
  'x-codeguru_profiler': profilingGroupResolver,
  'x-rds': databaseResolver,
  'x-docdb': databaseResolver,
  'x-neptune': databaseResolver,
  'x-aps': workspaceResolver,
};

export async function resolveResource(ctx: LookupContext): Promise<Record<string, string>> {
  const module = ctx.req.key.split('::')[0];
  const r = RESOURCE_RESOLVERS[module];
  if (!r) throw ctx.error('CXK1103', `${module} resources are not looked up against AWS yet`, { hint: 'add the entry to the lookup file by hand' });
  if (r.resolve) return r.resolve(ctx);
  const req = ctx.req.request;
  if (req.Tags !== undefined) {
    const filters = tagFilters(req.Tags);
    const found = await ctx.call('tag:GetResources', () => findByTags(ctx.client(ResourceGroupsTaggingAPIClient), [...r.resourceTypes], filters));
    return r.describe(ctx, { arn: ctx.one(r.what, found.filter((f) => r.arn.test(f.arn)), describeFilters(filters)).arn });
  }
  if (typeof req.Arn === 'string') {
    if (!r.arn.test(req.Arn)) throw ctx.error('CXK1103', `${req.Arn} is not the ARN of a ${r.what}`, { expected: r.arnExample });
    return r.describe(ctx, { arn: req.Arn });
  }
  if (typeof req.Identifier === 'string' && req.Identifier !== '') return r.describe(ctx, { identifier: req.Identifier });
  throw ctx.error('CXK1103', 'the Lookup needs Tags, Arn or Identifier');
}
