/**
 * x-sns service links: `x-sns.<topic>.Services.<family or service>` gives the task role access
 * to the topic (policy `<family>Tosns`) and sets environment variables.
 *
 * A key naming a family applies to all its containers; a key naming a service applies to that
 * container in each of its families. Environment: `<TOPIC_NAME>` (upper case, `-` → `_`) = the
 * topic ARN, plus each name of `Settings.EnvNames`; `ReturnValues {TopicArn|TopicName: ENV}`
 * replaces the default variable. An encrypted topic (Properties.KmsMasterKeyId, or a looked-up
 * KmsKeyArn) also grants kms:GenerateDataKey* / kms:Decrypt on its key.
 *
 * Errors: CXA2001 unknown family/service; CXA2002 unknown ReturnValues attribute.
 */
import { sub, type CfnValue } from '../../cfn/intrinsics.js';
import { nonAlnum } from '../../cfn/logical-id.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { FamilyStack, Statement } from '../../synth/family.js';
import { topicArn, topicName, type Topic } from './topics.js';

export const ACCESS: Record<string, { sid: string; actions: string[] }> = {
  Publish: { sid: 'SnsPublish', actions: ['sns:Publish'] },
  SNSPublishMessagePolicy: { sid: 'SnsPublish', actions: ['sns:Publish'] },
  SNSCrudPolicy: {
    sid: 'SnsCrud',
    actions: ['sns:ListSubscriptionsByTopic', 'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:Publish'],
  },
};

const RETURN_VALUES = ['TopicArn', 'TopicName'];

/** Default environment variable name of a resource: upper case, `-` → `_`, other symbols dropped. */
export function envName(name: string): string {
  return name.replace(/-/g, '_').replace(/[^A-Za-z0-9_]/g, '').toUpperCase();
}

export function linkServices(ctx: RenderContext, topic: Topic): void {
  const services = topic.spec.Services;
  if (!isMapping(services)) return;
  for (const [key, link] of Object.entries(services)) {
    if (!isMapping(link)) continue;
    const path = [...topic.path, 'Services', key];
    const targets = resolveTargets(ctx, key);
    if (targets.length === 0) {
      const families = [...ctx.families.values()].map((f) => f.family.name);
      const svcs = Object.keys(isMapping(ctx.doc.services) ? ctx.doc.services : {});
      ctx.bag.error({
        code: 'CXA2001',
        message: `x-sns topic ${topic.name} links to "${key}", which is neither a family nor a service`,
        path: formatPath(path),
        pos: posAt(ctx.doc, path),
        expected: `one of: ${[...new Set([...families, ...svcs])].sort().join(', ')}`,
      });
      continue;
    }
    const env = envVars(ctx, topic, link, path);
    if (env === undefined) continue;
    for (const { fs, target } of targets) {
      for (const [name, attr] of env) fs.addEnvironment(target, name, attr === 'TopicName' ? topicName(topic, fs) : topicArn(topic, fs));
      const access = typeof link.Access === 'string' ? ACCESS[link.Access] : undefined;
      if (access) grant(fs, topic, access);
    }
  }
}

function resolveTargets(ctx: RenderContext, key: string): { fs: FamilyStack; target: string }[] {
  const family = [...ctx.families.values()].find((f) => f.family.name === key);
  if (family) return [{ fs: family, target: '*' }];
  return ctx.familiesOf(key).map((fs) => ({ fs, target: key }));
}

/** Environment variable name → topic attribute, or undefined after reporting an error. */
function envVars(ctx: RenderContext, topic: Topic, link: Record<string, unknown>, path: (string | number)[]): Map<string, string> | undefined {
  const out = new Map<string, string>();
  const rv = link.ReturnValues;
  if (isMapping(rv) && Object.keys(rv).length > 0) {
    let ok = true;
    for (const [attr, v] of Object.entries(rv)) {
      if (!RETURN_VALUES.includes(attr)) {
        const p = [...path, 'ReturnValues', attr];
        ctx.bag.error({
          code: 'CXA2002',
          message: `"${attr}" is not a return value of an SNS topic`,
          path: formatPath(p),
          pos: posAt(ctx.doc, p),
          expected: `one of: ${RETURN_VALUES.join(', ')}`,
        });
        ok = false;
        continue;
      }
      const name = typeof v === 'string' ? v : isMapping(v) && typeof v.EnvVarName === 'string' ? v.EnvVarName : envName(topic.name);
      out.set(name, attr);
    }
    if (!ok) return undefined;
  } else out.set(envName(topic.name), 'TopicArn');
  const settings = topic.spec.Settings;
  if (isMapping(settings) && Array.isArray(settings.EnvNames)) {
    for (const n of settings.EnvNames) if (typeof n === 'string' && !out.has(n)) out.set(n, 'TopicArn');
  }
  return out;
}

function grant(fs: FamilyStack, topic: Topic, access: { sid: string; actions: string[] }): void {
  const policy = `${fs.family.logicalName}Tosns`;
  fs.addStatement('task', policy, { Sid: access.sid, Effect: 'Allow', Action: access.actions, Resource: [topicArn(topic, fs)] });
  const key = kmsKey(topic);
  if (key !== undefined) fs.addStatement('task', policy, kmsStatement(key));
}

/** The KMS key that encrypts the topic, as written (ARN, key id, alias) or from the lookup. */
function kmsKey(topic: Topic): CfnValue | undefined {
  if (topic.lookup) return topic.lookup.KmsKeyArn;
  const props = topic.spec.Properties;
  if (!isMapping(props) || props.KmsMasterKeyId === undefined || props.KmsMasterKeyId === '') return undefined;
  return props.KmsMasterKeyId as CfnValue;
}

const KMS_ACTIONS = ['kms:GenerateDataKey*', 'kms:Decrypt'];
const ALIAS = /^(?:arn:[^:]+:kms:[^:]*:[^:]*:)?(alias\/.+)$/;

/**
 * IAM statement to publish to a topic encrypted with `key`. Key ARN → that key; key id → the
 * key in this account and region; alias (name or ARN) → any key carrying that alias, since IAM
 * does not match alias ARNs for cryptographic operations.
 */
export function kmsStatement(key: CfnValue): Statement {
  if (typeof key === 'string') {
    const alias = ALIAS.exec(key);
    if (alias) {
      return {
        Sid: `SnsKms${nonAlnum(alias[1])}`,
        Effect: 'Allow',
        Action: KMS_ACTIONS,
        Resource: '*',
        Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias[1] } },
      };
    }
    const arn = key.startsWith('arn:') ? key : sub(`arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/${key}`);
    return { Sid: 'SnsKmsKeys', Effect: 'Allow', Action: KMS_ACTIONS, Resource: [arn] };
  }
  return { Sid: 'SnsKmsKeys', Effect: 'Allow', Action: KMS_ACTIONS, Resource: [key] };
}
