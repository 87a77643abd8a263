/**
 * Existing buckets (`x-s3.<name>.Lookup`), read from the recorded lookups.
 *
 * Recorded key `x-s3::<name>`; request = the Lookup mapping as written, without RoleArn when
 * it is empty; result `{BucketName, Arn, KmsKeyArn?}` (KmsKeyArn: ARN of the key of the
 * bucket's default SSE-KMS encryption). Domain names are derived for the stack's region (the
 * tagging API finds buckets of the region it is called in); WebsiteURL is not known.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { escapeSub, sub } from '../../cfn/intrinsics.js';
import { formatPath, posAt } from '../../load/positions.js';
import { kmsKeyReference } from '../shared/kms.js';
import type { RenderContext } from '../../synth/context.js';
import type { Bucket, BucketAttribute, XS3Bucket } from './model.js';

export interface BucketLookupResult {
  BucketName: string;
  Arn: string;
  KmsKeyArn?: string;
}

export function lookupRequest(lookup: Record<string, unknown>): Record<string, unknown> {
  const request = { ...lookup };
  if (request.RoleArn === '' || request.RoleArn === undefined) delete request.RoleArn;
  return request;
}

export function lookupBucket(name: string, def: XS3Bucket, ctx: RenderContext): Bucket | undefined {
  const { doc, lookups, bag } = ctx;
  const path = ['x-s3', name, 'Lookup'];
  const where = { path: formatPath(path), pos: posAt(doc, path) };
  const key = `x-s3::${name}`;
  const r = lookups.get<BucketLookupResult>(key, lookupRequest(def.Lookup ?? {}), where.pos, where.path);
  if ('error' in r) {
    bag.add(r.error);
    return undefined;
  }
  const res = r.result;
  if (typeof res?.BucketName !== 'string' || typeof res.Arn !== 'string') {
    bag.error({
      code: 'CXS1107',
      message: `the recorded result of lookup ${key} lacks the bucket name or ARN`,
      ...where,
      expected: '{"BucketName": "<name>", "Arn": "arn:aws:s3:::<name>", "KmsKeyArn"?: "<key ARN>"}',
      hint: 'record the lookup again',
    });
    return undefined;
  }
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
    ...(res.KmsKeyArn === undefined ? {} : { kmsKey: kmsKeyReference(ctx, res.KmsKeyArn, where) ?? undefined }),
  };
}
