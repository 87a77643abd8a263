/**
 * Alarm notification targets: `Topics: [{x-sns: <name>} | {TopicArn: <arn>}, NotifyOn?]` to the
 * AlarmActions / OKActions of an alarm in a given stack. NotifyOn: `alarm` (default) → on
 * ALARM, `okay` → on return to OK, `all` → both; a list combines values.
 *
 * Errors: CXA1102 a topic name not declared under x-sns.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { formatPath, posAt } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { NestedStack } from '../../synth/stack.js';
import { declaredTopicNames, snsTopics, topicArn } from '../x-sns/topics.js';

export interface TopicRef {
  topic: Record<string, unknown>;
  path: (string | number)[];
}

export interface AlarmActions {
  alarm: CfnValue[];
  ok: CfnValue[];
}

export function alarmActions(ctx: RenderContext, topics: TopicRef[], consumer: NestedStack): AlarmActions {
  const out: AlarmActions = { alarm: [], ok: [] };
  const seen = { alarm: new Set<string>(), ok: new Set<string>() };
  const push = (kind: 'alarm' | 'ok', v: CfnValue) => {
    const k = JSON.stringify(v);
    if (seen[kind].has(k)) return;
    seen[kind].add(k);
    out[kind].push(v);
  };
  for (const { topic, path } of topics) {
    let arn: CfnValue;
    if (typeof topic.TopicArn === 'string') {
      arn = topic.TopicArn;
      const name = topic.TopicArn.split(':').slice(5).join(':');
      if (!/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(name)) {
        const p = [...path, 'TopicArn'];
        ctx.bag.warn({
          code: 'CXA1105',
          message: `"${name}" in TopicArn is not an SNS topic name: CloudWatch cannot notify this topic`,
          path: formatPath(p),
          pos: posAt(ctx.doc, p),
          expected: 'arn:aws:sns:<region>:<account id>:<topic name> (letters, digits, - and _)',
          hint: 'copy the ARN from the SNS console or `aws sns list-topics`',
        });
      }
    } else if (typeof topic['x-sns'] === 'string') {
      const name = topic['x-sns'];
      const declared = declaredTopicNames(ctx);
      const t = snsTopics(ctx).get(name);
      if (!t) {
        if (!declared.includes(name)) {
          const p = [...path, 'x-sns'];
          ctx.bag.error({
            code: 'CXA1102',
            message: `alarm topic "${name}" is not declared under x-sns`,
            path: formatPath(p),
            pos: posAt(ctx.doc, p),
            expected: declared.length > 0 ? `one of: ${declared.join(', ')}` : 'a topic declared under top-level x-sns',
            hint: declared.length > 0 ? undefined : `declare it, e.g. \`x-sns: {${name}: {Properties: {}}}\`, or use TopicArn`,
          });
        }
        continue;
      }
      arn = topicArn(t, consumer);
    } else continue;
    const notify = Array.isArray(topic.NotifyOn) ? topic.NotifyOn : [topic.NotifyOn ?? 'alarm'];
    if (notify.includes('alarm') || notify.includes('all')) push('alarm', arn);
    if (notify.includes('okay') || notify.includes('all')) push('ok', arn);
  }
  return out;
}
