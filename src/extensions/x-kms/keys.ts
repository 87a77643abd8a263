/**
 * New KMS keys (`x-kms.<name>.Properties`) in the nested stack `kms`: the AWS::KMS::Key and,
 * with `Settings.Alias` (or the 1.x `MacroParameters.Alias`), its AWS::KMS::Alias.
 *
 * Properties are passed as written. Empty Properties get the 1.x defaults (a description,
 * rotation enabled, 7 days pending window). Without a KeyPolicy, the key policy lets the
 * account manage and use the key through IAM (principal `<account>:root`): each linked service's task role then receives its own IAM statement on this
 * key only (the access it is given). Naming the task roles in the key policy is not done: the
 * roles are created after the key (their stacks read its ARN). Other modules may add statements
 * letting an AWS service use the key (an S3 bucket or SNS topic sending to an encrypted queue:
 * KmsKeyRef.allowService in ../shared/kms.ts); a KeyPolicy written by the user is never changed.
 *
 * Alias: `alias/<name>` is used as is; a short name becomes `alias/<stack name>/<name>`; names
 * under `alias/aws/` are AWS's own and refused.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { getAtt, ref, sub } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { ResourceEntry } from '../shared/module.js';
import { moduleStack } from '../shared/stack.js';
import { KEY_ATTRIBUTES, type Key } from './model.js';

export const KMS_STACK = 'kms';

const ALIAS_NAME = /^alias\/[A-Za-z0-9/_-]+$/;

/** The default key policy: the account administers and uses the key through IAM. */
export function defaultKeyPolicy(): CfnValue {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccountIamAccess',
        Effect: 'Allow',
        Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}

/** The alias as written in Settings or MacroParameters, and where. */
function aliasOf(entry: ResourceEntry): { value: unknown; path: string[] } | undefined {
  for (const k of ['Settings', 'MacroParameters']) {
    const m = entry.def[k];
    if (isMapping(m) && m.Alias !== undefined) return { value: m.Alias, path: [...entry.path, k, 'Alias'] };
  }
  return undefined;
}

/** The full alias name (`alias/...`), or undefined when none or invalid (reported). */
export function aliasName(ctx: RenderContext, entry: ResourceEntry): string | undefined | null {
  const a = aliasOf(entry);
  if (!a || typeof a.value !== 'string') return undefined;
  const where = { path: formatPath(a.path), pos: posAt(ctx.doc, a.path) };
  const full = a.value.startsWith('alias/') ? a.value : `alias/${ctx.stackName}/${a.value}`;
  if (/^(?:alias\/)?aws(?:\/|$)/i.test(a.value)) {
    ctx.bag.error({
      code: 'CXY1006',
      message: `KMS alias "${a.value}" of key "${entry.name}" is reserved for AWS managed keys`,
      ...where,
      expected: 'alias/<name> or a short name, not starting with aws/',
    });
    return null;
  }
  if (!ALIAS_NAME.test(full) || full.length > 256) {
    ctx.bag.error({
      code: 'CXY1007',
      message: `invalid KMS alias "${a.value}" of key "${entry.name}"${full !== a.value ? ` (${full})` : ''}`,
      ...where,
      expected: 'letters, digits, "/", "_" and "-", at most 256 characters with the alias/ prefix',
    });
    return null;
  }
  return full;
}

/** Adds a new key (and its alias) to the `kms` stack. */
export function newKey(ctx: RenderContext, entry: ResourceEntry, alias: string | undefined, deletionPolicy: DeletionPolicy | undefined): Key {
  const stack = moduleStack(ctx, KMS_STACK, 'KMS keys (x-kms)');
  const id = logicalId(entry.name);
  const given = isMapping(entry.def.Properties) ? (entry.def.Properties as Record<string, CfnValue>) : {};
  const props: Record<string, CfnValue> =
    Object.keys(given).length > 0
      ? { ...given }
      : { Description: `${entry.name} created in ${ctx.stackName}`, Enabled: true, EnableKeyRotation: true, KeyUsage: 'ENCRYPT_DECRYPT', PendingWindowInDays: 7 };
  // the default policy is ours: other modules may let an AWS service use the key (allowInKeyPolicy)
  const ours = props.KeyPolicy === undefined ? defaultKeyPolicy() : undefined;
  if (ours) props.KeyPolicy = ours;
  const definition = {
    Type: 'AWS::KMS::Key',
    DeletionPolicy: deletionPolicy,
    UpdateReplacePolicy: deletionPolicy === undefined ? undefined : deletionPolicy === 'Delete' ? 'Delete' : 'Retain',
    Properties: props,
  } as const;
  stack.add(id, definition);
  if (alias !== undefined) stack.add(`${id}Alias`, { Type: 'AWS::KMS::Alias', Properties: { AliasName: alias, TargetKeyId: ref(id) } });
  stack.expose(id, entry.name, KEY_ATTRIBUTES, (attr) => (attr === 'KeyId' ? ref(id) : getAtt(id, attr)));
  return {
    name: entry.name,
    attributes: KEY_ATTRIBUTES,
    aliases: alias === undefined ? [] : [alias],
    value: (consumer, attr) => stack.attribute(consumer, id, attr, `${attr} of KMS key ${entry.name}`),
    allowInKeyPolicy: (statement) => {
      if (!ours) return false;
      const list = (ours as { Statement: CfnValue[] }).Statement;
      if (!list.some((s) => (s as { Sid?: string }).Sid === statement.Sid)) {
        list.push(statement as unknown as CfnValue);
        stack.replace(id, definition);
      }
      return true;
    },
  };
}
