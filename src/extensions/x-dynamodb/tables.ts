/**
 * x-dynamodb tables: new ones in the nested stack `dynamodb`, looked-up ones from the recorded
 * lookups.
 *
 * New table `<name>`: AWS::DynamoDB::Table `NONALNUM(name)` with the Properties as written, except
 * `SSESpecification.KMSMasterKeyId`, read as a KMS key reference (shared/kms.ts: `x-kms::<key>`,
 * key ARN or id, alias) and written as its value in the dynamodb stack. Checked before anything is
 * written, each at its line: every key attribute (table, global and local secondary indexes) is
 * in AttributeDefinitions (CXY1106), and every attribute defined there is a key attribute
 * somewhere (CXY1107: DynamoDB refuses the table otherwise). `Scaling` (scaling.ts) adds the
 * table's and its indexes' scalable targets to the same stack.
 * Attributes (ReturnValues, pointers): TableName (Ref, the default variable), Arn, and StreamArn
 * when StreamSpecification is set.
 *
 * Looked-up table: recorded key `x-dynamodb::<name>`, request = the Lookup mapping, result
 * `{Arn, TableName, StreamArn?, KmsKeyArn?}`; values are literals.
 */
import { getAtt, ref, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { kmsKeyReference, type KmsKeyRef } from '../shared/kms.js';
import { moduleSite, readLookup } from '../shared/lookup.js';
import { warnLowerCaseAccess, type ModuleResource, type ResourceEntry } from '../shared/module.js';
import { moduleStack, type ModuleStack } from '../shared/stack.js';
import { addTableScaling, type IndexInfo } from './scaling.js';

export const DYNAMODB_STACK = 'dynamodb';
/** Every attribute a table may give. */
export const ATTRIBUTES = ['TableName', 'Arn', 'StreamArn'] as const;
const BASE_ATTRIBUTES = ['TableName', 'Arn'] as const;

export interface Table extends ModuleResource {
  entry: ResourceEntry;
}

type KeyPath = (string | number)[];

/** The AWS managed key needs no grant: its key policy lets DynamoDB use it for the account. */
const AWS_MANAGED = /^(?:arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:)?alias\/aws\/dynamodb$/;

/** Every table of x-dynamodb (declaration order); reports its own errors. */
export function buildTables(ctx: RenderContext, entries: ResourceEntry[]): Table[] {
  const root = ctx.doc['x-dynamodb'];
  const deletion = isMapping(root) && typeof root.DeletionPolicy === 'string' ? (root.DeletionPolicy as DeletionPolicy) : undefined;
  const byLogical = new Map<string, string>();
  const out: Table[] = [];
  for (const entry of entries) {
    const at = (p: KeyPath) => ({ path: formatPath(p), pos: posAt(ctx.doc, p) });
    warnAccess(ctx, entry);
    const id = logicalId(entry.name);
    const other = byLogical.get(id);
    if (other !== undefined) {
      ctx.bag.error({
        code: 'CXY1112',
        message: `x-dynamodb tables "${other}" and "${entry.name}" both give the logical ID ${id}`,
        ...at(entry.path),
        expected: 'table names that differ in their letters or digits',
        hint: 'rename one of them',
      });
      continue;
    }
    byLogical.set(id, entry.name);
    const t = isMapping(entry.def.Lookup) ? lookupTable(ctx, entry) : newTable(ctx, entry, id, deletion);
    if (t) out.push(t);
  }
  return out;
}

/** 1.x files write `access:` (lower case), which 1.x ignores: ignored too, with a warning. */
function warnAccess(ctx: RenderContext, entry: ResourceEntry): void {
  warnLowerCaseAccess(
    ctx,
    entry,
    'CXY2102',
    (key) => `x-dynamodb ${entry.name}: "access" of ${key} is ignored (the key is Access): ${key} gets no access to the table`,
    (written) => `write Access: ${typeof written === 'string' ? written : 'RO'}`,
  );
}

function lookupTable(ctx: RenderContext, entry: ResourceEntry): Table | undefined {
  if (entry.def.Scaling !== undefined) {
    const path = [...entry.path, 'Scaling'];
    ctx.bag.error({
      code: 'CXY1109',
      message: `x-dynamodb ${entry.name} is looked up: its Scaling cannot be set here`,
      path: formatPath(path),
      pos: posAt(ctx.doc, path),
      expected: 'Scaling on a new table (Properties) only',
      hint: 'remove Scaling, or scale the existing table where it is defined',
    });
  }
  const res = readLookup(ctx, moduleSite(entry), { required: ['Arn', 'TableName'], optional: ['StreamArn', 'KmsKeyArn'], code: 'CXY1111' });
  if (!res) return undefined;
  const attributes = res.StreamArn ? [...BASE_ATTRIBUTES, 'StreamArn'] : [...BASE_ATTRIBUTES];
  return {
    name: entry.name,
    entry,
    attributes,
    value: (_consumer, attr) => res[attr] as string,
    ...(res.KmsKeyArn && !AWS_MANAGED.test(res.KmsKeyArn) ? { kmsKeyArn: res.KmsKeyArn } : {}),
  };
}

function newTable(ctx: RenderContext, entry: ResourceEntry, id: string, deletion: DeletionPolicy | undefined): Table {
  const props: Record<string, CfnValue> = { ...((isMapping(entry.def.Properties) ? entry.def.Properties : {}) as Record<string, CfnValue>) };
  const propPath = (...p: KeyPath): KeyPath => [...entry.path, 'Properties', ...p];
  const indexes = checkKeys(ctx, entry.name, props, propPath);
  const stack = moduleStack(ctx, DYNAMODB_STACK, 'DynamoDB tables (x-dynamodb)');
  const kmsKey = tableKey(ctx, props, stack, propPath('SSESpecification', 'KMSMasterKeyId'));
  stack.add(id, {
    Type: 'AWS::DynamoDB::Table',
    DeletionPolicy: deletion,
    UpdateReplacePolicy: deletion === undefined ? undefined : deletion === 'Delete' ? 'Delete' : 'Retain',
    Properties: props,
  });
  const attributes = props.StreamSpecification !== undefined ? [...ATTRIBUTES] : [...BASE_ATTRIBUTES];
  stack.expose(id, entry.name, attributes, (attr) => (attr === 'TableName' ? ref(id) : getAtt(id, attr)));
  if (isMapping(entry.def.Scaling)) addTableScaling(ctx, stack, { entry, id, props, indexes });
  return {
    name: entry.name,
    entry,
    attributes,
    value: (consumer, attr) => stack.attribute(consumer, id, attr, `${attr} of DynamoDB table ${entry.name}`),
    ...(kmsKey ? { kmsKey } : {}),
  };
}

/**
 * The key of an encrypted table, with the property rewritten to its value in the dynamodb stack;
 * each linked family is granted the KMS actions of its access on that key.
 */
function tableKey(ctx: RenderContext, props: Record<string, CfnValue>, stack: ModuleStack, path: KeyPath): KmsKeyRef | undefined {
  const sse = props.SSESpecification;
  if (!isMapping(sse)) return undefined;
  const written = sse.KMSMasterKeyId;
  if (written === undefined || written === '' || (typeof written === 'string' && AWS_MANAGED.test(written))) return undefined;
  const key = kmsKeyReference(ctx, written, { path: formatPath(path), pos: posAt(ctx.doc, path) });
  if (!key) return undefined;
  props.SSESpecification = { ...(sse as Record<string, CfnValue>), KMSMasterKeyId: key.property(stack) };
  return key;
}

/**
 * Checks the key attributes of the table and its indexes against AttributeDefinitions (when they
 * are written as lists, not intrinsics); returns the indexes written (name, kind, position).
 */
function checkKeys(ctx: RenderContext, table: string, props: Mapping, propPath: (...p: KeyPath) => KeyPath): IndexInfo[] {
  const defs = Array.isArray(props.AttributeDefinitions) ? (props.AttributeDefinitions as unknown[]) : undefined;
  const defined = new Map<string, number>();
  defs?.forEach((d, i) => {
    if (isMapping(d) && typeof d.AttributeName === 'string') defined.set(d.AttributeName, i);
  });
  const used = new Set<string>();
  const checkSchema = (schema: unknown, where: KeyPath, owner: string) => {
    if (!Array.isArray(schema)) return;
    schema.forEach((k: unknown, i) => {
      if (!isMapping(k) || typeof k.AttributeName !== 'string') return;
      used.add(k.AttributeName);
      if (defs === undefined || defined.has(k.AttributeName)) return;
      const p = [...where, i, 'AttributeName'];
      ctx.bag.error({
        code: 'CXY1106',
        message: `key attribute "${k.AttributeName}" of ${owner} is not in the AttributeDefinitions of table "${table}"`,
        path: formatPath(p),
        pos: posAt(ctx.doc, p),
        expected: `one of: ${[...defined.keys()].join(', ') || '(no attribute defined)'}`,
        hint: `add {AttributeName: ${k.AttributeName}, AttributeType: S | N | B} to AttributeDefinitions`,
      });
    });
  };
  checkSchema(props.KeySchema, propPath('KeySchema'), `table "${table}"`);
  const indexes: IndexInfo[] = [];
  for (const [key, kind] of [['GlobalSecondaryIndexes', 'global'], ['LocalSecondaryIndexes', 'local']] as const) {
    const list = props[key];
    if (!Array.isArray(list)) continue;
    list.forEach((ix: unknown, i) => {
      if (!isMapping(ix)) return;
      const name = typeof ix.IndexName === 'string' ? ix.IndexName : undefined;
      if (name !== undefined) indexes.push({ name, kind, path: propPath(key, i) });
      checkSchema(ix.KeySchema, propPath(key, i, 'KeySchema'), `${kind} secondary index "${name ?? i}"`);
    });
  }
  // Only when every key schema is a literal list: otherwise an intrinsic may use the attribute.
  const literal = Array.isArray(props.KeySchema) && [props.GlobalSecondaryIndexes, props.LocalSecondaryIndexes].every((l) => l === undefined || Array.isArray(l));
  if (defs !== undefined && literal) {
    for (const [name, i] of defined) {
      if (used.has(name)) continue;
      const p = propPath('AttributeDefinitions', i, 'AttributeName');
      ctx.bag.error({
        code: 'CXY1107',
        message: `attribute "${name}" of table "${table}" is defined but is a key of neither the table nor an index (DynamoDB refuses the table)`,
        path: formatPath(p),
        pos: posAt(ctx.doc, p),
        expected: 'AttributeDefinitions listing only key attributes (of the table and its indexes)',
        hint: 'remove it: non-key attributes are not declared',
      });
    }
  }
  return indexes;
}
