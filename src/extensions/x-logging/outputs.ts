/**
 * The FireLens outputs ecs-compose-x knows (the `Name` of the awsfirelens driver options): the
 * options it fills in when they are left out, and the task role rights each needs, on the named
 * destination only. Other outputs (e.g. datadog, es, loki) pass as written, with no rights.
 *
 * | Name | destination option | rights (task role) |
 * | --- | --- | --- |
 * | cloudwatch, cloudwatch_logs | log_group_name (default: the family log group) | logs:CreateLogStream, logs:DescribeLogStreams, logs:PutLogEvents (+ logs:CreateLogGroup with auto_create_group, logs:PutRetentionPolicy with log_retention_days) on the group |
 * | firehose, kinesis_firehose | delivery_stream | firehose:PutRecordBatch on the delivery stream |
 * | kinesis, kinesis_streams | stream | kinesis:PutRecords on the stream |
 * | s3 | bucket | s3:PutObject on the bucket's objects |
 * | any | role_arn | sts:AssumeRole on that role |
 *
 * The destination of a Firehose, Kinesis or S3 output may be a resource of the project:
 * `delivery_stream: x-kinesis_firehose::<name>`, `stream: x-kinesis::<name>`, `bucket: x-s3::<name>`
 * (new or looked up); the option gets its name and the rights its ARN. Any other pointer is an error
 * (CXO1003), as is a pointer to an undeclared resource (CXO1009).
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { getAtt, join, ref, sub } from '../../cfn/intrinsics.js';
import { formatPath, posAt } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { Statement } from '../../synth/family.js';
import type { NestedStack } from '../../synth/stack.js';
import { propertyPointer } from '../shared/module.js';

export interface OutputRights {
  /** Options added when not given. */
  defaults: Record<string, CfnValue>;
  statements: Statement[];
}

interface OutputKind {
  /** The option naming the destination. */
  option: string;
  /** Statement id (one per set of actions, as statements with the same id are merged). */
  sid: (opts: Record<string, string>) => string;
  actions: (opts: Record<string, string>) => string[];
  /** ARN of the destination, for Fn::Sub (region is `${AWS::Region}` or the literal one). */
  arn: (name: string, region: string) => string;
  /** The module whose resources the destination option may point to, and the attribute naming one. */
  module?: { key: string; nameAttribute: string };
  /** The rights are on the objects under the ARN (`<arn>/*`). */
  objects?: boolean;
}

const CLOUDWATCH: OutputKind = {
  option: 'log_group_name',
  sid: (o) => `FireLensCloudWatchLogs${o.auto_create_group === 'true' ? 'CreateGroup' : ''}${o.log_retention_days !== undefined ? 'Retention' : ''}`,
  actions: (o) => [
    ...(o.auto_create_group === 'true' ? ['logs:CreateLogGroup'] : []),
    'logs:CreateLogStream',
    'logs:DescribeLogStreams',
    'logs:PutLogEvents',
    ...(o.log_retention_days !== undefined ? ['logs:PutRetentionPolicy'] : []),
  ],
  arn: (name, region) => `arn:\${AWS::Partition}:logs:${region}:\${AWS::AccountId}:log-group:${name}:*`,
};
const FIREHOSE: OutputKind = {
  option: 'delivery_stream',
  sid: () => 'FireLensFirehose',
  actions: () => ['firehose:PutRecordBatch'],
  arn: (name, region) => `arn:\${AWS::Partition}:firehose:${region}:\${AWS::AccountId}:deliverystream/${name}`,
  module: { key: 'x-kinesis_firehose', nameAttribute: 'DeliveryStreamId' },
};
const KINESIS: OutputKind = {
  option: 'stream',
  sid: () => 'FireLensKinesis',
  actions: () => ['kinesis:PutRecords'],
  arn: (name, region) => `arn:\${AWS::Partition}:kinesis:${region}:\${AWS::AccountId}:stream/${name}`,
  module: { key: 'x-kinesis', nameAttribute: 'StreamId' },
};
const S3: OutputKind = {
  option: 'bucket',
  sid: () => 'FireLensS3',
  actions: () => ['s3:PutObject'],
  arn: (name) => `arn:\${AWS::Partition}:s3:::${name}/*`,
  module: { key: 'x-s3', nameAttribute: 'BucketName' },
  objects: true,
};

export const OUTPUTS: Readonly<Record<string, OutputKind>> = {
  cloudwatch: CLOUDWATCH,
  cloudwatch_logs: CLOUDWATCH,
  firehose: FIREHOSE,
  kinesis_firehose: FIREHOSE,
  kinesis: KINESIS,
  kinesis_streams: KINESIS,
  s3: S3,
};

/** Fluent Bit record templating (`$(ecs_task_id)`, `$(tag)`) in a name: any value in an ARN. */
function arnPart(name: string): string {
  return name.replace(/\$\([^)]*\)/g, '*');
}

/**
 * Resolves the options pointing to x- resources: the destination option of a Firehose, Kinesis or
 * S3 output (`name`) gets the resource's name as seen from `consumer`, and `arn` is its ARN there.
 * Other pointers are errors (CXO1003), unknown resources too (CXO1009); undefined after an error.
 */
export function resolvePointers(
  ctx: RenderContext,
  consumer: NestedStack,
  name: string | undefined,
  opts: Record<string, string>,
  container: string,
  at: (string | number)[],
): { options: Record<string, CfnValue>; arn?: CfnValue } | undefined {
  const kind = name === undefined ? undefined : OUTPUTS[name];
  const options: Record<string, CfnValue> = { ...opts };
  let arn: CfnValue | undefined;
  let ok = true;
  for (const [key, value] of Object.entries(opts)) {
    if (!/^x-[a-z0-9_]+::/.test(value)) continue;
    const path = [...at, key];
    const where = { path: formatPath(path), pos: posAt(ctx.doc, path) ?? posAt(ctx.doc, at) };
    const mod = kind?.module;
    if (mod === undefined || key !== kind?.option || !value.startsWith(`${mod.key}::`)) {
      ctx.bag.error({
        code: 'CXO1003',
        message: `FireLens option ${key} of "${container}" points to ${value}, which logging options do not resolve`,
        ...where,
        expected: 'delivery_stream: x-kinesis_firehose::<name>, stream: x-kinesis::<name> or bucket: x-s3::<name> (of the output Name), else a literal name',
        hint: 'write the name of the destination',
      });
      ok = false;
      continue;
    }
    const r = propertyPointer(ctx, value, mod.key, mod.nameAttribute, where, { unknown: 'CXO1009', malformed: 'CXO1003' });
    if (!r) {
      ok = false;
      continue;
    }
    options[key] = r.value(consumer, mod.nameAttribute);
    arn = r.value(consumer, 'Arn');
  }
  return ok ? { options, arn } : undefined;
}

/**
 * The options filled in and the rights of output `name` (its options resolved by resolvePointers
 * first; `destinationArn`: the ARN of the resource its destination option points to).
 */
export function outputRights(name: string, opts: Record<string, string>, container: string, destinationArn?: CfnValue): { defaults: Record<string, CfnValue>; statements: Statement[]; missing?: string } {
  const out: OutputRights & { missing?: string } = { defaults: {}, statements: [] };
  if (opts.role_arn !== undefined) {
    out.statements.push({ Sid: 'FireLensAssumeRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [opts.role_arn] });
  }
  const kind = OUTPUTS[name];
  if (!kind) return out;
  if (opts.region === undefined) out.defaults.region = ref('AWS::Region');
  const region = opts.region ?? '${AWS::Region}';
  const dest = opts[kind.option];
  if (kind === CLOUDWATCH && opts.log_stream_name === undefined) out.defaults.log_stream_prefix = `${container}/`;
  if (dest === undefined) {
    if (kind === CLOUDWATCH) {
      out.defaults.log_group_name = ref('ServicesLogGroup');
      const own = { ...opts, auto_create_group: 'false' };
      out.statements.push({ Sid: kind.sid(own), Effect: 'Allow', Action: kind.actions(own), Resource: [getAtt('ServicesLogGroup', 'Arn')] });
      return out;
    }
    out.missing = kind.option;
    return out;
  }
  const resource = destinationArn === undefined ? (sub(kind.arn(arnPart(dest), region)) as CfnValue) : kind.objects ? join('', [destinationArn, '/*']) : destinationArn;
  out.statements.push({ Sid: kind.sid(opts), Effect: 'Allow', Action: kind.actions(opts), Resource: [resource] });
  return out;
}
