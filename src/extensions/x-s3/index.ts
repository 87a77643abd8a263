/**
 * x-s3: S3 buckets, new (nested stack `s3`) or looked up, linked to services through the
 * shared module mechanism (../shared/module.ts):
 *  - IAM on the family's task role, policy `<family>Tos3`, statements per the access names
 *    (permissions.ts); on an SSE-KMS bucket with a known key, policy `<family>Tokms` with only
 *    the KMS actions the object access needs;
 *  - variables: `ReturnValues {<attribute>: <VAR>}` when given, else the bucket name in
 *    `Settings.EnvNames` when given, else in `UPPER(<bucket>)` (`connect-bucket` → CONNECT_BUCKET);
 *  - `x-s3::<bucket>::<attribute>` in environment values (whole value, or inside a longer text).
 */
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { defineModule } from '../shared/module.js';
import { lookupBucket } from './lookup.js';
import { ATTRIBUTES, type Bucket, type XS3Bucket } from './model.js';
import { S3Stack } from './new-bucket.js';
import { kmsActions, S3_PERMISSIONS } from './permissions.js';
import { allowedActions } from '../shared/access.js';

const stacks = new WeakMap<object, S3Stack>();

export const xS3 = defineModule<Bucket>({
  key: 'x-s3',
  kind: 'bucket',
  policy: 's3',
  attributes: ATTRIBUTES,
  defaultAttribute: 'BucketName',
  permissions: S3_PERMISSIONS,
  codes: {
    unknownTarget: 'CXS1101',
    ambiguousTarget: 'CXS2101',
    unknownAttribute: 'CXS1102',
    malformedPointer: 'CXS1103',
    unknownPointerTarget: 'CXS1104',
  },
  resources(ctx, entries) {
    const deletionPolicy = isMapping(ctx.doc['x-s3']) ? (ctx.doc['x-s3'].DeletionPolicy as DeletionPolicy | undefined) : undefined;
    const out: Bucket[] = [];
    for (const { name, def } of entries) {
      const spec = def as XS3Bucket;
      ignoredSettings(ctx, name, spec);
      let b: Bucket | undefined;
      if (spec.Lookup) b = lookupBucket(name, spec, ctx);
      else {
        let stack = stacks.get(ctx);
        if (!stack) {
          stack = new S3Stack(ctx.tags);
          stacks.set(ctx, stack);
          ctx.stacks.set(stack.id, stack);
        }
        b = stack.addBucket(name, spec, deletionPolicy, ctx);
      }
      if (b) out.push(b);
    }
    return out;
  },
  finish(ctx) {
    stacks.get(ctx)?.addOutputs();
  },
  grantKms(fs, _b, granted, key) {
    const kms = kmsActions(allowedActions(granted));
    const policy = `${fs.family.logicalName}Tokms`;
    if (kms.decrypt) fs.addStatement('task', policy, key.statement(fs, 'DecryptS3Objects', ['kms:Decrypt']));
    if (kms.generateDataKey) fs.addStatement('task', policy, key.statement(fs, 'EncryptS3Objects', ['kms:GenerateDataKey']));
  },
});

/** 1.x Settings of a bucket it accepts and ignores: accepted here too, with a warning. */
const IGNORED_SETTINGS = { EnableAcceleration: 'Properties.AccelerateConfiguration', EnableEncryption: 'Properties.BucketEncryption', ExpandAccountIdToBucket: 'MacroParameters.ExpandAccountIdToBucket', ExpandRegionToBucket: 'MacroParameters.ExpandRegionToBucket', NameSeparator: 'MacroParameters.NameSeparator' } as const;

function ignoredSettings(ctx: RenderContext, name: string, spec: XS3Bucket): void {
  for (const [key, instead] of Object.entries(IGNORED_SETTINGS)) {
    if (spec.Settings?.[key as keyof typeof IGNORED_SETTINGS] === undefined) continue;
    const path = ['x-s3', name, 'Settings', key];
    ctx.bag.warn({
      code: 'CXS2103',
      message: `x-s3.${name}.Settings.${key} is ignored (as by 1.x)`,
      path: formatPath(path),
      pos: posAt(ctx.doc, path),
      hint: `set ${instead} instead`,
    });
  }
}
