/**
 * From `secrets.<name>.x-secrets` (+ recorded lookups) to what a container and its roles need:
 * the ECS `Secrets` entries (one per JSON key, or one for the whole secret), the IAM resource
 * of the secret and its KMS key when known. Secret values never reach a template: only ARNs.
 *
 * Lookup: recorded key `x-secrets::<name>`, request = the Lookup mapping (without an empty
 * RoleArn) plus `Name` when set (it narrows the search); result `{Arn, KmsKeyArn?}` where Arn
 * is the full ARN (with its 6-character suffix) and KmsKeyArn the key ARN (not an alias).
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { escapeSub, sub } from '../../cfn/intrinsics.js';
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { RecordedLookups } from '../../lookups/recorded.js';
import { jsonKeyVarName, upperVarName, type JsonKey } from './names.js';

export interface SecretLookupResult {
  Arn: string;
  KmsKeyArn?: string;
}

export interface XSecret {
  Name?: string;
  VarName?: string;
  JsonKeys?: JsonKey[];
  Lookup?: Record<string, unknown>;
  LinksTo?: ('EcsExecutionRole' | 'EcsTaskRole')[];
  KmsKeyId?: string;
}

export interface ContainerSecret {
  Name: string;
  ValueFrom: CfnValue;
}

export interface ResolvedSecret {
  /** The compose secret name. */
  name: string;
  /** ECS Secrets entries, in the order written (last one wins per Name). */
  entries: ContainerSecret[];
  /** Resource of secretsmanager:GetSecretValue. */
  iamResource: CfnValue;
  /** The secret ARN (full, or the partial ARN ECS accepts). */
  arn: CfnValue;
  /** KMS key ARN that encrypts the secret, when known. */
  kmsKeyArn?: string;
  /** Whether the task role (the application itself) may read the secret too. */
  linkTaskRole: boolean;
  /** Variable holding the secret ARN, set only when the task role is linked. */
  arnVarName: string;
}

const SECRET_ARN = /^arn:aws(?:-[a-z]+)*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
/** Secrets Manager appends `-` and 6 random characters to every secret name in its ARN. */
const RANDOM_SUFFIX = /-[A-Za-z0-9]{6}$/;
const KMS_KEY_ARN = /^arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Resolves every top-level secret that has x-secrets; the others are left out of the map. */
export function resolveSecrets(doc: Mapping, lookups: RecordedLookups, bag: DiagnosticBag): Map<string, ResolvedSecret> {
  const out = new Map<string, ResolvedSecret>();
  const secrets = isMapping(doc.secrets) ? doc.secrets : {};
  for (const [name, def] of Object.entries(secrets)) {
    if (!isMapping(def) || !isMapping(def['x-secrets'])) continue;
    const r = resolveOne(name, def['x-secrets'] as XSecret, doc, lookups, bag);
    if (r) out.set(name, r);
  }
  return out;
}

function resolveOne(name: string, x: XSecret, doc: Mapping, lookups: RecordedLookups, bag: DiagnosticBag): ResolvedSecret | undefined {
  const base = ['secrets', name, 'x-secrets'];
  const at = (...p: (string | number)[]) => ({ path: formatPath([...base, ...p]), pos: posAt(doc, [...base, ...p]) });
  let arn: string | undefined;
  let partialName: string | undefined;
  let kms = x.KmsKeyId;
  let kmsPath: (string | number)[] = ['KmsKeyId'];

  if (x.Lookup) {
    const request: Record<string, unknown> = { ...x.Lookup };
    if (request.RoleArn === '' || request.RoleArn === undefined) delete request.RoleArn;
    if (x.Name) request.Name = x.Name;
    const key = `x-secrets::${name}`;
    const r = lookups.get<SecretLookupResult>(key, request, at('Lookup').pos, at('Lookup').path);
    if ('error' in r) {
      bag.add(r.error);
      return undefined;
    }
    if (typeof r.result?.Arn !== 'string' || !SECRET_ARN.test(r.result.Arn)) {
      bag.error({
        code: 'CXS1002',
        message: `the recorded result of lookup ${key} has no valid secret ARN`,
        ...at('Lookup'),
        expected: '{"Arn": "arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>", "KmsKeyArn"?: "<key ARN>"}',
        hint: 'record the lookup again',
      });
      return undefined;
    }
    arn = r.result.Arn;
    if (r.result.KmsKeyArn !== undefined) {
      kms = r.result.KmsKeyArn;
      kmsPath = ['Lookup'];
    }
  } else if (x.Name?.startsWith('arn:')) {
    if (!SECRET_ARN.test(x.Name)) {
      bag.error({
        code: 'CXS1003',
        message: `"${x.Name}" is not a Secrets Manager secret ARN`,
        ...at('Name'),
        expected: 'a secret name (e.g. /app/db-creds) or its ARN arn:aws:secretsmanager:<region>:<account>:secret:<name>',
      });
      return undefined;
    }
    arn = x.Name;
  } else if (x.Name) {
    partialName = x.Name;
    if (RANDOM_SUFFIX.test(x.Name)) {
      bag.warn({
        code: 'CXS2005',
        message: `the secret name "${x.Name}" ends with "-" and 6 characters, which Secrets Manager may read as the random suffix of an ARN`,
        ...at('Name'),
        hint: 'give the full ARN of the secret as Name, or rename the secret',
      });
    }
  } else return undefined;

  let kmsKeyArn: string | undefined;
  if (kms !== undefined) {
    if (KMS_KEY_ARN.test(kms)) kmsKeyArn = kms;
    else {
      bag.warn({
        code: 'CXS2006',
        message: `the KMS key of secret "${name}" is not a key ARN (${kms}); no kms:Decrypt permission is granted for it`,
        ...at(...kmsPath),
        hint: 'IAM grants kms:Decrypt on key ARNs (arn:aws:kms:<region>:<account>:key/<id>), not on aliases; give the key ARN',
      });
    }
  }

  const prefix = 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:';
  const valueFrom = (suffix: string): CfnValue =>
    partialName !== undefined ? sub(prefix + escapeSub(partialName + suffix)) : `${arn}${suffix}`;
  const iamResource: CfnValue =
    partialName !== undefined
      ? sub(`${prefix}${escapeSub(partialName)}-??????`)
      : RANDOM_SUFFIX.test(arn as string)
        ? (arn as string)
        : `${arn}-??????`;

  const entries = new Map<string, CfnValue>();
  if (x.JsonKeys && x.JsonKeys.length > 0) {
    for (const k of x.JsonKeys) entries.set(jsonKeyVarName(k), valueFrom(`:${k.SecretKey}::`));
  } else entries.set(x.VarName ?? name, valueFrom(''));

  return {
    name,
    entries: [...entries].map(([Name, ValueFrom]) => ({ Name, ValueFrom })),
    iamResource,
    arn: valueFrom(''),
    kmsKeyArn,
    linkTaskRole: x.LinksTo?.includes('EcsTaskRole') ?? false,
    arnVarName: `${x.VarName ?? upperVarName(name)}_ARN`,
  };
}
