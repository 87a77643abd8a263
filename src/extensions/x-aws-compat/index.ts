/**
 * ECS-plugin compatibility (Docker's former Compose ECS integration, reference §23.2): the
 * service keys below mean what the equivalent Compose-X settings mean, per family.
 *
 * | key (service level) | effect |
 * |---|---|
 * | `x-aws-role: <policy document>` | IAM policy `XAwsRole-<service>` on the task role |
 * | `x-aws-policies: [<managed policy ARN>]` | task role ManagedPolicyArns, like x-iam.ManagedPolicyArns |
 * | `deploy.x-aws-autoscaling: {min?, max, cpu \| memory}` | x-scaling Range + target tracking, read by x-scaling/model.ts when no service of the family has x-scaling (also accepted at service level) |
 * | `x-aws-logs_retention: <days>` | log retention: the largest of it and x-logging.RetentionInDays over the family, snapped to a CloudWatch Logs value |
 * | `x-aws-min_percent` / `x-aws-max_percent` (also in deploy.update_config) | DeploymentConfiguration MinimumHealthyPercent / MaximumPercent: the mean over the family's services that set it (default 100 / 200) |
 * | `x-aws-pull_credentials: <secret ARN>` | container RepositoryCredentials + exec role secretsmanager:GetSecretValue on the secret |
 *
 * Top-level `x-aws-cluster` is read with x-cluster (cluster.ts); this extension only checks it.
 *
 * Errors: CXA3001 a value of the wrong shape (for keys the loader's schemas do not reach:
 * deploy / update_config, and as a safety net for the others); CXA3003 MaximumPercent not above
 * MinimumHealthyPercent. Warnings: CXA3002 x-aws-autoscaling ignored (the family has
 * x-scaling); CXA3004 x-aws-cluster ignored (x-cluster is set). Valid keys log nothing.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import { LOG_RETENTION_VALUES } from '../../model/families.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import type { FamilyStack, Statement } from '../../synth/family.js';
import { awsClusterName } from './cluster.js';

type KeyPath = (string | number)[];

const POLICY_ARN = /^arn:aws(-[a-z]+)*:iam::(\d{12}|aws):policy\/.+$/;
const SECRET_ARN = /^arn:aws(-[a-z]+)*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
const DEFAULT_MIN_PERCENT = 100;
const DEFAULT_MAX_PERCENT = 200;

export const xAwsCompat: Extension = {
  name: 'x-aws-compat',
  apply(ctx) {
    checkCluster(ctx);
    for (const fs of ctx.families.values()) applyFamily(ctx, fs);
  },
};

function checkCluster(ctx: RenderContext): void {
  const v = ctx.doc['x-aws-cluster'];
  if (v === undefined) return;
  const path = ['x-aws-cluster'];
  if (awsClusterName(v) === undefined) {
    err(ctx, 'CXA3001', 'x-aws-cluster must name an existing ECS cluster', path, 'a cluster name or ARN, e.g. "prod" or "arn:aws:ecs:eu-west-1:123456789012:cluster/prod"');
  } else if (ctx.doc['x-cluster'] !== undefined) {
    ctx.bag.warn({
      code: 'CXA3004',
      message: 'x-aws-cluster is ignored: x-cluster is set',
      path: formatPath(path),
      pos: posAt(ctx.doc, path),
      hint: 'keep one of them; x-cluster: {Lookup: <name>} means the same',
    });
  }
}

interface Percent {
  value: number;
  path: KeyPath;
}

function applyFamily(ctx: RenderContext, fs: FamilyStack): void {
  const services = isMapping(ctx.doc.services) ? ctx.doc.services : {};
  const hasXScaling = (fs.family.extensions['x-scaling'] ?? []).length > 0;
  const retention: number[] = [];
  const minPercent: Percent[] = [];
  const maxPercent: Percent[] = [];
  const credentials = new Map<string, string>();
  for (const s of fs.family.services) {
    const svc = services[s];
    if (!isMapping(svc)) continue;
    const at: KeyPath = ['services', s];
    const deploy = isMapping(svc.deploy) ? svc.deploy : {};
    const update = isMapping(deploy.update_config) ? deploy.update_config : {};

    if (svc['x-aws-role'] !== undefined) role(ctx, fs, s, svc['x-aws-role'], [...at, 'x-aws-role']);
    if (svc['x-aws-policies'] !== undefined) policies(ctx, fs, svc['x-aws-policies'], [...at, 'x-aws-policies']);
    for (const [value, path] of [
      [deploy['x-aws-autoscaling'], [...at, 'deploy', 'x-aws-autoscaling']],
      [svc['x-aws-autoscaling'], [...at, 'x-aws-autoscaling']],
    ] as [unknown, KeyPath][]) {
      if (value === undefined || !autoscaling(ctx, value, path) || !hasXScaling) continue;
      ctx.bag.warn({
        code: 'CXA3002',
        message: `x-aws-autoscaling is ignored: family ${fs.family.name} has x-scaling`,
        path: formatPath(path),
        pos: posAt(ctx.doc, path),
        hint: 'keep one of them; x-scaling has more settings (Range, TargetScaling, ScheduledActions)',
      });
    }
    const days = integer(ctx, svc['x-aws-logs_retention'], [...at, 'x-aws-logs_retention'], 1, undefined, 'a number of days (snapped to the closest CloudWatch Logs retention period)');
    if (days !== undefined) retention.push(days);
    for (const [list, key, lo, hi] of [
      [minPercent, 'x-aws-min_percent', 0, 100],
      [maxPercent, 'x-aws-max_percent', 1, undefined],
    ] as [Percent[], string, number, number | undefined][]) {
      for (const path of [[...at, key], [...at, 'deploy', 'update_config', key]]) {
        const v = integer(ctx, path.length === 3 ? svc[key] : update[key], path, lo, hi, 'a percentage of the desired task count');
        if (v !== undefined) list.push({ value: v, path });
      }
    }
    const cred = svc['x-aws-pull_credentials'];
    if (cred !== undefined) {
      if (typeof cred === 'string' && SECRET_ARN.test(cred)) credentials.set(s, cred);
      else {
        err(ctx, 'CXA3001', 'x-aws-pull_credentials must be the ARN of a Secrets Manager secret', [...at, 'x-aws-pull_credentials'],
          'arn:aws:secretsmanager:<region>:<account id>:secret:<name>', 'the secret holds {"username": ..., "password": ...} for the private registry');
      }
    }
  }
  if (retention.length > 0) logRetention(fs, retention);
  deploymentPercents(ctx, fs, minPercent, maxPercent);
  if (credentials.size > 0) repositoryCredentials(fs, credentials);
}

/** `x-aws-role`: the statements of the document, in a policy of their own on the task role. */
function role(ctx: RenderContext, fs: FamilyStack, service: string, doc: unknown, path: KeyPath): void {
  const expected = 'an IAM policy document {Version: "2012-10-17", Statement: [{Effect, Action, Resource}, ...]}';
  if (!isMapping(doc) || doc.Statement === undefined) {
    err(ctx, 'CXA3001', 'x-aws-role must be an IAM policy document', path, expected);
    return;
  }
  const list: unknown[] = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const statements: Statement[] = [];
  list.forEach((st, i) => {
    const at = Array.isArray(doc.Statement) ? [...path, 'Statement', i] : [...path, 'Statement'];
    const problem = !isMapping(st)
      ? 'is not a mapping'
      : st.Effect !== 'Allow' && st.Effect !== 'Deny'
        ? 'has no Effect Allow or Deny'
        : st.Action === undefined && st.NotAction === undefined
          ? 'has no Action'
          : st.Resource === undefined && st.NotResource === undefined
            ? 'has no Resource'
            : undefined;
    if (problem !== undefined) err(ctx, 'CXA3001', `statement ${i + 1} of x-aws-role ${problem}`, at, '{Effect: Allow|Deny, Action: [...], Resource: [...]}');
    else statements.push(st as unknown as Statement);
  });
  if (statements.length !== list.length) return;
  for (const st of statements) fs.addStatement('task', `XAwsRole-${service}`, st);
}

/** `x-aws-policies`: managed policies of the task role, merged with x-iam.ManagedPolicyArns. */
function policies(ctx: RenderContext, fs: FamilyStack, value: unknown, path: KeyPath): void {
  if (!Array.isArray(value)) {
    err(ctx, 'CXA3001', 'x-aws-policies must be a list of managed policy ARNs', path, 'e.g. ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]');
    return;
  }
  value.forEach((arn: unknown, i) => {
    if (typeof arn !== 'string' || !POLICY_ARN.test(arn)) {
      err(ctx, 'CXA3001', `${JSON.stringify(arn)} is not a managed policy ARN`, [...path, i], 'arn:aws:iam::<account id|aws>:policy/<name>');
    } else if (!fs.family.iam.managedPolicyArns.includes(arn)) fs.family.iam.managedPolicyArns.push(arn);
  });
}

/** Checks an x-aws-autoscaling block (x-scaling/model.ts reads it); true when valid. */
function autoscaling(ctx: RenderContext, v: unknown, path: KeyPath): boolean {
  const expected = '{min: <tasks>, max: <tasks>, cpu: <percent>} or {min, max, memory: <percent>}';
  if (!isMapping(v)) {
    err(ctx, 'CXA3001', 'x-aws-autoscaling must be a mapping', path, expected);
    return false;
  }
  const unknown = Object.keys(v).find((k) => !['min', 'max', 'cpu', 'memory'].includes(k));
  if (unknown !== undefined) {
    err(ctx, 'CXA3001', `x-aws-autoscaling has an unknown key "${unknown}"`, [...path, unknown], 'min, max, cpu or memory');
    return false;
  }
  if (v.max === undefined) {
    err(ctx, 'CXA3001', 'x-aws-autoscaling needs max', path, expected);
    return false;
  }
  const max = integer(ctx, v.max, [...path, 'max'], 1, undefined, 'the largest number of tasks');
  const min = integer(ctx, v.min, [...path, 'min'], 0, undefined, 'the smallest number of tasks');
  if (max === undefined || (v.min !== undefined && min === undefined)) return false;
  if (min !== undefined && min > max) {
    err(ctx, 'CXA3001', `x-aws-autoscaling min ${min} is above max ${max}`, [...path, 'min'], `at most ${max}`);
    return false;
  }
  for (const k of ['cpu', 'memory']) {
    const t = v[k];
    if (t !== undefined && !(typeof t === 'number' && t > 0 && t <= 100)) {
      err(ctx, 'CXA3001', `x-aws-autoscaling ${k} must be a percentage`, [...path, k], 'a number above 0, at most 100');
      return false;
    }
  }
  if (v.cpu !== undefined && v.memory !== undefined) {
    err(ctx, 'CXA3001', 'x-aws-autoscaling sets both cpu and memory', [...path, 'memory'], 'one of cpu or memory', 'x-scaling.TargetScaling can track both, one target per service');
    return false;
  }
  return true;
}

function integer(ctx: RenderContext, v: unknown, path: KeyPath, lo: number, hi: number | undefined, meaning: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= lo && (hi === undefined || v <= hi)) return v;
  err(ctx, 'CXA3001', `${formatPath(path)} must be an integer ${hi === undefined ? `>= ${lo}` : `from ${lo} to ${hi}`}`, path, `${meaning}, an integer ${hi === undefined ? `>= ${lo}` : `from ${lo} to ${hi}`}`);
  return undefined;
}

/** The largest retention asked by x-aws-logs_retention and x-logging, snapped to an allowed value. */
function logRetention(fs: FamilyStack, days: number[]): void {
  const all = [...days];
  for (const { value } of fs.family.extensions['x-logging'] ?? []) {
    if (isMapping(value) && typeof value.RetentionInDays === 'number') all.push(value.RetentionInDays);
  }
  const want = Math.max(...all);
  let best = LOG_RETENTION_VALUES[0];
  for (const v of LOG_RETENTION_VALUES) {
    const [d, b] = [Math.abs(v - want), Math.abs(best - want)];
    if (d < b || (d === b && v > best)) best = v;
  }
  fs.family.logRetentionDays = best;
}

function deploymentPercents(ctx: RenderContext, fs: FamilyStack, min: Percent[], max: Percent[]): void {
  if (min.length === 0 && max.length === 0) return;
  const mean = (xs: Percent[], dflt: number) => (xs.length === 0 ? dflt : Math.trunc(xs.reduce((a, x) => a + x.value, 0) / xs.length));
  const [lo, hi] = [mean(min, DEFAULT_MIN_PERCENT), mean(max, DEFAULT_MAX_PERCENT)];
  if (hi <= lo) {
    const path = (max[0] ?? min[0]).path;
    err(ctx, 'CXA3003', `family ${fs.family.name} deploys with MaximumPercent ${hi} and MinimumHealthyPercent ${lo}: no task could be replaced`, path,
      `x-aws-max_percent above x-aws-min_percent (${lo})`, 'e.g. x-aws-min_percent: 50 with x-aws-max_percent: 150; unset values are 100 and 200');
    return;
  }
  const config: Record<string, CfnValue> = {
    MaximumPercent: hi,
    MinimumHealthyPercent: lo,
    DeploymentCircuitBreaker: { Enable: true, Rollback: fs.family.rollbackOnFailure },
  };
  fs.serviceOverrides.DeploymentConfiguration = config;
}

/**
 * `x-aws-pull_credentials`: the exec role may read each secret, and each container gets
 * `RepositoryCredentials: {CredentialsParameter: <ARN>}`.
 */
function repositoryCredentials(fs: FamilyStack, byContainer: Map<string, string>): void {
  for (const arn of new Set(byContainer.values())) {
    fs.addStatement('exec', 'RepositoryCredentialsAccess', {
      Sid: 'AccessToRepoCredentialsSecret',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: [arn],
    });
  }
  for (const [container, arn] of byContainer) fs.setContainerProperty(container, 'RepositoryCredentials', { CredentialsParameter: arn });
}

function err(ctx: RenderContext, code: string, message: string, path: KeyPath, expected: string, hint?: string): void {
  ctx.bag.error({ code, message, path: formatPath(path), pos: posAt(ctx.doc, path), expected, hint });
}
