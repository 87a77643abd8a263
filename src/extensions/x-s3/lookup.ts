/**
 * Existing buckets (`x-s3.<name>.Lookup`), read from the recorded lookups.
 *
 * Recorded key `x-s3::<name>` (shared/lookup.ts); result `{BucketName, Arn, KmsKeyArn?}` (KmsKeyArn: ARN of the key of the
 * bucket's default SSE-KMS encryption). Domain names are derived for the stack's region (the
 * tagging API finds buckets of the region it is called in); WebsiteURL is not known.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { escapeSub, sub } from '../../cfn/intrinsics.js';
import { formatPath, posAt, type Mapping } from '../../load/positions.js';
import { readLookup } from '../shared/lookup.js';
import { kmsKeyReference } from '../shared/kms.js';
import type { RenderContext } from '../../synth/context.js';
import type { Bucket, BucketAttribute, XS3Bucket } from './model.js';

export function lookupBucket(name: string, def: XS3Bucket, ctx: RenderContext): Bucket | undefined {
  const path = ['x-s3', name];
  const res = readLookup(ctx, { key: `x-s3::${name}`, path, def: def as Mapping }, { required: ['BucketName', 'Arn'], optional: ['KmsKeyArn'], code: 'CXS1107' });
  if (res === undefined) return undefined;
  const host = escapeSub(res.BucketName);
  const values: Record<Exclude<BucketAttribute, 'WebsiteURL'>, CfnValue> = {
    BucketName: res.BucketName,
    Arn: res.Arn,
    DomainName: sub(`${host}.s3.\${AWS::URLSuffix}`),
    DualStackDomainName: sub(`${host}.s3.dualstack.\${AWS::Region}.\${AWS::URLSuffix}`),
    RegionalDomainName: sub(`${host}.s3.\${AWS::Region}.\${AWS::URLSuffix}`),
  };
  return {
    name,
    def,
    attributes: ['BucketName', 'Arn', 'DomainName', 'DualStackDomainName', 'RegionalDomainName'],
    value: (_fs, attr) => values[attr as keyof typeof values],
    ...(res.KmsKeyArn === undefined ? {} : { kmsKey: kmsKeyReference(ctx, res.KmsKeyArn, { path: formatPath([...path, 'Lookup']), pos: posAt(ctx.doc, [...path, 'Lookup']) }) ?? undefined }),
  };
}
