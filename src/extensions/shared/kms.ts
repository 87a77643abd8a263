/**
 * KMS key references as users write them in the properties of other modules (x-s3
 * `BucketEncryption...KMSMasterKeyID`, x-sns / x-sqs `KmsMasterKeyId`, x-dynamodb
 * `SSESpecification.KMSMasterKeyId`, ...), resolved the same way for every module.
 *
 * API
 *
 *   registerKmsKeys(ctx, keys, declared)   x-kms only (it is first in the registry): the keys of
 *                                          this render, and every name declared under x-kms.
 *   kmsKeyReference(ctx, written, where)   a reference as written →
 *       KmsKeyRef | undefined (an error, CXY1011 / CXY1012, is reported) | null (leave the
 *       value as written, no IAM grant: an intrinsic function, or a string that is no key
 *       reference, with warning CXY2011).
 *   KmsKeyRef.property(stack)               the value for the property, valid in `stack` (a new
 *                                          x-kms key gives a parameter from the `kms` stack's output,
 *                                          and `stack` waits for it).
 *   KmsKeyRef.statement(stack, sid, actions) an IAM statement granting `actions` on that key only,
 *                                          valid in `stack` (a family stack).
 *   letSenderUseKey(ctx, sender)            an AWS service sending to an encrypted queue / topic
 *                                          (S3 notifications, SNS subscriptions) is let use the
 *                                          key in its key policy, or the user is told (warning).
 * A module resource encrypted with a key sets `kmsKey` (module.ts) to the KmsKeyRef: each
 * linked family is then granted the KMS actions its access needs on that key.
 *
 * What a reference can be:
 *  - `x-kms::<name>` or `x-kms::<name>::<Arn|KeyId>`: a key of x-kms (new or looked up); the
 *    property gets the key ARN (KeyId when asked), IAM the key ARN;
 *  - a key ARN: as is in both;
 *  - a key id (uuid or `mrk-...`): as is in the property, `arn:<partition>:kms:<region>:<account>:key/<id>` in IAM;
 *  - an alias name `alias/<name>` or alias ARN: when it is the alias of an x-kms key, that key
 *    (as for a pointer); otherwise as is in the property and, in IAM, the keys of that account
 *    and region (`key/*`) carrying that alias (condition `kms:ResourceAliases`): IAM does not
 *    match alias ARNs for cryptographic operations. Never `Resource: "*"`.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { ref, sub } from '../../cfn/intrinsics.js';
import type { SourcePos } from '../../diagnostics/diagnostic.js';
import type { RenderContext } from '../../synth/context.js';
import type { Statement } from '../../synth/family.js';
import type { NestedStack } from '../../synth/stack.js';

export interface Where {
  path: string;
  pos: SourcePos | undefined;
}

/** A key of x-kms as other modules see it. */
export interface KmsKeyResource {
  name: string;
  /** `Arn` or `KeyId` of the key, valid in `consumer`. */
  value(consumer: NestedStack, attr: string): CfnValue;
  /** Alias names (`alias/...`) the key has, as literals, when known. */
  aliases: readonly string[];
  /**
   * Adds a statement to the key policy (a new key with the default policy only); false when the
   * key policy is not ours to change.
   */
  allowInKeyPolicy?(statement: KeyPolicyStatement): boolean;
}

/** A statement of a key policy letting an AWS service use the key (Resource `*` = this key). */
export interface KeyPolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: { Service: string };
  Action: string[];
  Resource: '*';
  Condition?: CfnValue;
}

/** A resolved KMS key reference. */
export interface KmsKeyRef {
  /** The reference as written (for messages). */
  written: string;
  /** The value for the encrypting resource's property, valid in `stack`. */
  property(stack: NestedStack): CfnValue;
  /** IAM statement granting `actions` on that key only, valid in `stack`. */
  statement(stack: NestedStack, sid: string, actions: readonly string[]): Statement;
  /**
   * Lets AWS service `service` (`s3.amazonaws.com`) use the key for `actions` from this account
   * (plus `condition`), in the key policy: true when done (a new x-kms key with the default key
   * policy), false when the key policy is not ours (a key given by ARN, id or alias, a looked-up
   * key, a key with its own KeyPolicy): the caller then tells the user.
   */
  allowService(service: string, sid: string, actions: readonly string[], condition?: Record<string, CfnValue>): boolean;
}

interface Registry {
  keys: Map<string, KmsKeyResource>;
  declared: string[];
}

const registries = new WeakMap<RenderContext, Registry>();

export function registerKmsKeys(ctx: RenderContext, keys: readonly KmsKeyResource[], declared: readonly string[]): void {
  registries.set(ctx, { keys: new Map(keys.map((k) => [k.name, k])), declared: [...declared] });
}

const KEY_ARN = /^arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const KEY_ID = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-f]{32})$/;
const ALIAS_ARN = /^(arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\d{12}):(alias\/[A-Za-z0-9/_-]+)$/;
const ALIAS_NAME = /^alias\/[A-Za-z0-9/_-]+$/;
const POINTER = /^x-kms::([A-Za-z0-9][A-Za-z0-9._-]*)(?:::(Arn|KeyId))?$/;

/** Attributes a pointer inside a property may name. */
export const KMS_POINTER_ATTRIBUTES = ['Arn', 'KeyId'] as const;

const literalKey = (written: string, iamArn: CfnValue): KmsKeyRef => ({
  written,
  property: () => written,
  allowService: () => false,
  statement: (_s, sid, actions) => ({ Sid: sid, Effect: 'Allow', Action: [...actions], Resource: [iamArn] }),
});

const ofResource = (written: string, key: KmsKeyResource, attr: string): KmsKeyRef => ({
  written,
  property: (stack) => key.value(stack, attr),
  allowService: (service, sid, actions, condition) =>
    key.allowInKeyPolicy?.({
      Sid: sid,
      Effect: 'Allow',
      Principal: { Service: service },
      Action: [...actions],
      Resource: '*',
      Condition: { ...condition, StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
    }) ?? false,
  statement: (stack, sid, actions) => ({ Sid: sid, Effect: 'Allow', Action: [...actions], Resource: [key.value(stack, 'Arn')] }),
});

/**
 * The key a reference designates (see the file header); `where` locates it for errors.
 * Returns null for a value that is not a string (an intrinsic function written by the user).
 */
export function kmsKeyReference(ctx: RenderContext, written: unknown, where: Where): KmsKeyRef | undefined | null {
  if (typeof written !== 'string') return null;
  const reg = registries.get(ctx);
  if (written.startsWith('x-kms::')) {
    const m = POINTER.exec(written);
    if (!m) {
      ctx.bag.error({
        code: 'CXY1011',
        message: `malformed KMS key pointer "${written}"`,
        ...where,
        expected: 'x-kms::<key name> or x-kms::<key name>::Arn / ::KeyId',
      });
      return undefined;
    }
    const key = reg?.keys.get(m[1]);
    if (!key) {
      // a declared key that did not resolve has been reported already
      if (!reg?.declared.includes(m[1])) {
        ctx.bag.error({
          code: 'CXY1012',
          message: `"${written}" points at KMS key "${m[1]}", which is not defined under x-kms`,
          ...where,
          expected: `one of: ${reg?.declared.join(', ') || '(no x-kms keys)'}`,
        });
      }
      return undefined;
    }
    return ofResource(written, key, m[2] ?? 'Arn');
  }
  if (KEY_ARN.test(written)) return literalKey(written, written);
  if (KEY_ID.test(written)) return literalKey(written, sub(`arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/${written}`));
  const aliasArn = ALIAS_ARN.exec(written);
  if (aliasArn || ALIAS_NAME.test(written)) {
    const alias = aliasArn ? aliasArn[2] : written;
    const own = [...(reg?.keys.values() ?? [])].find((k) => k.aliases.includes(alias));
    if (own && !aliasArn) return ofResource(written, own, 'Arn');
    const keys = aliasArn ? `${aliasArn[1]}:key/*` : sub('arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*');
    return {
      written,
      property: () => written,
      allowService: () => false,
      statement: (_s, sid, actions) => ({
        Sid: sid,
        Effect: 'Allow',
        Action: [...actions],
        Resource: [keys],
        Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias } },
      }),
    };
  }
  ctx.bag.warn({
    code: 'CXY2011',
    message: `"${written}" is not a KMS key ARN, key id, alias or x-kms pointer: passed as written, and services get no KMS permission for it`,
    ...where,
    hint: 'use the key ARN, alias/<name>, or x-kms::<key name>',
  });
  return null;
}

/** Actions an AWS service sending to an encrypted queue or topic needs on its key. */
export const SENDER_KMS_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

export interface KeySender {
  /** The key of the destination (a reference), or its ARN when only that is known. */
  key: KmsKeyRef | undefined;
  keyArn: CfnValue | undefined;
  /** `s3.amazonaws.com`, `sns.amazonaws.com`. */
  service: string;
  /** Sid of the key-policy statement (one per sending service). */
  sid: string;
  /** The destination, for the message: `queue "jobs"`. */
  what: string;
  /** Warning code when the key policy cannot be changed. */
  code: string;
  where: Where;
}

/**
 * Lets `sender.service` use the destination's key (SENDER_KMS_ACTIONS, from this account) in the
 * key policy of a new x-kms key with the default policy; for any other key (its own KeyPolicy,
 * looked up, given by ARN / alias) warns `sender.code` with what to add.
 */
export function letSenderUseKey(ctx: RenderContext, sender: KeySender): void {
  const { key, keyArn } = sender;
  if (key === undefined && keyArn === undefined) return;
  if (key?.allowService(sender.service, sender.sid, SENDER_KMS_ACTIONS)) return;
  ctx.bag.warn({
    code: sender.code,
    message: `${sender.what} is encrypted with KMS key ${key?.written ?? (typeof keyArn === 'string' ? keyArn : '(looked up)')}, whose key policy is not changed: ${sender.service} may not be allowed to use it`,
    ...sender.where,
    hint: `let ${sender.service} use ${SENDER_KMS_ACTIONS.join(' and ')} in that key policy (condition aws:SourceAccount), or use a key of x-kms without KeyPolicy`,
  });
}
