/**
 * x-sns stack: the nested stack `sns` holding the new topics (AWS::SNS::Topic from the given
 * Properties, which may be empty, without the subscriptions x-sqs renders; KmsMasterKeyId may be
 * `x-kms::<key>`) with their ARN and name as outputs. A top-level
 * `x-sns.DeletionPolicy` applies to every new topic.
 */
import { getAtt, ref, type CfnValue } from '../../cfn/intrinsics.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import { isFifoTopic, topicSubscriptions } from './subscriptions.js';
import { kmsKeyReference } from '../shared/kms.js';
import type { RenderContext } from '../../synth/context.js';
import { NestedStack } from '../../synth/stack.js';
import { SNS_STACK_ID, type Topic } from './topics.js';

export function addTopicsStack(ctx: RenderContext, topics: Topic[]): void {
  const created = topics.filter((t) => !t.lookup);
  if (created.length === 0) return;
  const root = ctx.doc['x-sns'];
  const policy = isMapping(root) && typeof root.DeletionPolicy === 'string' ? (root.DeletionPolicy as DeletionPolicy) : undefined;
  const stack = new NestedStack(SNS_STACK_ID, 'SNS topics (x-sns)', ctx.tags);
  for (const t of created) {
    const props: Record<string, CfnValue> = { ...(isMapping(t.spec.Properties) ? (t.spec.Properties as Record<string, CfnValue>) : {}) };
    if (Array.isArray(props.Subscription)) {
      const kept = topicSubscriptions(ctx, t).kept;
      if (kept.length > 0) props.Subscription = kept;
      else delete props.Subscription;
    }
    if (isFifoTopic(t) && typeof props.TopicName === 'string' && !props.TopicName.endsWith('.fifo')) {
      const fixed = `${props.TopicName}.fifo`;
      const path = [...t.path, 'Properties', 'TopicName'];
      ctx.bag.warn({
        code: 'CXQ2022',
        message: `FIFO topic "${t.name}" is named "${props.TopicName}": the name of a FIFO topic ends in .fifo, it is named "${fixed}"`,
        path: formatPath(path),
        pos: posAt(ctx.doc, path),
        hint: `write TopicName: ${fixed}`,
      });
      props.TopicName = fixed;
    }
    if (props.KmsMasterKeyId !== undefined && props.KmsMasterKeyId !== '') {
      const path = [...t.path, 'Properties', 'KmsMasterKeyId'];
      const key = kmsKeyReference(ctx, props.KmsMasterKeyId, { path: formatPath(path), pos: posAt(ctx.doc, path) });
      if (key) {
        props.KmsMasterKeyId = key.property(stack);
        t.kmsKey = key;
      }
    }
    stack.add(t.logical, {
      Type: 'AWS::SNS::Topic',
      DeletionPolicy: policy,
      UpdateReplacePolicy: policy === 'Retain' ? 'Retain' : undefined,
      Properties: props,
    });
    stack.template.addOutput(t.logical, { Description: `ARN of the SNS topic ${t.name}`, Value: ref(t.logical) });
    stack.template.addOutput(`${t.logical}TopicName`, { Description: `Name of the SNS topic ${t.name}`, Value: getAtt(t.logical, 'TopicName') });
  }
  ctx.stacks.set(stack.id, stack);
}
