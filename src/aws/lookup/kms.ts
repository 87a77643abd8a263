/** A KMS key reference (key id, key ARN, alias name or alias ARN) as the key's ARN (kms:DescribeKey unless already a key ARN). */
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { LookupContext } from './context.js';

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

export async function kmsKeyArn(ctx: LookupContext, keyRef: string): Promise<string> {
  if (KEY_ARN.test(keyRef)) return keyRef;
  const out = await ctx.call('kms:DescribeKey', () => ctx.client(KMSClient).send(new DescribeKeyCommand({ KeyId: keyRef })));
  const arn = out.KeyMetadata?.Arn;
  if (!arn) throw ctx.error('CXK1103', `kms:DescribeKey returned no ARN for key ${keyRef}`);
  return arn;
}
