/**
 * x-kms: KMS keys, new (nested stack `kms`, keys.ts) or looked up (lookup.ts), linked to
 * services through the shared module mechanism (../shared/module.ts):
 *  - IAM on the family's task role, policy `<family>Tokms`, per the access names (permissions.ts)
 *    on this key only;
 *  - variables: ReturnValues `{Arn|KeyId: <VAR>}`, else Settings.EnvNames / `UPPER(<name>)` = KeyId;
 *  - `x-kms::<key>::<Arn|KeyId>` in environment values, and `x-kms::<key>` in the properties of
 *    other modules (resolved by ../shared/kms.ts; x-kms is first in the registry so its keys
 *    are known to them).
 *
 * Errors: CXY1001-CXY1005 shared module checks; CXY1006/CXY1007 alias; CXY1008 lookup result;
 * CXY1009 one alias for two keys.
 */
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import { registerKmsKeys } from '../shared/kms.js';
import { defineModule } from '../shared/module.js';
import { aliasName, newKey } from './keys.js';
import { lookupKey } from './lookup.js';
import { KEY_ATTRIBUTES, type Key } from './model.js';
import { KMS_PERMISSIONS } from './permissions.js';

export const xKms = defineModule<Key>({
  key: 'x-kms',
  kind: 'key',
  policy: 'kms',
  attributes: KEY_ATTRIBUTES,
  defaultAttribute: 'KeyId',
  permissions: KMS_PERMISSIONS,
  codes: {
    unknownTarget: 'CXY1001',
    ambiguousTarget: 'CXY2001',
    unknownAttribute: 'CXY1002',
    unknownAccess: 'CXY1003',
    malformedPointer: 'CXY1004',
    unknownPointerTarget: 'CXY1005',
  },
  resources(ctx, entries) {
    const root = ctx.doc['x-kms'];
    const deletionPolicy = isMapping(root) ? (root.DeletionPolicy as DeletionPolicy | undefined) : undefined;
    const out: Key[] = [];
    const aliases = new Map<string, string>();
    for (const entry of entries) {
      if (entry.def.Lookup !== undefined) {
        const k = lookupKey(ctx, entry);
        if (k) out.push(k);
        continue;
      }
      const alias = aliasName(ctx, entry);
      if (alias !== undefined && alias !== null) {
        const other = aliases.get(alias);
        if (other !== undefined) {
          const path = [...entry.path, isMapping(entry.def.Settings) && entry.def.Settings.Alias !== undefined ? 'Settings' : 'MacroParameters', 'Alias'];
          ctx.bag.error({
            code: 'CXY1009',
            message: `KMS keys "${other}" and "${entry.name}" both have the alias ${alias}`,
            path: formatPath(path),
            pos: posAt(ctx.doc, path),
            expected: 'one alias per key',
          });
        } else aliases.set(alias, entry.name);
      }
      // with a reported alias error the key is still linked, so that its other errors show too
      out.push(newKey(ctx, entry, alias === null || (alias !== undefined && aliases.get(alias) !== entry.name) ? undefined : alias, deletionPolicy));
    }
    registerKmsKeys(ctx, out, entries.map((e) => e.name));
    return out;
  },
});
