/**
 * Compose secrets backed by AWS Secrets Manager (`secrets.<name>.x-secrets`): each service that
 * lists such a secret gets container `Secrets` (one variable per JSON key, or one for the whole
 * secret), and its execution role may read exactly those secrets (ECS resolves container secrets
 * with the execution role).
 *
 * Decisions:
 *  - IAM is least privilege: secretsmanager:GetSecretValue on `...:secret:<Name>-??????` (the
 *    6-character random suffix) or on the exact ARN; kms:Decrypt on the secret's key when it is
 *    known (lookup result KmsKeyArn, or x-secrets.KmsKeyId), only through Secrets Manager.
 *  - The execution role is always granted (without it the task cannot start).
 *    `LinksTo: [EcsTaskRole]` grants the task role too, for applications that read the secret
 *    themselves; they then also get `<VarName or UPPER(name)>_ARN` = the secret ARN. Without
 *    the task role such a variable would be of no use, so it is not set.
 *  - A secret without x-secrets is skipped with one warning naming it and the services that
 *    list it (as 1.x does): ECS cannot mount files at /run/secrets.
 *  - A secret variable replaces an `environment` variable of the same name (warning).
 */
import { sub } from '../../cfn/intrinsics.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import { isPortableVarName } from './names.js';
import { resolveSecrets, type ResolvedSecret } from './model.js';

const EXEC_POLICY = 'SecretsAccessExecutionRole';
const TASK_POLICY = 'SecretsAccessTaskRole';

export const xSecrets: Extension = {
  name: 'x-secrets',
  apply(ctx) {
    const services = isMapping(ctx.doc.services) ? ctx.doc.services : {};
    const uses = new Map<string, { index: number; source: string; entry: Mapping }[]>();
    for (const [svc, def] of Object.entries(services)) {
      if (!isMapping(def) || !Array.isArray(def.secrets)) continue;
      uses.set(
        svc,
        def.secrets.flatMap((s, index) => {
          const entry: Mapping = isMapping(s) ? s : { source: s };
          return typeof entry.source === 'string' ? [{ index, source: entry.source, entry }] : [];
        }),
      );
    }
    if (uses.size === 0) return;
    const resolved = resolveSecrets(ctx.doc, ctx.lookups, ctx.bag);
    const topLevel = isMapping(ctx.doc.secrets) ? ctx.doc.secrets : {};
    const skipped = new Map<string, { services: string[]; at: { path: string; pos: ReturnType<typeof posAt> } }>();

    for (const [svc, list] of uses) {
      const givenBy = new Map<string, string>();
      for (const { index, source, entry } of list) {
        const where = (...p: (string | number)[]) => ({
          path: formatPath(['services', svc, 'secrets', index, ...p]),
          pos: posAt(ctx.doc, ['services', svc, 'secrets', index, ...p]),
        });
        const def = topLevel[source];
        if (!isMapping(def) || !isMapping(def['x-secrets'])) {
          const first = skipped.get(source);
          if (first) first.services.push(svc);
          else skipped.set(source, { services: [svc], at: where() });
          continue;
        }
        const secret = resolved.get(source);
        if (!secret) continue;
        const ignored = ['target', 'uid', 'gid', 'mode'].filter((k) => entry[k] !== undefined);
        if (ignored.length > 0) {
          ctx.bag.warn({
            code: 'CXS2004',
            message: `${ignored.join(', ')} of secret "${source}" in service "${svc}" ${ignored.length > 1 ? 'are' : 'is'} ignored: ECS passes secrets as environment variables, not files`,
            ...where(ignored[0]),
          });
        }
        for (const e of secret.entries) {
          const previous = givenBy.get(e.Name);
          if (previous !== undefined && previous !== source) {
            ctx.bag.warn({
              code: 'CXS2003',
              message: `secrets "${previous}" and "${source}" of service "${svc}" both set ${e.Name}; the value of "${source}" is used`,
              ...where(),
            });
          }
          givenBy.set(e.Name, source);
          if (!isPortableVarName(e.Name)) {
            ctx.bag.warn({
              code: 'CXS2001',
              message: `secret variable "${e.Name}" of service "${svc}" cannot be read from a shell (letters, digits and "_" only, not starting with a digit)`,
              ...where(),
              hint: `set VarName in secrets.${source}.x-secrets (or on the JSON key)`,
            });
          }
        }
        for (const fs of ctx.familiesOf(svc)) link(fs, svc, secret);
      }
      warnEnvironmentOverrides(ctx, svc, services[svc] as Mapping, givenBy);
    }
    for (const [source, { services: users, at }] of skipped) {
      const list = users.map((u) => `"${u}"`).join(', ');
      ctx.bag.warn({
        code: 'CXS2007',
        message: `secret "${source}" has no x-secrets and is skipped: ${list} ${users.length > 1 ? 'get' : 'gets'} no value for it (ECS cannot provide file or environment secrets)`,
        path: isMapping(topLevel[source]) ? formatPath(['secrets', source]) : at.path,
        pos: (isMapping(topLevel[source]) ? posAt(ctx.doc, ['secrets', source]) : undefined) ?? at.pos,
        hint: `add e.g. \`x-secrets: {Name: /my-app/${source}}\` under secrets.${source} to pass the Secrets Manager secret (an override file for AWS keeps the local definition intact)`,
      });
    }
  },
};

function link(fs: FamilyStack, svc: string, s: ResolvedSecret): void {
  for (const e of s.entries) fs.addSecret(svc, e.Name, e.ValueFrom);
  grant(fs, 'exec', EXEC_POLICY, s);
  if (s.linkTaskRole) {
    grant(fs, 'task', TASK_POLICY, s);
    fs.addEnvironment(svc, s.arnVarName, s.arn);
  }
}

function grant(fs: FamilyStack, role: 'exec' | 'task', policy: string, s: ResolvedSecret): void {
  fs.addStatement(role, policy, {
    Sid: 'AllowSecretsAccess',
    Effect: 'Allow',
    Action: ['secretsmanager:GetSecretValue'],
    Resource: [s.iamResource],
  });
  if (s.kmsKeyArn) {
    fs.addStatement(role, policy, {
      Sid: 'AllowSecretsKmsKeyDecrypt',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [s.kmsKeyArn],
      Condition: { StringEquals: { 'kms:ViaService': sub('secretsmanager.${AWS::Region}.${AWS::URLSuffix}') } },
    });
  }
}

function warnEnvironmentOverrides(ctx: RenderContext, svc: string, def: Mapping, secretNames: Map<string, string>): void {
  if (!isMapping(def.environment)) return;
  for (const name of Object.keys(def.environment)) {
    const source = secretNames.get(name);
    if (source === undefined) continue;
    ctx.bag.warn({
      code: 'CXS2002',
      message: `environment variable ${name} of service "${svc}" is replaced by secret "${source}"`,
      path: formatPath(['services', svc, 'environment', name]),
      pos: posAt(ctx.doc, ['services', svc, 'environment', name]),
      hint: `remove ${name} from environment, or give the secret another VarName`,
    });
  }
}
