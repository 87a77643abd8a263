/**
 * Existing keys (`x-kms.<name>.Lookup`), read from the recorded lookups (shared/lookup.ts).
 *
 * Recorded key `x-kms::<name>`; result `{Arn, KeyId, AliasName?}` (AliasName: the first alias of
 * the key).
 */
import { logicalId } from '../../cfn/logical-id.js';
import type { RenderContext } from '../../synth/context.js';
import { moduleSite, readLookup } from '../shared/lookup.js';
import type { ResourceEntry } from '../shared/module.js';
import { KEY_ATTRIBUTES, type Key } from './model.js';

const KEY_ARN = /^arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

export function lookupKey(ctx: RenderContext, entry: ResourceEntry): Key | undefined {
  const res = readLookup(ctx, moduleSite(entry), { required: ['Arn', 'KeyId'], optional: ['AliasName'], patterns: { Arn: KEY_ARN }, code: 'CXY1008' });
  if (res === undefined) return undefined;
  const values: Record<string, string> = { Arn: res.Arn, KeyId: res.KeyId };
  return {
    name: entry.name,
    attributes: KEY_ATTRIBUTES,
    aliases: res.AliasName === undefined ? [] : [res.AliasName],
    // a parameter of the consuming stack, its value given by the root stack: the looked-up ARN
    // (account id included) stays out of the nested templates
    value: (consumer, attr) => consumer.input(logicalId('KmsKey', entry.name, attr), { Type: 'String', Description: `${attr} of the looked-up KMS key ${entry.name}` }, values[attr]),
  };
}
