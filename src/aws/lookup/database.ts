/**
 * `x-rds::<name>`, `x-docdb::<name>`, `x-neptune::<name>` lookups (kind `resource`, see
 * resource.ts): a DB cluster (`cluster: {...}`, or Tags / Arn / Identifier at the top, the 1.x
 * x-neptune form) or an RDS DB instance (`db: {...}`), each by Tags (tag:GetResources
 * `rds:cluster` / `rds:db`, narrowed to the identifier `Name` when given), Arn, or Identifier
 * (`Name` also names it); then rds:DescribeDBClusters / rds:DescribeDBInstances (the RDS API also
 * serves DocumentDB and Neptune clusters). `secret: {...}` looks up the secret holding the
 * connection details (as secrets.ts does for x-secrets). The engine must be the module's.
 *
 * Result: `{Type: cluster|instance, Engine, Identifier, Arn, ResourceId, Endpoint, Port,
 * SecurityGroupId, IamAuth: true|false}`, `ReadEndpoint` (clusters), `SecretArn` and
 * `SecretKmsKeyArn` (with `secret`).
 */
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient, type VpcSecurityGroupMembership } from '@aws-sdk/client-rds';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { isMapping } from '../../load/positions.js';
import { awsErrorName } from '../errors.js';
import { findByTags, tagFilters } from '../tags.js';
import { describeFilters, LookupContext, refId, type ResourceRef } from './context.js';
import type { ResourceResolver } from './resource.js';
import { resolveSecret } from './secrets.js';

const CLUSTER_ARN = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:[A-Za-z0-9-]+$/;
const INSTANCE_ARN = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:db:[A-Za-z0-9-]+$/;

/** Engines a module may look up: its own (docdb, neptune), or any other one (x-rds). */
const ENGINE_OF: Readonly<Record<string, string>> = { 'x-docdb': 'docdb', 'x-neptune': 'neptune' };

function engineFits(module: string, engine: string | undefined): boolean {
  const own = ENGINE_OF[module];
  return own !== undefined ? engine === own : engine !== undefined && !Object.values(ENGINE_OF).includes(engine);
}

/** One describe call; undefined when AWS says the database does not exist. */
function orNone<T>(ctx: LookupContext, action: string, fn: () => Promise<T>): Promise<T | undefined> {
  return ctx.call(action, () => fn().catch((e: unknown) => (/NotFound/.test(awsErrorName(e)) ? undefined : Promise.reject(e))));
}

function securityGroupOf(ctx: LookupContext, groups: VpcSecurityGroupMembership[] | undefined, id: string): string {
  const sg = (groups ?? []).find((g) => g.VpcSecurityGroupId && (g.Status === undefined || g.Status === 'active'))?.VpcSecurityGroupId;
  if (!sg) throw ctx.error('CXK1103', `${id} has no active VPC security group`, { expected: 'a database in a VPC, with a security group' });
  return sg;
}

/** The ARN or identifier the filter names (Tags, else Arn, else Identifier / Name). */
async function find(ctx: LookupContext, filter: Record<string, unknown>, kind: 'cluster' | 'db'): Promise<ResourceRef> {
  const what = kind === 'cluster' ? 'DB cluster' : 'DB instance';
  const arn = kind === 'cluster' ? CLUSTER_ARN : INSTANCE_ARN;
  const name = typeof filter.Name === 'string' && filter.Name !== '' ? filter.Name : undefined;
  if (filter.Tags !== undefined) {
    const filters = tagFilters(filter.Tags);
    const found = (await ctx.call('tag:GetResources', () => findByTags(ctx.client(ResourceGroupsTaggingAPIClient), [`rds:${kind}`], filters))).filter((f) => arn.test(f.arn));
    const named = name ? found.filter((f) => refId({ arn: f.arn }) === name) : found;
    return { arn: ctx.one(what, named, `${describeFilters(filters)}${name ? ` and identifier ${name}` : ''}`).arn };
  }
  if (typeof filter.Arn === 'string') {
    if (!arn.test(filter.Arn)) throw ctx.error('CXK1103', `${filter.Arn} is not the ARN of a ${what}`, { expected: `arn:aws:rds:<region>:<account>:${kind}:<identifier>` });
    return { arn: filter.Arn };
  }
  const id = typeof filter.Identifier === 'string' && filter.Identifier !== '' ? filter.Identifier : name;
  if (id) return { identifier: id };
  throw ctx.error('CXK1103', `the ${kind} lookup needs Tags, Arn, Identifier or Name`);
}

interface Found {
  engine?: string;
  identifier: string;
  arn: string;
  resourceId?: string;
  endpoint?: string;
  readEndpoint?: string;
  port?: number;
  groups?: VpcSecurityGroupMembership[];
  iamAuth?: boolean;
}

/** The recorded result (see the header) of a cluster or instance found. */
function recorded(ctx: LookupContext, type: 'cluster' | 'instance', f: Found): Record<string, string> {
  return {
    Type: type,
    Engine: f.engine ?? '',
    Identifier: f.identifier,
    Arn: f.arn,
    ResourceId: f.resourceId ?? '',
    Endpoint: f.endpoint ?? '',
    ...(f.readEndpoint ? { ReadEndpoint: f.readEndpoint } : {}),
    Port: f.port === undefined ? '' : String(f.port),
    SecurityGroupId: securityGroupOf(ctx, f.groups, f.identifier),
    IamAuth: String(f.iamAuth === true),
  };
}

async function describeCluster(ctx: LookupContext, ref: ResourceRef): Promise<Record<string, string>> {
  const id = 'arn' in ref ? ref.arn : ref.identifier;
  const c = await orNone(ctx, 'rds:DescribeDBClusters', async () => (await ctx.client(RDSClient).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters?.[0]);
  if (!c?.DBClusterIdentifier || !c.DBClusterArn) throw ctx.error('CXK1101', `no DB cluster ${refId(ref)} in ${ctx.session.region}`, { expected: 'an existing DB cluster', hint: 'check the identifier and the region' });
  return recorded(ctx, 'cluster', {
    engine: c.Engine,
    identifier: c.DBClusterIdentifier,
    arn: c.DBClusterArn,
    resourceId: c.DbClusterResourceId,
    endpoint: c.Endpoint,
    readEndpoint: c.ReaderEndpoint,
    port: c.Port,
    groups: c.VpcSecurityGroups,
    iamAuth: c.IAMDatabaseAuthenticationEnabled,
  });
}

async function describeInstance(ctx: LookupContext, ref: ResourceRef): Promise<Record<string, string>> {
  const id = 'arn' in ref ? ref.arn : ref.identifier;
  const i = await orNone(ctx, 'rds:DescribeDBInstances', async () => (await ctx.client(RDSClient).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances?.[0]);
  if (!i?.DBInstanceIdentifier || !i.DBInstanceArn) throw ctx.error('CXK1101', `no DB instance ${refId(ref)} in ${ctx.session.region}`, { expected: 'an existing DB instance', hint: 'check the identifier and the region' });
  if (i.DBClusterIdentifier) throw ctx.error('CXK1103', `DB instance ${i.DBInstanceIdentifier} is a member of cluster ${i.DBClusterIdentifier}`, { hint: `look up the cluster: Lookup.cluster.Identifier: ${i.DBClusterIdentifier}` });
  return recorded(ctx, 'instance', {
    engine: i.Engine,
    identifier: i.DBInstanceIdentifier,
    arn: i.DBInstanceArn,
    resourceId: i.DbiResourceId,
    endpoint: i.Endpoint?.Address,
    port: i.Endpoint?.Port,
    groups: i.VpcSecurityGroups,
    iamAuth: i.IAMDatabaseAuthenticationEnabled,
  });
}

async function resolve(ctx: LookupContext): Promise<Record<string, string>> {
  const module = ctx.req.key.split('::')[0];
  const req = ctx.req.request;
  const asInstance = isMapping(req.db) && module === 'x-rds';
  const filter = isMapping(req.cluster) ? req.cluster : asInstance ? (req.db as Record<string, unknown>) : req;
  const kind = asInstance && !isMapping(req.cluster) ? 'db' : 'cluster';
  const found = kind === 'cluster' ? await describeCluster(ctx, await find(ctx, filter, 'cluster')) : await describeInstance(ctx, await find(ctx, filter, 'db'));
  if (!engineFits(module, found.Engine)) {
    throw ctx.error('CXK1103', `${found.Identifier} is a ${found.Engine} database, not one of ${module}`, { expected: ENGINE_OF[module] ? `a ${ENGINE_OF[module]} cluster` : 'an RDS or Aurora database' });
  }
  if (isMapping(req.secret)) {
    const sub = new LookupContext(ctx.session, { ...ctx.req, request: req.secret as Record<string, unknown> });
    const secret = await resolveSecret(sub);
    ctx.warnings.push(...sub.warnings);
    found.SecretArn = secret.Arn;
    if (secret.KmsKeyArn) found.SecretKmsKeyArn = secret.KmsKeyArn;
  }
  return found;
}

export const databaseResolver: ResourceResolver = {
  what: 'DB cluster or instance',
  resourceTypes: ['rds:cluster', 'rds:db'],
  arn: /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:(cluster|db):[A-Za-z0-9-]+$/,
  arnExample: 'arn:aws:rds:<region>:<account>:cluster:<identifier> or ...:db:<identifier>',
  describe: (ctx, ref) => describeCluster(ctx, ref),
  resolve,
};
