/**
 * x-sns `Properties.Subscription` entries that deliver to a queue of x-sqs: `Endpoint:
 * x-sqs::<queue>::Arn` (or `x-sqs::<queue>`, or the queue's name) with `Protocol: sqs`. They
 * leave the topic's properties: x-sqs renders each as an AWS::SNS::Subscription next to the queue
 * with the queue-policy statement letting exactly that topic send (x-sqs/subscriptions.ts).
 * Other entries (e-mail, HTTPS, a queue ARN, ...) stay on the topic as written.
 *
 * Errors: CXQ1020 an sqs endpoint that is neither a queue of x-sqs nor a queue ARN.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { isMapping, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { Topic } from './topics.js';

export interface QueueSubscription {
  topic: Topic;
  /** Name under x-sqs. */
  queue: string;
  /** The entry as written. */
  spec: Mapping;
  path: (string | number)[];
}

export interface TopicSubscriptions {
  toQueues: QueueSubscription[];
  /** Entries kept on the topic. */
  kept: CfnValue[];
  /** sqs endpoints that are no queue of x-sqs. */
  unknown: { path: (string | number)[]; endpoint: string }[];
}

const POINTER = /^x-sqs::([A-Za-z0-9][A-Za-z0-9._-]*)(?:::Arn)?$/;

export function topicSubscriptions(ctx: RenderContext, topic: Topic): TopicSubscriptions {
  const out: TopicSubscriptions = { toQueues: [], kept: [], unknown: [] };
  const props = topic.spec.Properties;
  const list = isMapping(props) && Array.isArray(props.Subscription) ? (props.Subscription as unknown[]) : [];
  const root = ctx.doc['x-sqs'];
  const queues = isMapping(root) ? Object.keys(root).filter((k) => isMapping(root[k])) : [];
  list.forEach((entry, i) => {
    const path = [...topic.path, 'Properties', 'Subscription', i];
    const endpoint = isMapping(entry) ? entry.Endpoint : undefined;
    const sqs = isMapping(entry) && (entry.Protocol === 'sqs' || (typeof endpoint === 'string' && endpoint.startsWith('x-sqs::')));
    if (!sqs || typeof endpoint !== 'string' || endpoint.startsWith('arn:')) {
      out.kept.push(entry as CfnValue);
      return;
    }
    const name = POINTER.exec(endpoint)?.[1] ?? (endpoint.startsWith('x-sqs::') ? undefined : endpoint);
    if (name !== undefined && queues.includes(name)) out.toQueues.push({ topic, queue: name, spec: entry as Mapping, path });
    else out.unknown.push({ path: [...path, 'Endpoint'], endpoint });
  });
  return out;
}

/** FIFO topic: `FifoTopic: true`. */
export function isFifoTopic(topic: Topic): boolean {
  const props = topic.spec.Properties;
  return isMapping(props) && (props.FifoTopic === true || props.FifoTopic === 'true');
}
