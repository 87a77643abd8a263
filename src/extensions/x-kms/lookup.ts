/**
 * Existing keys (`x-kms.<name>.Lookup`), read from the recorded lookups.
 *
 * Recorded key `x-kms::<name>`; request = the Lookup mapping as written, without an empty
 * RoleArn; result `{Arn, KeyId, AliasName?}` (AliasName: the first alias of the key).
 */
import { formatPath, posAt } from '../../load/positions.js';
import { logicalId } from '../../cfn/logical-id.js';
import { normalizeRequest } from '../../lookups/requests.js';
import type { RenderContext } from '../../synth/context.js';
import type { ResourceEntry } from '../shared/module.js';
import { KEY_ATTRIBUTES, type Key } from './model.js';

export interface KeyLookupResult {
  Arn: string;
  KeyId: string;
  AliasName?: string;
}

const KEY_ARN = /^arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

export function lookupKey(ctx: RenderContext, entry: ResourceEntry): Key | undefined {
  const path = [...entry.path, 'Lookup'];
  const where = { path: formatPath(path), pos: posAt(ctx.doc, path) };
  const key = `x-kms::${entry.name}`;
  const r = ctx.lookups.get<KeyLookupResult>(key, normalizeRequest(entry.def.Lookup as Record<string, unknown>), where.pos, where.path);
  if ('error' in r) {
    ctx.bag.add(r.error);
    return undefined;
  }
  const res = r.result;
  if (typeof res?.Arn !== 'string' || !KEY_ARN.test(res.Arn) || typeof res.KeyId !== 'string') {
    ctx.bag.error({
      code: 'CXY1008',
      message: `the recorded result of lookup ${key} lacks the key ARN or id`,
      ...where,
      expected: '{"Arn": "arn:aws:kms:<region>:<account>:key/<id>", "KeyId": "<id>", "AliasName"?: "alias/<name>"}',
      hint: 'record the lookup again',
    });
    return undefined;
  }
  const values: Record<string, string> = { Arn: res.Arn, KeyId: res.KeyId };
  return {
    name: entry.name,
    attributes: KEY_ATTRIBUTES,
    aliases: typeof res.AliasName === 'string' ? [res.AliasName] : [],
    // a parameter of the consuming stack, its value given by the root stack: the looked-up ARN
    // (account id included) stays out of the nested templates
    value: (consumer, attr) => consumer.input(logicalId('KmsKey', entry.name, attr), { Type: 'String', Description: `${attr} of the looked-up KMS key ${entry.name}` }, values[attr]),
  };
}
