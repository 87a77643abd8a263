/**
 * The database modules (x-rds, x-docdb, x-neptune) on the shared module mechanism: a module is a
 * DatabaseFlavor (service, permission table, parameter group key); new databases are built by
 * new-database.ts in the module's nested stack, looked-up ones by lookup.ts, links by links.ts. Services receive
 * variables only from ReturnValues (the secret is their default).
 */
import type { DeletionPolicy } from '../../../cfn/template.js';
import { isMapping } from '../../../load/positions.js';
import type { Extension } from '../../../synth/context.js';
import { defineModule } from '../module.js';
import { moduleStack } from '../stack.js';
import { DB_MODULE_CODES } from './codes.js';
import { KINDS } from './kinds.js';
import { onLink, readLink } from './links.js';
import { lookupDatabase } from './lookup.js';
import type { Database, DatabaseFlavor } from './model.js';
import { newDatabase } from './new-database.js';

export type { Database, DatabaseFlavor } from './model.js';

export function defineDatabaseModule(flavor: DatabaseFlavor): Extension {
  const kinds = KINDS[flavor.service];
  const attributes = [...new Set([...Object.keys(kinds.cluster.attributes), ...Object.keys(kinds.instance?.attributes ?? {})])];
  const entries = new WeakMap<Database, Parameters<typeof onLink>[3]>();
  return defineModule<Database>({
    key: flavor.key,
    kind: flavor.kind,
    policy: flavor.policy,
    attributes,
    defaultAttribute: attributes[0],
    permissions: flavor.permissions,
    codes: DB_MODULE_CODES,
    // the endpoint's host name: a Cloud Map CNAME record may point to it
    cloudMapHost: (db) => ['Endpoint.Address', 'Endpoint'].find((a) => db.attributes.includes(a)),
    resources(ctx, list) {
      const root = ctx.doc[flavor.key];
      const deletionPolicy = isMapping(root) ? (root.DeletionPolicy as DeletionPolicy | undefined) : undefined;
      const out: Database[] = [];
      for (const entry of list) {
        let db: Database | undefined;
        if (entry.def.Lookup !== undefined) db = lookupDatabase(ctx, flavor, entry);
        else db = newDatabase(ctx, flavor, moduleStack(ctx, flavor.stackId, flavor.title), entry, deletionPolicy);
        if (!db) continue;
        entries.set(db, entry);
        out.push(db);
      }
      return out;
    },
    env: (_db, _entry, fromReturnValues) => fromReturnValues,
    readLink: (ctx, written, at) => readLink(ctx, flavor, written, at),
    onLink: (ctx, db, link) => onLink(ctx, flavor, db, entries.get(db) as Parameters<typeof onLink>[3], link),
  });
}
