/**
 * x-sns service links (through the shared module mechanism, ../shared/module.ts):
 * `x-sns.<topic>.Services.<family or service>` gives the task role access to the topic (policy
 * `<family>Tosns`) and sets environment variables.
 *
 * Environment: `<TOPIC_NAME>` (upper case, `-` → `_`) = the topic ARN, plus each name of
 * `Settings.EnvNames`; `ReturnValues {TopicArn|TopicName: ENV}` replaces the default variable.
 * An encrypted topic (Properties.KmsMasterKeyId, or a looked-up KmsKeyArn) also grants
 * kms:GenerateDataKey* / kms:Decrypt on its key, in the same policy.
 */
import { sub, type CfnValue } from '../../cfn/intrinsics.js';
import { nonAlnum } from '../../cfn/logical-id.js';
import { isMapping } from '../../load/positions.js';
import type { Statement } from '../../synth/family.js';
import type { PermissionTable } from '../shared/access.js';
import type { EnvVar, ResourceEntry } from '../shared/module.js';
import type { Topic } from './topics.js';

const PUBLISH = { Sid: 'SnsPublish', Action: ['sns:Publish'], Resource: ['${TopicArn}'] };

/** `Access: <name>` of a topic link. */
export const SNS_PERMISSIONS: PermissionTable = {
  names: {
    Publish: PUBLISH,
    SNSPublishMessagePolicy: PUBLISH,
    SNSCrudPolicy: {
      Sid: 'SnsCrud',
      Action: ['sns:ListSubscriptionsByTopic', 'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:Publish'],
      Resource: ['${TopicArn}'],
    },
  },
};

export const RETURN_VALUES = ['TopicArn', 'TopicName'] as const;

/** Default environment variable name of a resource: upper case, `-` → `_`, other symbols dropped. */
export function envName(name: string): string {
  return name.replace(/-/g, '_').replace(/[^A-Za-z0-9_]/g, '').toUpperCase();
}

/** The ReturnValues variables (or the default one), plus each name of Settings.EnvNames not set yet. */
export function topicEnv(topic: { name: string }, entry: ResourceEntry, fromReturnValues: EnvVar[]): EnvVar[] {
  const out = new Map<string, string>(fromReturnValues.length > 0 ? fromReturnValues : [[envName(topic.name), 'TopicArn']]);
  const settings = entry.def.Settings;
  if (isMapping(settings) && Array.isArray(settings.EnvNames)) {
    for (const n of settings.EnvNames) if (typeof n === 'string' && !out.has(n)) out.set(n, 'TopicArn');
  }
  return [...out];
}

/** The KMS key that encrypts the topic, as written (ARN, key id, alias) or from the lookup. */
export function kmsKey(topic: Topic): CfnValue | undefined {
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
