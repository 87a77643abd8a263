/**
 * x-s3: S3 buckets, new (nested stack `s3`) or looked up, linked to services.
 *
 * For each `Services.<family or service>` entry (see targets.ts for how a key is read):
 *  - IAM on the family's task role, policy `<family>Tos3`, statements per the access names
 *    (permissions.ts); on an SSE-KMS bucket with a known key, policy `<family>Tokms` with only
 *    the KMS actions the object access needs;
 *  - variables: `ReturnValues {<attribute>: <VAR>}` when given, else the bucket name in
 *    `Settings.EnvNames` when given, else in `UPPER(<bucket>)` (`connect-bucket` → CONNECT_BUCKET).
 * Environment values of any service may point at a bucket attribute with
 * `x-s3::<bucket>::<attribute>` (whole value, or inside a longer text).
 */
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import type { CfnValue } from '../../cfn/intrinsics.js';
import type { FamilyStack } from '../../synth/family.js';
import { lookupBucket } from './lookup.js';
import { defaultEnvName, isAttribute, type Bucket, type BucketAttribute, type XS3Bucket } from './model.js';
import { S3Stack } from './new-bucket.js';
import { accessStatements, kmsActions } from './permissions.js';
import { findPointers, POINTER_PREFIX, substitute } from './pointers.js';
import { resolveTargets } from './targets.js';

export const xS3: Extension = {
  name: 'x-s3',
  apply(ctx) {
    const x = isMapping(ctx.doc['x-s3']) ? ctx.doc['x-s3'] : {};
    const declared = Object.keys(x).filter((k) => k !== 'DeletionPolicy' && isMapping(x[k]));
    const buckets = new Map<string, Bucket>();
    let stack: S3Stack | undefined;
    for (const name of declared) {
      const def = x[name] as XS3Bucket;
      let b: Bucket | undefined;
      if (def.Lookup) b = lookupBucket(name, def, ctx.doc, ctx.lookups, ctx.bag);
      else {
        if (!stack) {
          stack = new S3Stack(ctx.tags);
          ctx.stacks.set(stack.id, stack);
        }
        b = stack.addBucket(name, def, x.DeletionPolicy as DeletionPolicy | undefined, ctx.doc, ctx.bag);
      }
      if (b) buckets.set(name, b);
    }
    for (const b of buckets.values()) linkServices(ctx, b);
    rewritePointers(ctx, declared, buckets);
    stack?.addOutputs();
  },
};

function linkServices(ctx: RenderContext, b: Bucket): void {
  for (const [key, svc] of Object.entries(b.def.Services ?? {})) {
    const path = ['x-s3', b.name, 'Services', key];
    const at = (...p: string[]) => ({ path: formatPath([...path, ...p]), pos: posAt(ctx.doc, [...path, ...p]) });
    const targets = resolveTargets(ctx, key, at());
    if (!targets) continue;
    const env = envVars(ctx, b, svc.ReturnValues, at);
    const linked = new Set<FamilyStack>();
    for (const { fs, container } of targets) {
      if (!linked.has(fs)) {
        linked.add(fs);
        grant(fs, b, svc.Access);
      }
      for (const [name, attr] of env) fs.addEnvironment(container, name, b.value(fs, attr));
    }
  }
}

function grant(fs: FamilyStack, b: Bucket, access: Parameters<typeof accessStatements>[0]): void {
  const policy = `${fs.family.logicalName}Tos3`;
  for (const st of accessStatements(access, b.value(fs, 'Arn'))) fs.addStatement('task', policy, st);
  if (b.kmsKeyArn === undefined) return;
  const kms = kmsActions(access.objects);
  const kmsPolicy = `${fs.family.logicalName}Tokms`;
  if (kms.decrypt) fs.addStatement('task', kmsPolicy, { Sid: 'DecryptS3Objects', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [b.kmsKeyArn] });
  if (kms.generateDataKey) {
    fs.addStatement('task', kmsPolicy, { Sid: 'EncryptS3Objects', Effect: 'Allow', Action: ['kms:GenerateDataKey'], Resource: [b.kmsKeyArn] });
  }
}

/** Variable name → attribute for one Services entry. */
function envVars(
  ctx: RenderContext,
  b: Bucket,
  returnValues: Record<string, string | { EnvVarName: string }> | undefined,
  at: (...p: string[]) => { path: string; pos: ReturnType<typeof posAt> },
): [string, BucketAttribute][] {
  if (!returnValues || Object.keys(returnValues).length === 0) {
    return (b.def.Settings?.EnvNames ?? [defaultEnvName(b.name)]).map((n): [string, BucketAttribute] => [n, 'BucketName']);
  }
  const out: [string, BucketAttribute][] = [];
  for (const [attr, v] of Object.entries(returnValues)) {
    if (!isAttribute(attr) || !b.attributes.includes(attr)) {
      ctx.bag.error({
        code: 'CXS1102',
        message: `bucket "${b.name}" has no return value "${attr}"${isAttribute(attr) ? ' (not known for a looked-up bucket)' : ''}`,
        ...at('ReturnValues', attr),
        expected: `one of: ${b.attributes.join(', ')}`,
      });
      continue;
    }
    out.push([typeof v === 'string' ? v : v.EnvVarName, attr]);
  }
  return out;
}

/** Replaces `x-s3::<bucket>::<attribute>` in the literal environment of every family. */
function rewritePointers(ctx: RenderContext, declared: string[], buckets: Map<string, Bucket>): void {
  for (const fs of ctx.families.values()) {
    const values = new Map<string, CfnValue>();
    for (const c of fs.family.containers) {
      for (const [name, text] of Object.entries(c.environment)) {
        if (!text.includes(POINTER_PREFIX)) continue;
        const where = { path: formatPath(['services', c.name, 'environment', name]), pos: posAt(ctx.doc, ['services', c.name, 'environment', name]) };
        const { pointers, malformed } = findPointers(text);
        let ok = malformed.length === 0;
        if (!ok) {
          ctx.bag.error({
            code: 'CXS1103',
            message: `malformed bucket pointer in ${name} of service "${c.name}"`,
            ...where,
            expected: 'x-s3::<bucket>::<attribute>, e.g. x-s3::my-bucket::Arn',
          });
        }
        for (const p of pointers) {
          const b = buckets.get(p.bucket);
          if (!b) {
            ok = false;
            if (declared.includes(p.bucket)) continue;
            ctx.bag.error({
              code: 'CXS1104',
              message: `${name} of service "${c.name}" points at bucket "${p.bucket}", which is not defined under x-s3`,
              ...where,
              expected: `one of: ${declared.join(', ') || '(no x-s3 buckets)'}`,
            });
          } else if (!isAttribute(p.attribute) || !b.attributes.includes(p.attribute)) {
            ok = false;
            ctx.bag.error({
              code: 'CXS1102',
              message: `bucket "${p.bucket}" has no return value "${p.attribute}" (in ${name} of service "${c.name}")`,
              ...where,
              expected: `one of: ${b.attributes.join(', ')}`,
            });
          }
        }
        if (!ok) continue;
        values.set(`${c.name}\0${name}`, substitute(text, pointers, (p) => (buckets.get(p.bucket) as Bucket).value(fs, p.attribute as BucketAttribute)));
      }
    }
    if (values.size > 0) fs.rewriteEnvironment((container, name) => values.get(`${container}\0${name}`));
  }
}
