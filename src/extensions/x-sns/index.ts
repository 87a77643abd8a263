/**
 * x-sns (top level): SNS topics, new (nested stack `sns`) or looked up (recorded lookups), and
 * their links to services (IAM access on the task role, environment variables) through the
 * shared module mechanism. See topics.ts for the lookup result format and how consumers get a
 * topic ARN, services.ts for the links. Topic policies: statements other modules add (an S3
 * bucket notifying the topic), written in the closing pass (topics.ts).
 *
 * Errors: CXA2001 unknown family/service; CXA2002 unknown ReturnValues attribute; CXA2004 two
 * topic names that give the same logical ID; CXQ1020 a subscription to an sqs endpoint that is
 * not a queue of x-sqs (subscriptions.ts; the queues' subscriptions are made by x-sqs). Warning
 * CXQ2022: a FIFO topic name completed with .fifo (stack.ts).
 */
import { formatPath, posAt } from '../../load/positions.js';
import { defineModule, type ModuleResource } from '../shared/module.js';
import { KMS_ACTIONS, RETURN_VALUES, SNS_PERMISSIONS, envName, topicEnv } from './services.js';
import { kmsKeyReference } from '../shared/kms.js';
import { addTopicsStack } from './stack.js';
import { addTopicPolicies, snsTopics, topicArn, topicName, type Topic } from './topics.js';
import { topicSubscriptions } from './subscriptions.js';
import { isMapping } from '../../load/positions.js';

const declaredQueueNames = (ctx: Parameters<typeof snsTopics>[0]): string[] => {
  const root = ctx.doc['x-sqs'];
  return isMapping(root) ? Object.keys(root).filter((k) => isMapping(root[k])) : [];
};

interface TopicResource extends ModuleResource {
  topic: Topic;
}

export const xSns = defineModule<TopicResource>({
  key: 'x-sns',
  kind: 'topic',
  policy: 'sns',
  attributes: RETURN_VALUES,
  defaultAttribute: 'TopicArn',
  permissions: SNS_PERMISSIONS,
  codes: { unknownTarget: 'CXA2001', unknownAttribute: 'CXA2002' },
  envName,
  env: topicEnv,
  resources(ctx) {
    const topics = [...snsTopics(ctx).values()];
    const byLogical = new Map<string, string>();
    let clash = false;
    for (const t of topics) {
      const other = byLogical.get(t.logical);
      if (other !== undefined) {
        clash = true;
        ctx.bag.error({
          code: 'CXA2004',
          message: `x-sns topics "${other}" and "${t.name}" both give the logical ID ${t.logical}`,
          path: formatPath(t.path),
          pos: posAt(ctx.doc, t.path),
          expected: 'topic names that differ in their letters or digits',
          hint: `rename one of them`,
        });
      }
      byLogical.set(t.logical, t.name);
    }
    for (const t of topics) {
      for (const u of topicSubscriptions(ctx, t).unknown) {
        ctx.bag.error({
          code: 'CXQ1020',
          message: `topic "${t.name}" subscribes "${u.endpoint}", which is not a queue of x-sqs`,
          path: formatPath(u.path),
          pos: posAt(ctx.doc, u.path),
          expected: `x-sqs::<queue>::Arn with a queue of x-sqs (${declaredQueueNames(ctx).join(', ') || 'none declared'}), or the ARN of a queue`,
        });
      }
    }
    if (clash) return [];
    addTopicsStack(ctx, topics);
    for (const t of topics) {
      if (t.lookup?.KmsKeyArn === undefined) continue;
      const lpath = [...t.path, 'Lookup'];
      t.kmsKey = kmsKeyReference(ctx, t.lookup.KmsKeyArn, { path: formatPath(lpath), pos: posAt(ctx.doc, lpath) }) ?? undefined;
    }
    return topics.map((topic) => ({
      name: topic.name,
      topic,
      attributes: RETURN_VALUES,
      value: (consumer, attr) => (attr === 'TopicName' ? topicName(topic, consumer) : topicArn(topic, consumer)),
      ...(topic.kmsKey ? { kmsKey: topic.kmsKey } : {}),
    }));
  },
  finish(ctx) {
    addTopicPolicies(ctx);
  },
  grantKms(fs, _r, _granted, key) {
    fs.addStatement('task', `${fs.family.logicalName}Tosns`, key.statement(fs, 'SnsKmsKeys', KMS_ACTIONS));
  },
});
