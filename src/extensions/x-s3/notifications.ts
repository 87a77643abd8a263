/**
 * Event notifications of a new bucket to queues of x-sqs and topics of x-sns:
 * `Properties.NotificationConfiguration.QueueConfigurations[].Queue: x-sqs::<queue>` (or
 * `x-sqs::<queue>::Arn`) and `TopicConfigurations[].Topic: x-sns::<topic>` (or
 * `x-sns::<topic>::TopicArn`) become the queue / topic ARN, read by the `s3` stack from the
 * `sqs` / `sns` stack's outputs. For each new target:
 *  - its policy (shared resource policies: the queue policy, the topic policy) gets statement
 *    `S3<bucket>`: `sqs:SendMessage` / `sns:Publish` for s3.amazonaws.com when `aws:SourceArn`
 *    is this bucket and `aws:SourceAccount` this account;
 *  - when a new x-kms key (default key policy) encrypts it, the key policy lets s3.amazonaws.com
 *    use kms:GenerateDataKey and kms:Decrypt from this account; another key: warning CXS2106.
 * The `s3` stack waits for the stack holding the target and its policy (the stack parameter
 * read from its output), so the bucket is created after the policy: S3 checks that it may send
 * to the destination when the bucket is created.
 *
 * The bucket ARN in those policies is built from its name (`arn:<partition>:s3:::<name>`): the
 * queue / topic stack cannot wait for the bucket, which waits for it. So a bucket notifying a
 * target of x-sqs / x-sns needs a `Properties.BucketName` (CXS1110).
 *
 * Lambda targets and ARNs are kept as written. Errors: CXS1108 a pointer that is no queue of
 * x-sqs / topic of x-sns; CXS1109 a FIFO queue (S3 cannot notify one); CXS1110 no BucketName.
 * Warnings: CXS2105 a looked-up queue / topic (its policy is not changed); CXS2106 the target's
 * key policy is not ours to change.
 */
import { escapeSub, sub, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { NestedStack } from '../../synth/stack.js';
import { letSenderUseKey } from '../shared/kms.js';
import type { PolicyStatement } from '../shared/resource-policy.js';
import { addQueuePolicyStatement, queueArnInStack, sqsQueues } from '../x-sqs/queues.js';
import { addTopicPolicyStatement, declaredTopicNames, snsTopics, topicArn, topicArnInStack } from '../x-sns/topics.js';

type KeyPath = (string | number)[];

const KINDS = [
  { list: 'QueueConfigurations', key: 'Queue', module: 'x-sqs', attr: 'Arn' },
  { list: 'TopicConfigurations', key: 'Topic', module: 'x-sns', attr: 'TopicArn' },
] as const;

/**
 * Rewrites the x-sqs / x-sns targets of `props.NotificationConfiguration` in place (see the file
 * header); `bucketName` is the BucketName as rendered (a literal or an Fn::Sub), `stack` the
 * bucket's stack.
 */
export function bucketNotifications(ctx: RenderContext, bucket: string, props: Record<string, CfnValue | undefined>, bucketName: CfnValue | undefined, stack: NestedStack): void {
  const conf = props.NotificationConfiguration;
  if (!isMapping(conf)) return;
  const base: KeyPath = ['x-s3', bucket, 'Properties', 'NotificationConfiguration'];
  const at = (p: KeyPath) => ({ path: formatPath(p), pos: posAt(ctx.doc, p) });
  const bucketArn = arnOfName(bucketName);
  const sid = `S3${logicalId(bucket)}`;
  const out: Mapping = { ...conf };
  let named = true;
  for (const kind of KINDS) {
    const list = conf[kind.list];
    if (!Array.isArray(list)) continue;
    out[kind.list] = list.map((entry: unknown, i) => {
      const written = isMapping(entry) ? entry[kind.key] : undefined;
      if (typeof written !== 'string' || !written.startsWith('x-')) return entry;
      const path = [...base, kind.list, i, kind.key];
      const target = pointerName(written, kind.module, kind.attr);
      if (target === undefined) {
        ctx.bag.error({
          code: 'CXS1108',
          message: `${kind.key} "${written}" of bucket "${bucket}" is not a ${kind.module === 'x-sqs' ? 'queue' : 'topic'} pointer`,
          ...at(path),
          expected: `${kind.module}::<name> or ${kind.module}::<name>::${kind.attr}, or the ARN`,
        });
        return entry;
      }
      if (bucketArn === undefined) {
        if (named) {
          ctx.bag.error({
            code: 'CXS1110',
            message: `bucket "${bucket}" notifies ${written} but has no literal Properties.BucketName: the ${kind.module === 'x-sqs' ? 'queue' : 'topic'} policy cannot name the bucket`,
            ...at(['x-s3', bucket, 'Properties']),
            expected: 'Properties.BucketName (a string; MacroParameters.Expand*ToBucket may complete it)',
            hint: `add \`BucketName: ${bucket}\` under x-s3.${bucket}.Properties`,
          });
        }
        named = false;
        return entry;
      }
      const arn = kind.module === 'x-sqs' ? toQueue(ctx, bucket, target, path, stack, bucketArn, sid) : toTopic(ctx, bucket, target, path, stack, bucketArn, sid);
      return arn === undefined ? entry : { ...(entry as Mapping), [kind.key]: arn };
    }) as CfnValue[];
  }
  props.NotificationConfiguration = out as CfnValue;
}

/** `arn:<partition>:s3:::<name>` valid in any stack, from the rendered BucketName. */
function arnOfName(name: CfnValue | undefined): CfnValue | undefined {
  const prefix = 'arn:${AWS::Partition}:s3:::';
  if (typeof name === 'string') return sub(prefix + escapeSub(name));
  if (isMapping(name) && typeof name['Fn::Sub'] === 'string') return sub(prefix + name['Fn::Sub']);
  return undefined;
}

/** `x-sqs::jobs`, `x-sqs::jobs::Arn` → `jobs`; undefined when malformed or of another module. */
function pointerName(text: string, module: string, attr: string): string | undefined {
  const m = /^(x-[a-z0-9_]+)::([A-Za-z0-9][A-Za-z0-9._-]*)(?:::([A-Za-z]+))?$/.exec(text);
  if (!m || m[1] !== module || (m[3] !== undefined && m[3] !== attr)) return undefined;
  return m[2];
}

function senderStatement(sid: string, action: string, resource: CfnValue, bucketArn: CfnValue): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: 's3.amazonaws.com' },
    Action: [action],
    Resource: resource,
    Condition: { ArnLike: { 'aws:SourceArn': bucketArn }, StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
  };
}

/** Warning CXS2105: the policy of a looked-up target is not ours to change. */
function lookedUp(ctx: RenderContext, bucket: string, what: string, kind: 'queue' | 'topic', where: { path: string; pos: ReturnType<typeof posAt> }): void {
  ctx.bag.warn({
    code: 'CXS2105',
    message: `${what} is looked up: its policy is not changed, bucket "${bucket}" may not be allowed to send to it (and CloudFormation then fails to create the bucket)`,
    ...where,
    hint: `let s3.amazonaws.com send to the ${kind} from this bucket (aws:SourceArn, aws:SourceAccount) in the ${kind} policy`,
  });
}

function toQueue(ctx: RenderContext, bucket: string, name: string, path: KeyPath, stack: NestedStack, bucketArn: CfnValue, sid: string): CfnValue | undefined {
  const where = { path: formatPath(path), pos: posAt(ctx.doc, path) };
  const q = sqsQueues(ctx).get(name);
  if (!q) {
    const root = ctx.doc['x-sqs'];
    // a declared queue that did not resolve has been reported already
    if (!(isMapping(root) && isMapping(root[name]))) {
      const declared = isMapping(root) ? Object.keys(root).filter((k) => isMapping(root[k])) : [];
      ctx.bag.error({ code: 'CXS1108', message: `bucket "${bucket}" notifies queue "${name}", which is not defined under x-sqs`, ...where, expected: `one of: ${declared.join(', ') || '(no x-sqs queues)'}` });
    }
    return undefined;
  }
  if (q.fifo) {
    ctx.bag.error({ code: 'CXS1109', message: `bucket "${bucket}" notifies FIFO queue "${name}": S3 cannot send events to a FIFO queue`, ...where, expected: 'a standard queue' });
    return undefined;
  }
  if (q.lookup) lookedUp(ctx, bucket, `queue "${name}"`, 'queue', where);
  else {
    addQueuePolicyStatement(ctx, q, senderStatement(sid, 'sqs:SendMessage', queueArnInStack(ctx, q), bucketArn));
  }
  letSenderUseKey(ctx, { key: q.kmsKey, keyArn: q.kmsKeyArn, service: 's3.amazonaws.com', sid: 'FromS3', what: `queue "${name}"`, code: 'CXS2106', where });
  return q.value(stack, 'Arn');
}

function toTopic(ctx: RenderContext, bucket: string, name: string, path: KeyPath, stack: NestedStack, bucketArn: CfnValue, sid: string): CfnValue | undefined {
  const where = { path: formatPath(path), pos: posAt(ctx.doc, path) };
  const t = snsTopics(ctx).get(name);
  if (!t) {
    const declared = declaredTopicNames(ctx);
    if (!declared.includes(name)) {
      ctx.bag.error({ code: 'CXS1108', message: `bucket "${bucket}" notifies topic "${name}", which is not defined under x-sns`, ...where, expected: `one of: ${declared.join(', ') || '(no x-sns topics)'}` });
    }
    return undefined;
  }
  if (t.lookup) lookedUp(ctx, bucket, `topic "${name}"`, 'topic', where);
  else {
    addTopicPolicyStatement(ctx, t, senderStatement(sid, 'sns:Publish', topicArnInStack(t), bucketArn));
  }
  letSenderUseKey(ctx, { key: t.kmsKey, keyArn: t.lookup?.KmsKeyArn, service: 's3.amazonaws.com', sid: 'FromS3', what: `topic "${name}"`, code: 'CXS2106', where });
  return topicArn(t, stack);
}
