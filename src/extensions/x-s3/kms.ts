/**
 * The KMS key of a bucket's default encryption, as a key ARN IAM can grant on: a key ARN as
 * is, a key id made into an ARN of the stack's account and region, an alias refused (warning:
 * IAM cannot grant kms:Decrypt on an alias, and resolving it would need another lookup).
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { sub } from '../../cfn/intrinsics.js';
import type { DiagnosticBag, SourcePos } from '../../diagnostics/diagnostic.js';

const KEY_ARN = /^arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

export function kmsKeyArnOf(
  key: string,
  bucket: string,
  where: { path: string; pos: SourcePos | undefined },
  bag: DiagnosticBag,
): CfnValue | undefined {
  if (KEY_ARN.test(key)) return key;
  if (KEY_ID.test(key)) return sub(`arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/${key}`);
  bag.warn({
    code: 'CXS2102',
    message: `the KMS key of bucket "${bucket}" is not a key ARN or key id (${key}); services get no KMS permission for it`,
    ...where,
    hint: 'use the key ARN (arn:aws:kms:<region>:<account>:key/<id>) so services can be granted kms:Decrypt / kms:GenerateDataKey on it',
  });
  return undefined;
}
