/**
 * x-sqs queues: new ones in the nested stack `sqs`, looked-up ones from the recorded lookups,
 * and the queue policies of the new ones.
 *
 * New queue `<name>`: AWS::SQS::Queue `NONALNUM(name)` with the Properties as written, except:
 *  - `FifoQueue: true` with a QueueName not ending in `.fifo`: `.fifo` is appended (CXQ2002);
 *  - `RedrivePolicy.deadLetterTargetArn` naming a queue of x-sqs (`<queue>`, `x-sqs::<queue>`
 *    or `x-sqs::<queue>::Arn`) becomes that queue's ARN; a literal ARN or an intrinsic is kept.
 *    The dead-letter queue must be of the same type (FIFO or standard) as the queue.
 * Attributes (ReturnValues, pointers): QueueUrl (the default variable), Arn, QueueName.
 *
 * Looked-up queue: recorded key `x-sqs::<name>`, request = the Lookup mapping (without an empty
 * RoleArn), result `{QueueUrl, Arn, QueueName, KmsKeyArn?}`; values are literals.
 *
 * Queue policy: one AWS::SQS::QueuePolicy `<queue>Policy` per new queue that has statements:
 * `MacroParameters.AwsPrincipalsAccess` (`Publish`, `Consume`, `PublishConsume`: lists of AWS
 * service names, e.g. `sns`, `s3`, `lambda`, each allowed from this account only) and those
 * other modules add with `addQueuePolicyStatement` before the closing pass (an SNS topic
 * subscribed to the queue, an S3 bucket notifying it), through the shared resource policies
 * (../shared/resource-policy.ts). A queue has one policy: every statement goes into it.
 */
import { getAtt, ref, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { ResourceEntry, ModuleResource } from '../shared/module.js';
import { moduleStack, type ModuleStack } from '../shared/stack.js';
import { moduleSite, readLookup } from '../shared/lookup.js';
import { kmsKeyReference, type KmsKeyRef } from '../shared/kms.js';
import { addPolicyStatement, writeResourcePolicies, type PolicyStatement } from '../shared/resource-policy.js';

export const SQS_STACK = 'sqs';
export const ATTRIBUTES = ['QueueUrl', 'Arn', 'QueueName'] as const;

export interface QueueLookupResult {
  QueueUrl: string;
  Arn: string;
  QueueName: string;
  KmsKeyArn?: string;
}

export interface Queue extends ModuleResource {
  /** Logical ID of the new queue in the `sqs` stack. */
  id: string;
  entry: ResourceEntry;
  /** FIFO queue (a looked-up one: its name ends in .fifo). */
  fifo: boolean;
  lookup?: QueueLookupResult;
}

type KeyPath = (string | number)[];

/** A statement of a queue (resource) policy. */
export type QueueStatement = PolicyStatement;

interface PerRender {
  stack?: ModuleStack;
  queues: Map<string, Queue>;
}
const perRender = new WeakMap<RenderContext, PerRender>();
const state = (ctx: RenderContext): PerRender => {
  let s = perRender.get(ctx);
  if (!s) {
    s = { queues: new Map() };
    perRender.set(ctx, s);
  }
  return s;
};

/** Names declared under x-sqs (resolved or not). */
export function declaredQueues(ctx: RenderContext): string[] {
  const root = ctx.doc['x-sqs'];
  return isMapping(root) ? Object.keys(root).filter((k) => k !== 'DeletionPolicy' && isMapping(root[k])) : [];
}

/** The queues of this render that resolved (after x-sqs has run). */
export function sqsQueues(ctx: RenderContext): Map<string, Queue> {
  return state(ctx).queues;
}

/** The `sqs` stack (created on first use). */
export function sqsStack(ctx: RenderContext): ModuleStack {
  const s = state(ctx);
  s.stack ??= moduleStack(ctx, SQS_STACK, 'SQS queues (x-sqs)');
  return s.stack;
}

/**
 * Adds a statement to the policy of new queue `queue` (call before the closing pass). The
 * statement's Resource should be the queue ARN: `queueArnInStack(ctx, queue)`.
 */
export function addQueuePolicyStatement(ctx: RenderContext, queue: Queue, statement: QueueStatement): void {
  addPolicyStatement(ctx, { stack: sqsStack(ctx), id: queue.id, type: 'AWS::SQS::QueuePolicy', properties: { Queues: [ref(queue.id)] } }, statement);
}

/** The ARN of a queue inside the `sqs` stack (a looked-up one: a parameter the root sets). */
export function queueArnInStack(ctx: RenderContext, queue: Queue): CfnValue {
  if (!queue.lookup) return getAtt(queue.id, 'Arn');
  return sqsStack(ctx).input(`${queue.id}Arn`, { Type: 'String', Description: `ARN of the looked-up SQS queue ${queue.name}` }, queue.lookup.Arn);
}

/** Whether a queue name (or ARN) is the one of a FIFO queue. */
const fifoName = (s: string) => s.endsWith('.fifo');

function isFifo(props: Mapping): boolean {
  return props.FifoQueue === true || props.FifoQueue === 'true';
}

/** Every queue of x-sqs: looked up, then new (DLQs resolved); reports its own errors. */
export function buildQueues(ctx: RenderContext, entries: ResourceEntry[]): Queue[] {
  const s = state(ctx);
  const err = (code: string, message: string, path: KeyPath, expected?: string, hint?: string) =>
    ctx.bag.error({ code, message, path: formatPath(path), pos: posAt(ctx.doc, path), expected, hint });
  const byLogical = new Map<string, string>();
  const candidates: { entry: ResourceEntry; id: string }[] = [];
  for (const entry of entries) {
    const id = logicalId(entry.name);
    const other = byLogical.get(id);
    if (other !== undefined) {
      err('CXQ1010', `x-sqs queues "${other}" and "${entry.name}" both give the logical ID ${id}`, entry.path, 'queue names that differ in their letters or digits', 'rename one of them');
      continue;
    }
    byLogical.set(id, entry.name);
    candidates.push({ entry, id });
  }
  // Looked-up queues and the type of every new one first: dead-letter queues may be declared after their users.
  const fifoOf = new Map<string, boolean | undefined>();
  for (const { entry, id } of candidates) {
    if (isMapping(entry.def.Lookup)) {
      const q = lookupQueue(ctx, entry, id);
      if (q) s.queues.set(entry.name, q);
      fifoOf.set(entry.name, q?.fifo);
    } else {
      fifoOf.set(entry.name, isFifo(isMapping(entry.def.Properties) ? entry.def.Properties : {}));
    }
  }
  const root = ctx.doc['x-sqs'];
  const deletion = isMapping(root) && typeof root.DeletionPolicy === 'string' ? (root.DeletionPolicy as DeletionPolicy) : undefined;
  for (const { entry, id } of candidates) {
    if (isMapping(entry.def.Lookup)) continue;
    const q = newQueue(ctx, entry, id, deletion, fifoOf, err);
    if (q) s.queues.set(entry.name, q);
  }
  // Declaration order.
  return entries.map((e) => s.queues.get(e.name)).filter((q): q is Queue => q !== undefined);
}

type Report = (code: string, message: string, path: KeyPath, expected?: string, hint?: string) => void;

function lookupQueue(ctx: RenderContext, entry: ResourceEntry, id: string): Queue | undefined {
  const res = readLookup(ctx, moduleSite(entry), { required: ['QueueUrl', 'Arn', 'QueueName'], optional: ['KmsKeyArn'], code: 'CXQ1008' });
  if (!res) return undefined;
  const lookup: QueueLookupResult = {
    QueueUrl: res.QueueUrl,
    Arn: res.Arn,
    QueueName: res.QueueName,
    KmsKeyArn: typeof res.KmsKeyArn === 'string' && res.KmsKeyArn !== '' ? res.KmsKeyArn : undefined,
  };
  return {
    name: entry.name,
    id,
    entry,
    fifo: fifoName(lookup.QueueName),
    lookup,
    attributes: ATTRIBUTES,
    value: (_consumer, attr) => lookup[attr as keyof QueueLookupResult] as string,
    kmsKeyArn: lookup.KmsKeyArn,
  };
}

function newQueue(
  ctx: RenderContext,
  entry: ResourceEntry,
  id: string,
  deletion: DeletionPolicy | undefined,
  fifoOf: Map<string, boolean | undefined>,
  err: Report,
): Queue | undefined {
  const props: Record<string, CfnValue> = { ...((isMapping(entry.def.Properties) ? entry.def.Properties : {}) as Record<string, CfnValue>) };
  const fifo = isFifo(props);
  const propPath = (...p: KeyPath) => [...entry.path, 'Properties', ...p];
  if (fifo && typeof props.QueueName === 'string' && !fifoName(props.QueueName)) {
    const fixed = `${props.QueueName}.fifo`;
    ctx.bag.warn({
      code: 'CXQ2002',
      message: `FIFO queue "${entry.name}" is named "${props.QueueName}": the name of a FIFO queue ends in .fifo, it is named "${fixed}"`,
      path: formatPath(propPath('QueueName')),
      pos: posAt(ctx.doc, propPath('QueueName')),
      hint: `write QueueName: ${fixed}`,
    });
    props.QueueName = fixed;
  }
  const redrive = props.RedrivePolicy;
  if (isMapping(redrive) && typeof redrive.deadLetterTargetArn === 'string' && !redrive.deadLetterTargetArn.startsWith('arn:')) {
    const target = dlqName(redrive.deadLetterTargetArn);
    const at = propPath('RedrivePolicy', 'deadLetterTargetArn');
    const declared = [...fifoOf.keys()];
    if (target === undefined || !fifoOf.has(target) || target === entry.name) {
      err('CXQ1006',
        target === entry.name
          ? `queue "${entry.name}" is its own dead-letter queue`
          : `the dead-letter queue "${redrive.deadLetterTargetArn}" of queue "${entry.name}" is not a queue of x-sqs`,
        at, `x-sqs::<queue>, x-sqs::<queue>::Arn or the name of another queue: ${declared.filter((n) => n !== entry.name).join(', ') || '(no other queue)'}`,
        'or the ARN of an existing queue');
    } else {
      const dlqFifo = fifoOf.get(target);
      if (dlqFifo !== undefined && dlqFifo !== fifo) {
        err('CXQ1007',
          `${fifo ? 'FIFO' : 'standard'} queue "${entry.name}" has the ${dlqFifo ? 'FIFO' : 'standard'} queue "${target}" as dead-letter queue`,
          at, `a ${fifo ? 'FIFO' : 'standard'} queue`, 'the dead-letter queue of a FIFO queue must be FIFO, that of a standard queue standard');
      } else {
        const dlq = state(ctx).queues.get(target);
        const arn = dlq?.lookup ? dlq.lookup.Arn : getAtt(logicalId(target), 'Arn');
        props.RedrivePolicy = { ...(redrive as Record<string, CfnValue>), deadLetterTargetArn: arn };
      }
    }
  }
  // An invalid queue is still returned, so that its links are checked too (the render fails).
  const principals = principalStatements(ctx, entry, id, err) ?? [];
  const stack = sqsStack(ctx);
  const kmsKey = queueKey(ctx, props, stack, propPath('KmsMasterKeyId'));
  stack.add(id, {
    Type: 'AWS::SQS::Queue',
    DeletionPolicy: deletion,
    UpdateReplacePolicy: deletion === undefined ? undefined : deletion === 'Delete' ? 'Delete' : 'Retain',
    Properties: props,
  });
  stack.expose(id, entry.name, ATTRIBUTES, (attr) => (attr === 'QueueUrl' ? ref(id) : getAtt(id, attr)));
  const q: Queue = {
    name: entry.name,
    id,
    entry,
    fifo,
    attributes: ATTRIBUTES,
    value: (consumer, attr) => stack.attribute(consumer, id, attr, `${attr} of SQS queue ${entry.name}`),
    ...(kmsKey ? { kmsKey } : {}),
  };
  for (const st of principals) addQueuePolicyStatement(ctx, q, st);
  return q;
}

/** `x-sqs::dlq`, `x-sqs::dlq::Arn` or `dlq` → `dlq`; undefined when malformed. */
function dlqName(text: string): string | undefined {
  if (!text.startsWith('x-sqs::')) return text;
  const m = /^x-sqs::([A-Za-z0-9][A-Za-z0-9._-]*)(?:::Arn)?$/.exec(text);
  return m?.[1];
}

/**
 * The key of an encrypted new queue (shared/kms.ts: `x-kms::<key>`, key ARN or id, alias), with
 * the property rewritten to its value in the sqs stack; each linked family is granted the KMS
 * actions of its access on that key. The AWS-managed `alias/aws/sqs` needs no grant (its key
 * policy lets SQS use it for the account).
 */
function queueKey(ctx: RenderContext, props: Record<string, CfnValue>, stack: ModuleStack, path: KeyPath): KmsKeyRef | undefined {
  const written = props.KmsMasterKeyId;
  if (written === undefined || written === '' || written === 'alias/aws/sqs') return undefined;
  const key = kmsKeyReference(ctx, written, { path: formatPath(path), pos: posAt(ctx.doc, path) });
  if (!key) return undefined;
  props.KmsMasterKeyId = key.property(stack);
  return key;
}

const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;
const SEND_ACTIONS = ['sqs:SendMessage'];
const CONSUME_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];

/** Statements of MacroParameters.AwsPrincipalsAccess; undefined when invalid (reported). */
function principalStatements(ctx: RenderContext, entry: ResourceEntry, id: string, err: Report): QueueStatement[] | undefined {
  const macro = entry.def.MacroParameters;
  const access = isMapping(macro) ? macro.AwsPrincipalsAccess : undefined;
  if (!isMapping(access)) return [];
  const base = [...entry.path, 'MacroParameters', 'AwsPrincipalsAccess'];
  const lists: Record<'Publish' | 'Consume' | 'PublishConsume', string[]> = { Publish: [], Consume: [], PublishConsume: [] };
  let ok = true;
  for (const key of Object.keys(lists) as (keyof typeof lists)[]) {
    const v = access[key];
    if (!Array.isArray(v)) continue;
    v.forEach((svc: unknown, i) => {
      if (typeof svc === 'string' && SERVICE_NAME.test(svc)) {
        if (!lists[key].includes(svc)) lists[key].push(svc);
        return;
      }
      ok = false;
      err('CXQ1009', `${JSON.stringify(svc)} is not an AWS service name`, [...base, key, i], 'the service part of its principal, in lower case: sns for sns.amazonaws.com, s3, events, lambda', undefined);
    });
  }
  if (!ok) return undefined;
  const both = lists.PublishConsume;
  const publish = [...lists.Publish.filter((s) => !both.includes(s)), ...both].sort();
  const consume = [...lists.Consume.filter((s) => !both.includes(s)), ...both].sort();
  const arn = getAtt(id, 'Arn');
  const statement = (sid: string, services: string[], actions: string[]): QueueStatement => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: services.map((s) => `${s}.amazonaws.com`) },
    Action: actions,
    Resource: arn,
    Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
  });
  const out: QueueStatement[] = [];
  if (publish.length > 0) out.push(statement('AwsServicesPublish', publish, SEND_ACTIONS));
  if (consume.length > 0) out.push(statement('AwsServicesConsume', consume, CONSUME_ACTIONS));
  return out;
}

/** Writes the policy of each new queue that has statements (closing pass). */
export function addQueuePolicies(ctx: RenderContext): void {
  const queues = [...state(ctx).queues.values()].filter((q) => !q.lookup);
  if (queues.length > 0) writeResourcePolicies(ctx, sqsStack(ctx), queues.map((q) => q.id));
}
