/**
 * What a database gives each service linked to it, besides the shared Access / ReturnValues /
 * ingress (../module.ts, ../vpc.ts):
 *  - the master secret as container secrets (ECS resolves them with the execution role, which
 *    may read that secret only): by default one variable named after the database holding the
 *    whole JSON; with `SecretsMappings` (of the entry, else of Settings, else of the database: the
 *    1.x x-docdb place) one variable per key
 *    (`<prefix>_<VarName>`); none with `DoNotExposeMappings: true`;
 *  - `GrantTaskAccess: true` lets the task role read the secret too, and `{SecretEnvName: VAR}`
 *    also sets VAR to the secret's ARN;
 *  - `GenerateConnectionStringSecret: VAR`: the connection string secret of the database (one
 *    per database) as container secret VAR.
 * Entries are read leniently as in 1.x: an empty entry links, `access` is `Access`, and a string
 * Access (which 1.x accepts and grants nothing for) is ignored with a warning.
 */
import type { CfnValue } from '../../../cfn/intrinsics.js';
import { sub } from '../../../cfn/intrinsics.js';
import { logicalId } from '../../../cfn/logical-id.js';
import { isMapping, type Mapping } from '../../../load/positions.js';
import type { RenderContext } from '../../../synth/context.js';
import type { FamilyStack } from '../../../synth/family.js';
import type { LinkedEntry, ResourceEntry } from '../module.js';
import type { Where } from '../targets.js';
import { DB_CODES } from './codes.js';
import type { Database, DatabaseFlavor } from './model.js';

export function readLink(ctx: RenderContext, flavor: DatabaseFlavor, written: unknown, at: (...p: string[]) => Where): Mapping | undefined {
  if (written === null || written === undefined) return {};
  if (!isMapping(written)) return undefined;
  const link: Mapping = { ...written };
  if (link.Access === undefined && link.access !== undefined) {
    link.Access = link.access;
    delete link.access;
  }
  if (typeof link.Access === 'string') {
    const scopes = Object.keys(flavor.permissions.scopes ?? {});
    ctx.bag.warn({
      code: DB_CODES.legacyAccess,
      message: `Access ${JSON.stringify(link.Access)} grants nothing on a ${flavor.key} ${flavor.kind} (as in 1.x): ignored`,
      ...at(written.Access === undefined ? 'access' : 'Access'),
      hint: `the services still reach the ${flavor.kind} and get its secret; for IAM access use a mapping: {${scopes.map((s) => `${s}: ...`).join(', ')}}`,
    });
    delete link.Access;
  }
  return link;
}

export function onLink(ctx: RenderContext, flavor: DatabaseFlavor, db: Database, entry: ResourceEntry, link: LinkedEntry): void {
  const { def, at } = link;
  const grantTask = def.GrantTaskAccess === true || isMapping(def.GrantTaskAccess);
  const envName = isMapping(def.GrantTaskAccess) && typeof def.GrantTaskAccess.SecretEnvName === 'string' ? def.GrantTaskAccess.SecretEnvName : undefined;
  const connection = typeof def.GenerateConnectionStringSecret === 'string' ? def.GenerateConnectionStringSecret : undefined;
  const iamKey = flavor.iamAuthAccess;
  if (iamKey !== undefined && isMapping(def.Access) && def.Access[iamKey] !== undefined && db.iamAuth === false) {
    ctx.bag.warn({
      code: DB_CODES.iamAuthOff,
      message: `${flavor.key} ${flavor.kind} "${db.name}" does not enable IAM database authentication: the ${iamKey} access cannot be used`,
      ...at('Access', iamKey),
      hint: flavor.service === 'neptune' ? 'set Properties.IamAuthEnabled: true' : 'set Properties.EnableIAMDatabaseAuthentication: true',
    });
  }
  if (!db.secretArn) {
    for (const key of ['GrantTaskAccess', 'GenerateConnectionStringSecret', 'SecretsMappings'] as const) {
      if (def[key] === undefined) continue;
      ctx.bag.warn({ code: DB_CODES.noSecret, message: `${flavor.key} ${flavor.kind} "${db.name}" has no secret: ${key} is ignored`, ...at(key), hint: flavor.service === 'neptune' ? 'Neptune uses IAM authentication (Access: {NeptuneDB: connect})' : 'add Lookup.secret to give the looked-up database its secret' });
    }
    return;
  }
  const mappings = isMapping(def.SecretsMappings)
    ? def.SecretsMappings
    : isMapping(entry.def.Settings) && isMapping(entry.def.Settings.SecretsMappings)
      ? entry.def.Settings.SecretsMappings
      : isMapping(entry.def.SecretsMappings)
        ? entry.def.SecretsMappings
        : undefined;
  const seen = new Set<FamilyStack>();
  const readSecretArn = db.secretArn;
  const connectionArn = db.connectionStringArn;
  for (const { fs, container } of link.targets) {
    // read on use only: a parameter the family does not use would be left declared
    let arn: CfnValue | undefined;
    const secretArn = (): CfnValue => (arn ??= readSecretArn(fs));
    const sid = logicalId(db.name, 'Secret');
    if (!seen.has(fs)) {
      seen.add(fs);
      const readSecret = (role: 'task' | 'exec', policy: string, arn: () => CfnValue, sidName: string) =>
        fs.addStatement(role, policy, { Sid: sidName, Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [arn()] });
      const execPolicy = `${fs.family.logicalName}To${flavor.policy}Secrets`;
      if (def.DoNotExposeMappings !== true) readSecret('exec', execPolicy, secretArn, sid);
      if (connection && connectionArn) readSecret('exec', execPolicy, () => connectionArn(fs), logicalId(db.name, 'ConnectionString'));
      if (grantTask) readSecret('task', `${fs.family.logicalName}To${flavor.policy}`, secretArn, sid);
      if (db.secretKmsKeyArn !== undefined && (def.DoNotExposeMappings !== true || grantTask)) {
        const viaSm = { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } };
        const kms = { Sid: `${sid}Key`, Effect: 'Allow' as const, Action: ['kms:Decrypt'], Resource: [db.secretKmsKeyArn(fs)], Condition: viaSm };
        if (def.DoNotExposeMappings !== true) fs.addStatement('exec', execPolicy, kms);
        if (grantTask) fs.addStatement('task', `${fs.family.logicalName}To${flavor.policy}`, kms);
      }
    }
    if (def.DoNotExposeMappings !== true) {
      if (mappings) for (const [name, key] of secretKeys(db.name, mappings)) fs.addSecret(container, name, sub(`\${SecretArn}:${key}::`, { SecretArn: secretArn() }));
      else fs.addSecret(container, db.name, secretArn());
    }
    if (connection && connectionArn) fs.addSecret(container, connection, connectionArn(fs));
    if (envName) fs.addEnvironment(container, envName, secretArn());
  }
}

/** `SecretsMappings` → [variable, secret key] pairs. */
export function secretKeys(dbName: string, mappings: Mapping): [string, string][] {
  const p = mappings.PrefixWithDbName;
  const prefix = p === true ? `${dbName}_` : typeof p === 'string' && p !== '' ? `${p}_` : '';
  const m = mappings.Mappings;
  const pairs: [string, string][] = Array.isArray(m)
    ? m.filter(isMapping).map((x) => [typeof x.VarName === 'string' ? x.VarName : String(x.SecretKey), String(x.SecretKey)])
    : isMapping(m)
      ? Object.entries(m).map(([key, v]) => [String(v), key])
      : [];
  return pairs.map(([v, k]) => [`${prefix}${v}`, k]);
}
