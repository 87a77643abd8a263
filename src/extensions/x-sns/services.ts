/**
 * x-sns service links (through the shared module mechanism, ../shared/module.ts):
 * `x-sns.<topic>.Services.<family or service>` gives the task role access to the topic (policy
 * `<family>Tosns`) and sets environment variables.
 *
 * Environment: `<TOPIC_NAME>` (upper case, `-` → `_`) = the topic ARN, plus each name of
 * `Settings.EnvNames`; `ReturnValues {TopicArn|TopicName: ENV}` replaces the default variable.
 * An encrypted topic (Properties.KmsMasterKeyId, or a looked-up KmsKeyArn) also grants
 * kms:GenerateDataKey* / kms:Decrypt on its key (resolved by ../shared/kms.ts: a key ARN, key
 * id, alias or `x-kms::<key>`), in the same policy.
 */
import { isMapping } from '../../load/positions.js';
import type { PermissionTable } from '../shared/access.js';
import type { EnvVar, ResourceEntry } from '../shared/module.js';

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

/** KMS actions publishing to an encrypted topic needs on its key. */
export const KMS_ACTIONS = ['kms:GenerateDataKey*', 'kms:Decrypt'];
