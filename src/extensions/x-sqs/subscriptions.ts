/**
 * SNS topics of x-sns delivering to queues of x-sqs (x-sns/subscriptions.ts), rendered in the
 * `sqs` stack, which waits for the `sns` stack (the topic ARN is a parameter from it) and never
 * the reverse:
 *  - AWS::SNS::Subscription `<queueId>From<topicId>` (Protocol sqs, the queue ARN; the other keys
 *    of the entry, e.g. RawMessageDelivery, FilterPolicy, as written);
 *  - in the queue's policy, statement `From<topicId>`: `sqs:SendMessage` for sns.amazonaws.com
 *    when `aws:SourceArn` is that topic; the subscription waits for the policy.
 * A looked-up queue keeps its own policy: the subscription is made, with warning CXQ2021.
 * An encrypted queue: the key policy of a new x-kms key (default policy) lets sns.amazonaws.com
 * use kms:GenerateDataKey and kms:Decrypt from this account (shared/kms.ts letSenderUseKey);
 * another key: warning CXQ2023 with what to add.
 * A standard topic cannot deliver to a FIFO queue: warning CXQ2020.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { formatPath, posAt } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { topicSubscriptions, isFifoTopic } from '../x-sns/subscriptions.js';
import { snsTopics, topicArn } from '../x-sns/topics.js';
import { letSenderUseKey } from '../shared/kms.js';
import { addQueuePolicyStatement, queueArnInStack, sqsQueues, sqsStack } from './queues.js';

export function addSubscriptions(ctx: RenderContext): void {
  const queues = sqsQueues(ctx);
  for (const topic of snsTopics(ctx).values()) {
    for (const s of topicSubscriptions(ctx, topic).toQueues) {
      const q = queues.get(s.queue);
      if (!q) continue;
      const where = { path: formatPath(s.path), pos: posAt(ctx.doc, s.path) };
      if (q.fifo && !isFifoTopic(topic)) {
        ctx.bag.warn({ code: 'CXQ2020', message: `standard topic "${topic.name}" delivers to FIFO queue "${q.name}": SNS refuses the subscription`, ...where, hint: 'use a FIFO topic (FifoTopic: true) or a standard queue' });
      }
      const stack = sqsStack(ctx);
      const arn = topicArn(topic, stack);
      const id = `${q.id}From${topic.logical}`;
      const { Endpoint: _e, Protocol: _p, ...rest } = s.spec;
      if (q.lookup) {
        ctx.bag.warn({
          code: 'CXQ2021',
          message: `queue "${q.name}" is looked up: its policy is not changed, topic "${topic.name}" may not be allowed to send to it`,
          ...where,
          hint: 'let sns.amazonaws.com send to the queue from this topic (aws:SourceArn) in the queue policy',
        });
      } else {
        addQueuePolicyStatement(ctx, q, {
          Sid: `From${topic.logical}`,
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: ['sqs:SendMessage'],
          Resource: queueArnInStack(ctx, q),
          Condition: { ArnEquals: { 'aws:SourceArn': arn } },
        });
      }
      letSenderUseKey(ctx, { key: q.kmsKey, keyArn: q.kmsKeyArn, service: 'sns.amazonaws.com', sid: 'FromSns', what: `queue "${q.name}"`, code: 'CXQ2023', where });
      stack.add(id, {
        Type: 'AWS::SNS::Subscription',
        DependsOn: q.lookup ? undefined : [`${q.id}Policy`],
        Properties: { ...(rest as Record<string, CfnValue>), TopicArn: arn, Protocol: 'sqs', Endpoint: queueArnInStack(ctx, q) },
      });
    }
  }
}
