/**
 * x-sns topics: the topics declared under top-level `x-sns`, new or looked up, and how a
 * consuming stack (a family, the alarms stack) gets a topic's ARN.
 *
 * New topic `<name>`: resource NONALNUM(name) in the `sns` stack, outputs `<logical>` (ARN) and
 * `<logical>TopicName`; consumers get a parameter `<logical>` = GetAtt sns.Outputs.<logical>
 * (which orders them after the `sns` stack; an explicit DependsOn would be redundant).
 * Looked-up topic: recorded lookup key `x-sns::<name>`, request = the Lookup mapping without
 * RoleArn, result `{TopicArn, TopicName, KmsKeyArn?}` (KmsKeyArn: the key of an encrypted
 * topic); consumers get the literal ARN.
 *
 * Errors: CXA2003 lookup result without a valid TopicArn / TopicName.
 */
import { getAtt, ref, type CfnValue } from '../../cfn/intrinsics.js';
import { readLookup } from '../shared/lookup.js';
import { logicalId } from '../../cfn/logical-id.js';
import { isMapping, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { NestedStack } from '../../synth/stack.js';
import type { KmsKeyRef } from '../shared/kms.js';
import { addPolicyStatement, writeResourcePolicies, type PolicyStatement } from '../shared/resource-policy.js';

export const SNS_STACK_ID = 'sns';

export interface LookupResult {
  TopicArn: string;
  TopicName: string;
  KmsKeyArn?: string;
}

export interface Topic {
  name: string;
  logical: string;
  /** The x-sns entry as written. */
  spec: Mapping;
  path: (string | number)[];
  lookup?: LookupResult;
  /** The key encrypting the topic (set with the stack or the links). */
  kmsKey?: KmsKeyRef;
}

const cache = new WeakMap<RenderContext, Map<string, Topic>>();

/** Every topic of `x-sns` that could be resolved (lookup errors are reported once). */
export function snsTopics(ctx: RenderContext): Map<string, Topic> {
  const known = cache.get(ctx);
  if (known) return known;
  const out = new Map<string, Topic>();
  cache.set(ctx, out);
  const root = ctx.doc['x-sns'];
  if (!isMapping(root)) return out;
  for (const [name, spec] of Object.entries(root)) {
    if (name === 'DeletionPolicy' || !isMapping(spec)) continue;
    const path = ['x-sns', name];
    const topic: Topic = { name, logical: logicalId(name), spec, path };
    if (isMapping(spec.Lookup)) {
      const res = readLookup(ctx, { key: `x-sns::${name}`, path, def: spec }, { required: ['TopicArn', 'TopicName'], optional: ['KmsKeyArn'], patterns: { TopicArn: /^arn:/ }, code: 'CXA2003' });
      if (res === undefined) continue;
      topic.lookup = { TopicArn: res.TopicArn, TopicName: res.TopicName, KmsKeyArn: res.KmsKeyArn };
    }
    out.set(name, topic);
  }
  return out;
}

/** Names declared under x-sns (whether or not they resolved), for "did you mean" lists. */
export function declaredTopicNames(ctx: RenderContext): string[] {
  const root = ctx.doc['x-sns'];
  return isMapping(root) ? Object.keys(root).filter((k) => k !== 'DeletionPolicy') : [];
}

/** The topic's ARN as seen from `consumer` (declares the parameter / stack dependency). */
export function topicArn(topic: Topic, consumer: NestedStack): CfnValue {
  if (topic.lookup) return topic.lookup.TopicArn;
  return consumer.input(topic.logical, { Type: 'String', Description: `ARN of the SNS topic ${topic.name}` }, getAtt(SNS_STACK_ID, `Outputs.${topic.logical}`));
}

/** The topic's name as seen from `consumer`. */
export function topicName(topic: Topic, consumer: NestedStack): CfnValue {
  if (topic.lookup) return topic.lookup.TopicName;
  return consumer.input(
    `${topic.logical}TopicName`,
    { Type: 'String', Description: `Name of the SNS topic ${topic.name}` },
    getAtt(SNS_STACK_ID, `Outputs.${topic.logical}TopicName`),
  );
}

/** The `sns` stack of this render (new topics only). */
function snsStack(ctx: RenderContext): NestedStack | undefined {
  return ctx.stacks.get(SNS_STACK_ID) as NestedStack | undefined;
}

/**
 * Adds a statement to the topic policy of new topic `topic` (call before the closing pass); its
 * Resource is `topicArnInStack(topic)`. The policy (AWS::SNS::TopicPolicy `<topic>Policy`, shared
 * resource policies) is written by `addTopicPolicies`.
 */
export function addTopicPolicyStatement(ctx: RenderContext, topic: Topic, statement: PolicyStatement): void {
  const stack = snsStack(ctx);
  if (!stack || topic.lookup) throw new Error(`topic ${topic.name} is not a new topic`);
  addPolicyStatement(ctx, { stack, id: topic.logical, type: 'AWS::SNS::TopicPolicy', properties: { Topics: [ref(topic.logical)] } }, statement);
}

/** The ARN of new topic `topic` inside the `sns` stack. */
export function topicArnInStack(topic: Topic): CfnValue {
  return ref(topic.logical);
}

/** Writes the policy of each new topic that has statements (closing pass). */
export function addTopicPolicies(ctx: RenderContext): void {
  const stack = snsStack(ctx);
  if (stack) writeResourcePolicies(ctx, stack, [...snsTopics(ctx).values()].filter((t) => !t.lookup).map((t) => t.logical));
}
