/**
 * New buckets (`x-s3.<name>.Properties`) in the nested stack `s3`: the AWS::S3::Bucket (name
 * expanded with the account id and region when asked), its bucket policy (user statements and
 * the predefined `enforceSecureConnection`), and one output per attribute a family uses. A
 * family reading an attribute gets a parameter fed from that output and waits for `s3`.
 * Notifications to queues of x-sqs and topics of x-sns: notifications.ts.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { escapeSub, getAtt, hasSubSyntax, ref, sub } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import { ModuleStack } from '../shared/stack.js';
import type { TagSet } from '../../synth/tags.js';
import { kmsKeyReference, type KmsKeyRef } from '../shared/kms.js';
import type { RenderContext } from '../../synth/context.js';
import { ATTRIBUTES, type Bucket, type XS3Bucket } from './model.js';
import { bucketNotifications } from './notifications.js';

export const S3_STACK = 's3';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;

export class S3Stack extends ModuleStack {
  constructor(tags: TagSet) {
    super(S3_STACK, 'S3 buckets', tags);
  }

  /** Adds the bucket (and its policy); returns undefined when its definition is invalid. */
  addBucket(name: string, def: XS3Bucket, deletionPolicy: DeletionPolicy | undefined, ctx: RenderContext): Bucket | undefined {
    const { doc, bag } = ctx;
    const id = logicalId(name);
    const at = (...p: (string | number)[]) => ({ path: formatPath(['x-s3', name, ...p]), pos: posAt(doc, ['x-s3', name, ...p]) });
    const props: Record<string, CfnValue | undefined> = { ...((def.Properties ?? {}) as Record<string, CfnValue>) };
    const macro = def.MacroParameters ?? {};
    const bucketName = bucketNameOf(name, props.BucketName, macro, at, bag);
    if (bucketName === null) return undefined;
    if (bucketName !== undefined) props.BucketName = bucketName;
    const kmsKey = this.encryptionKey(ctx, name, props);
    if (kmsKey === undefined) return undefined;
    bucketNotifications(ctx, name, props, props.BucketName, this);

    this.add(id, {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: deletionPolicy,
      UpdateReplacePolicy: deletionPolicy === undefined ? undefined : deletionPolicy === 'Delete' ? 'Delete' : 'Retain',
      Properties: props,
    });
    this.bucketPolicy(id, def);
    this.expose(id, name, ATTRIBUTES, (attr) => (attr === 'BucketName' ? ref(id) : getAtt(id, attr)), ['BucketName', 'Arn']);

    return {
      name,
      def,
      attributes: ATTRIBUTES,
      value: (fs, attr) => this.attribute(fs, id, attr, `${attr} of bucket ${name}`),
      ...(kmsKey ? { kmsKey } : {}),
    };
  }

  /**
   * The key of the bucket's SSE-KMS default encryption (shared/kms.ts), its KMSMasterKeyID
   * replaced by the value valid in this stack (an `x-kms::` key's ARN); null when there is none
   * (or not a key reference), undefined when invalid (reported).
   */
  private encryptionKey(ctx: RenderContext, name: string, props: Record<string, CfnValue | undefined>): KmsKeyRef | null | undefined {
    const enc = props.BucketEncryption;
    if (!isMapping(enc) || !Array.isArray(enc.ServerSideEncryptionConfiguration)) return null;
    const rules = enc.ServerSideEncryptionConfiguration as unknown[];
    for (const [i, rule] of rules.entries()) {
      const d = isMapping(rule) ? rule.ServerSideEncryptionByDefault : undefined;
      if (!isMapping(d) || typeof d.SSEAlgorithm !== 'string' || !d.SSEAlgorithm.startsWith('aws:kms') || d.KMSMasterKeyID === undefined) continue;
      const path = ['x-s3', name, 'Properties', 'BucketEncryption', 'ServerSideEncryptionConfiguration', i, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID'];
      const key = kmsKeyReference(ctx, d.KMSMasterKeyID, { path: formatPath(path), pos: posAt(ctx.doc, path) });
      if (!key) return key;
      const newRules = [...rules];
      newRules[i] = { ...(rule as Mapping), ServerSideEncryptionByDefault: { ...d, KMSMasterKeyID: key.property(this) } };
      props.BucketEncryption = { ...enc, ServerSideEncryptionConfiguration: newRules } as CfnValue;
      return key;
    }
    return null;
  }

  private bucketPolicy(id: string, def: XS3Bucket): void {
    const policy = def.MacroParameters?.BucketPolicy;
    const arn = getAtt(id, 'Arn');
    const statements: CfnValue[] = [...(policy?.Statement ?? []), ...(policy?.Policies ?? [])].map((s) => withArn(s as Record<string, CfnValue>, arn));
    if (policy?.PredefinedBucketPolicies?.includes('enforceSecureConnection')) {
      statements.push({
        Sid: 'enforceSecureConnection',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [arn, sub(`\${${id}.Arn}/*`)],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
    if (statements.length === 0) return;
    this.add(`${id}Policy`, {
      Type: 'AWS::S3::BucketPolicy',
      Properties: { Bucket: ref(id), PolicyDocument: { Version: '2012-10-17', Statement: statements } },
    });
  }
}

/**
 * BucketName with the account id / region appended (`<name><sep>${AWS::AccountId}<sep>${AWS::Region}`);
 * undefined = let CloudFormation name it; null = invalid (reported).
 */
function bucketNameOf(
  name: string,
  value: CfnValue | undefined,
  macro: NonNullable<XS3Bucket['MacroParameters']>,
  at: (...p: (string | number)[]) => { path: string; pos: ReturnType<typeof posAt> },
  bag: DiagnosticBag,
): CfnValue | undefined | null {
  const expand = [macro.ExpandAccountIdToBucket ? '${AWS::AccountId}' : '', macro.ExpandRegionToBucket ? '${AWS::Region}' : ''].filter(Boolean);
  if (typeof value !== 'string') {
    if (expand.length > 0) {
      // 1.x ignores Expand* without a BucketName too; CloudFormation then generates a unique name.
      bag.warn({
        code: 'CXS2104',
        message: `bucket "${name}" asks to expand its name with the ${macro.ExpandAccountIdToBucket ? 'account id' : 'region'} but has no Properties.BucketName: ignored, CloudFormation names the bucket`,
        ...at('MacroParameters'),
        hint: `add \`BucketName: ${name}\` under x-s3.${name}.Properties to choose the name, or remove the Expand* settings`,
      });
    }
    return value;
  }
  const sep = macro.NameSeparator ?? '-';
  const max = 63 - expand.length * sep.length - (macro.ExpandAccountIdToBucket ? 12 : 0) - (macro.ExpandRegionToBucket ? 14 : 0);
  if (!BUCKET_NAME.test(value) || value.includes('..') || value.length < (expand.length > 0 ? 1 : 3) || value.length > max) {
    bag.error({
      code: 'CXS1106',
      message: `invalid bucket name "${value}"`,
      ...at('Properties', 'BucketName'),
      expected: `lower-case letters, digits, "." and "-", starting and ending with a letter or digit, at most ${max} characters${expand.length > 0 ? ' (the expanded name must fit in 63)' : ''}`,
    });
    return null;
  }
  return expand.length === 0 ? value : sub([escapeSub(value), ...expand].join(sep));
}

/** A user statement with `${ARN}` in Resource / NotResource replaced by the bucket ARN. */
function withArn(st: Record<string, CfnValue>, arn: CfnValue): CfnValue {
  const fix = (v: CfnValue): CfnValue => {
    if (Array.isArray(v)) return (v as CfnValue[]).map(fix);
    if (typeof v !== 'string' || !hasSubSyntax(v)) return v;
    return v === '${ARN}' ? arn : sub(v, v.includes('${ARN}') ? { ARN: arn } : undefined);
  };
  const out: Record<string, CfnValue> = { ...st };
  if (out.Resource !== undefined) out.Resource = fix(out.Resource);
  if (out.NotResource !== undefined) out.NotResource = fix(out.NotResource);
  return out;
}
