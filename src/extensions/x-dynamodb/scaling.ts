/**
 * x-dynamodb `Scaling` of a new table (1.x syntax):
 *
 *   Scaling:
 *     Table:   {ReadCapacityUnits?: Capacity, WriteCapacityUnits?: Capacity}
 *     Indexes: {<global secondary index name>: {ReadCapacityUnits?, WriteCapacityUnits?}}
 *     CopyToIndexes: true      # every global secondary index scales as the table; an entry
 *                              # of Indexes wins for the capacities it sets
 *   Capacity: {MinCapacity, MaxCapacity, TargetValue, ScaleInCooldown?, ScaleOutCooldown?}
 *
 * Each capacity → in the dynamodb stack, an AWS::ApplicationAutoScaling::ScalableTarget
 * (namespace dynamodb, ResourceId `table/<table>` or `table/<table>/index/<index>`, the
 * DynamoDB service-linked role) and a target-tracking policy on DynamoDBRead/WriteCapacityUtilization
 * (shared/target-tracking.ts). Logical IDs drop the characters of the names that are not letters
 * or digits (an index `orders-by-date` is fine), made unique with a number when two collide.
 *
 * Errors: CXY1108 an Indexes entry that is not a global secondary index of the table (local
 * indexes share the table's capacity); CXY1109 Scaling of an on-demand (PAY_PER_REQUEST) table;
 * CXY1110 MinCapacity above MaxCapacity.
 */
import { sub, escapeSub, ref, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { ResourceEntry } from '../shared/module.js';
import type { ModuleStack } from '../shared/stack.js';
import { addTrackingPolicy } from '../shared/target-tracking.js';

type KeyPath = (string | number)[];

export interface IndexInfo {
  name: string;
  kind: 'global' | 'local';
  /** Key path of the index in Properties. */
  path: KeyPath;
}

export interface ScaledTable {
  entry: ResourceEntry;
  /** Logical ID of the table. */
  id: string;
  props: Mapping;
  indexes: IndexInfo[];
}

/** Service-linked role Application Auto Scaling uses for DynamoDB tables (created on first use). */
export const DYNAMODB_SCALING_ROLE_ARN = sub(
  'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable',
);

const DIMENSIONS = [
  { key: 'ReadCapacityUnits', short: 'Read', metric: 'DynamoDBReadCapacityUtilization' },
  { key: 'WriteCapacityUnits', short: 'Write', metric: 'DynamoDBWriteCapacityUtilization' },
] as const;

/** Default cooldowns (1.x). */
const COOLDOWN = 60;

interface Plan {
  /** Index name, or undefined for the table. */
  index?: string;
  unit: Mapping;
}

export function addTableScaling(ctx: RenderContext, stack: ModuleStack, t: ScaledTable): void {
  const scaling = t.entry.def.Scaling as Mapping;
  const base = [...t.entry.path, 'Scaling'];
  const err = (code: string, message: string, path: KeyPath, expected: string, hint?: string) =>
    ctx.bag.error({ code, message, path: formatPath(path), pos: posAt(ctx.doc, path), expected, hint });
  let ok = true;
  if (t.props.BillingMode === 'PAY_PER_REQUEST') {
    ok = false;
    err('CXY1109', `table "${t.entry.name}" is on demand (BillingMode PAY_PER_REQUEST): its capacity does not scale`, base, 'Scaling on a table with provisioned capacity (BillingMode PROVISIONED, ProvisionedThroughput)', 'remove Scaling, or set BillingMode: PROVISIONED');
  }
  const tableUnit = isMapping(scaling.Table) ? scaling.Table : undefined;
  const globals = t.indexes.filter((i) => i.kind === 'global');
  const own = isMapping(scaling.Indexes) ? scaling.Indexes : {};
  for (const [name, unit] of Object.entries(own)) {
    const ix = t.indexes.find((i) => i.name === name);
    if (ix && ix.kind === 'global' && isMapping(unit)) continue;
    ok = false;
    err(
      'CXY1108',
      ix ? `"${name}" is a local secondary index of table "${t.entry.name}": it uses the table's capacity, which scales with Scaling.Table` : `table "${t.entry.name}" has no global secondary index "${name}" to scale`,
      [...base, 'Indexes', name],
      `one of its global secondary indexes: ${globals.map((i) => i.name).join(', ') || '(none)'}`,
      ix ? 'remove the entry' : 'use the IndexName of an entry of Properties.GlobalSecondaryIndexes',
    );
  }
  const written: [Mapping, KeyPath][] = [...(tableUnit ? [[tableUnit, [...base, 'Table']] as [Mapping, KeyPath]] : []), ...Object.entries(own).filter(([, u]) => isMapping(u)).map(([n, u]): [Mapping, KeyPath] => [u as Mapping, [...base, 'Indexes', n]])];
  for (const [unit, path] of written) {
    for (const d of DIMENSIONS) {
      const c = unit[d.key];
      if (isMapping(c) && typeof c.MinCapacity === 'number' && typeof c.MaxCapacity === 'number' && c.MinCapacity > c.MaxCapacity) {
        ok = false;
        err('CXY1110', `${d.key} of ${path[path.length - 1] === 'Table' ? `table "${t.entry.name}"` : `index "${String(path[path.length - 1])}"`} scales from ${c.MinCapacity} to ${c.MaxCapacity}`, [...path, d.key, 'MinCapacity'], `MinCapacity <= MaxCapacity (${c.MaxCapacity})`);
      }
    }
  }
  if (!ok) return;
  const plans: Plan[] = tableUnit ? [{ unit: tableUnit }] : [];
  // Indexes in the order of GlobalSecondaryIndexes.
  for (const ix of globals) {
    const mine = isMapping(own[ix.name]) ? (own[ix.name] as Mapping) : undefined;
    const copied = scaling.CopyToIndexes === true ? tableUnit : undefined;
    if (mine || copied) plans.push({ index: ix.name, unit: { ...(copied ?? {}), ...(mine ?? {}) } });
  }
  for (const plan of plans) {
    for (const d of DIMENSIONS) {
      const c = plan.unit[d.key];
      if (!isMapping(c)) continue;
      const targetId = unique(stack, logicalId(t.id, plan.index ?? '', d.short, 'ScalableTarget'));
      const resourceId: CfnValue = sub(`table/\${${t.id}}${plan.index === undefined ? '' : `/index/${escapeSub(plan.index)}`}`);
      stack.add(targetId, {
        Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
        Properties: {
          MinCapacity: c.MinCapacity as number,
          MaxCapacity: c.MaxCapacity as number,
          ResourceId: resourceId,
          RoleARN: DYNAMODB_SCALING_ROLE_ARN,
          ScalableDimension: `dynamodb:${plan.index === undefined ? 'table' : 'index'}:${d.key}`,
          ServiceNamespace: 'dynamodb',
        },
      });
      const policyId = unique(stack, logicalId(t.id, plan.index ?? '', d.short, 'TrackingPolicy'));
      addTrackingPolicy(stack, policyId, {
        name: policyId,
        target: ref(targetId),
        metric: d.metric,
        value: c.TargetValue as number,
        scaleInCooldown: typeof c.ScaleInCooldown === 'number' ? c.ScaleInCooldown : COOLDOWN,
        scaleOutCooldown: typeof c.ScaleOutCooldown === 'number' ? c.ScaleOutCooldown : COOLDOWN,
      });
    }
  }
}

/** `id`, or `id2`, `id3`, ... when a resource of the stack has it already. */
function unique(stack: ModuleStack, id: string): string {
  if (!stack.template.hasResource(id)) return id;
  let n = 2;
  while (stack.template.hasResource(`${id}${n}`)) n++;
  return `${id}${n}`;
}
