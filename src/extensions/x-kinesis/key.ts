/**
 * The KMS key of a stream's encryption (`StreamEncryption.KeyId`) as a key ARN IAM can grant
 * on: a key ARN as is, a key id made into an ARN of the stack's account and region. The AWS
 * managed key (`alias/aws/kinesis`) needs no grant; another alias cannot be granted on by ARN
 * (warning CXF2002, no KMS permission).
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { sub } from '../../cfn/intrinsics.js';
import type { SourcePos } from '../../diagnostics/diagnostic.js';
import type { RenderContext } from '../../synth/context.js';

const KEY_ARN = /^arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const KEY_ID = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-f]{32})$/;
const AWS_MANAGED = /^(?:arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:)?alias\/aws\/kinesis$/;

export function streamKey(ctx: RenderContext, stream: string, key: string, where: { path: string; pos: SourcePos | undefined }): CfnValue | undefined {
  if (KEY_ARN.test(key)) return key;
  if (KEY_ID.test(key)) return sub(`arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/${key}`);
  if (AWS_MANAGED.test(key)) return undefined;
  ctx.bag.warn({
    code: 'CXF2002',
    message: `the KMS key of stream "${stream}" is not a key ARN or key id (${key}); services get no KMS permission for it`,
    ...where,
    hint: 'use the key ARN (arn:aws:kms:<region>:<account>:key/<id>) so services can be granted kms:Decrypt / kms:GenerateDataKey on it',
  });
  return undefined;
}
