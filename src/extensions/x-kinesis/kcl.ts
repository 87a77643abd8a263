/**
 * `MacroParameters.SetupIAMForKCL: {<family or service>: true | {CloudWatchPutMetricData, DynamoDB}}`:
 * what a Kinesis Client Library (KCL) consumer of the stream needs beyond `Access`, on the task
 * role of each family named (which must be linked to the stream under Services):
 *
 *  - on the stream (policy `<family>Tokinesis`): `KclStream` (DescribeStream, DescribeStreamSummary,
 *    GetRecords, GetShardIterator, ListShards, RegisterStreamConsumer) and `KclStreamConsumers`
 *    (DescribeStreamConsumer, SubscribeToShard on `<stream ARN>/consumer/*`, enhanced fan-out);
 *    kms:Decrypt on its key (`<family>Tokms`, `KclKmsKey`) when known;
 *  - `DynamoDB` (true, or `{EnableCreateDeleteTables, TableNames}`): the KCL tables of each
 *    application (`TableNames`, default the family name: KCL names its lease table after the
 *    application) — `table/<app>`, its indexes, `table/<app>-WorkerMetricStats` and
 *    `table/<app>-CoordinatorState` in the stack's account and region — read/write items
 *    (`KclTables`), plus CreateTable / UpdateTable / DeleteTable (`KclTablesAdmin`) with `true` or
 *    EnableCreateDeleteTables;
 *  - `CloudWatchPutMetricData`: cloudwatch:PutMetricData for the metric namespace of each
 *    application only (KCL publishes under the application name; Sid `KclMetrics<app>`).
 *
 * `true` means all three. 1.x grants dynamodb:* and cloudwatch:PutMetricData on "*"; this is
 * the least privilege that lets KCL run.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { escapeSub, sub } from '../../cfn/intrinsics.js';
import { nonAlnum } from '../../cfn/logical-id.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import { DEFAULT_CODES, type ResourceEntry } from '../shared/module.js';
import { resolveTargets } from '../shared/targets.js';
import type { Stream } from './model.js';

const ITEM_ACTIONS = ['dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Scan', 'dynamodb:Query'];
const ADMIN_ACTIONS = ['dynamodb:CreateTable', 'dynamodb:UpdateTable', 'dynamodb:DeleteTable'];

interface KclSetup {
  metrics: boolean;
  tables?: { admin: boolean; names?: string[] };
}

function setupOf(v: unknown): KclSetup | undefined {
  if (v === true) return { metrics: true, tables: { admin: true } };
  if (!isMapping(v)) return undefined;
  const ddb = v.DynamoDB;
  const tables = ddb === true ? { admin: true } : isMapping(ddb) ? { admin: ddb.EnableCreateDeleteTables === true, names: Array.isArray(ddb.TableNames) ? (ddb.TableNames as string[]) : undefined } : undefined;
  return { metrics: v.CloudWatchPutMetricData === true, tables };
}

/** Families linked by the stream's Services (a family name, or the families of a service). */
function linkedFamilies(ctx: RenderContext, entry: ResourceEntry): Set<FamilyStack> {
  const out = new Set<FamilyStack>();
  const services = isMapping(entry.def.Services) ? Object.keys(entry.def.Services) : [];
  for (const key of services) {
    const families = [...ctx.families.values()].filter((fs) => fs.family.name === key);
    for (const fs of families.length > 0 ? families : ctx.familiesOf(key)) out.add(fs);
  }
  return out;
}

const tableArn = (table: string): CfnValue => sub(`arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/${escapeSub(table)}`);

export function setupKcl(ctx: RenderContext, stream: Stream, entry: ResourceEntry): void {
  const macro = isMapping(entry.def.MacroParameters) ? entry.def.MacroParameters.SetupIAMForKCL : undefined;
  if (!isMapping(macro)) return;
  const linked = linkedFamilies(ctx, entry);
  for (const [key, value] of Object.entries(macro)) {
    const path = [...entry.path, 'MacroParameters', 'SetupIAMForKCL', key];
    const where = { path: formatPath(path), pos: posAt(ctx.doc, path) };
    const targets = resolveTargets(ctx, key, where, { unknown: DEFAULT_CODES.unknownTarget, ambiguous: DEFAULT_CODES.ambiguousTarget }, `x-kinesis stream "${entry.name}" SetupIAMForKCL`);
    const setup = setupOf(value);
    if (!targets || !setup) continue;
    for (const fs of new Set(targets.map((t) => t.fs))) {
      if (!linked.has(fs)) {
        ctx.bag.warn({
          code: 'CXF2003',
          message: `SetupIAMForKCL of stream "${entry.name}" names family ${fs.family.name}, which its Services do not link: no KCL permissions (as in 1.x)`,
          ...where,
          hint: `add ${fs.family.name} under x-kinesis.${entry.name}.Services with its Access`,
        });
        continue;
      }
      grantKcl(fs, stream, setup);
    }
  }
}

function grantKcl(fs: FamilyStack, stream: Stream, setup: KclSetup): void {
  const policy = `${fs.family.logicalName}Tokinesis`;
  const arn = stream.value(fs, 'Arn');
  fs.addStatement('task', policy, {
    Sid: 'KclStream',
    Effect: 'Allow',
    Action: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:RegisterStreamConsumer'],
    Resource: [arn],
  });
  fs.addStatement('task', policy, {
    Sid: 'KclStreamConsumers',
    Effect: 'Allow',
    Action: ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'],
    Resource: [typeof arn === 'string' ? `${arn}/consumer/*` : sub('${STREAM}/consumer/*', { STREAM: arn })],
  });
  if (stream.kmsKey !== undefined) fs.addStatement('task', `${fs.family.logicalName}Tokms`, stream.kmsKey.statement(fs, 'KclKmsKey', ['kms:Decrypt']));
  const apps = setup.tables?.names ?? [fs.family.name];
  if (setup.tables) {
    const tables = apps.flatMap((app) => [tableArn(app), tableArn(`${app}/index/*`), tableArn(`${app}-WorkerMetricStats`), tableArn(`${app}-CoordinatorState`)]);
    fs.addStatement('task', policy, { Sid: 'KclTables', Effect: 'Allow', Action: ITEM_ACTIONS, Resource: tables });
    if (setup.tables.admin) {
      fs.addStatement('task', policy, { Sid: 'KclTablesAdmin', Effect: 'Allow', Action: ADMIN_ACTIONS, Resource: apps.flatMap((app) => [tableArn(app), tableArn(`${app}-WorkerMetricStats`), tableArn(`${app}-CoordinatorState`)]) });
    }
  }
  if (setup.metrics) {
    for (const app of apps) {
      fs.addStatement('task', policy, {
        Sid: `KclMetrics${nonAlnum(app)}`,
        Effect: 'Allow',
        Action: ['cloudwatch:PutMetricData'],
        // PutMetricData has no resource-level permission: it is limited to the application's namespace
        Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': app } },
      });
    }
  }
}
