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
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { getAtt, ref, sub } from '../../cfn/intrinsics.js';
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatPath, posAt, type Mapping } from '../../load/positions.js';
import type { Statement } from '../../synth/family.js';

export interface OutputContext {
  doc: Mapping;
  bag: DiagnosticBag;
  /** Key path of the container's logging options (for diagnostics). */
  at: (string | number)[];
}

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
};
const KINESIS: OutputKind = {
  option: 'stream',
  sid: () => 'FireLensKinesis',
  actions: () => ['kinesis:PutRecords'],
  arn: (name, region) => `arn:\${AWS::Partition}:kinesis:${region}:\${AWS::AccountId}:stream/${name}`,
};
const S3: OutputKind = {
  option: 'bucket',
  sid: () => 'FireLensS3',
  actions: () => ['s3:PutObject'],
  arn: (name) => `arn:\${AWS::Partition}:s3:::${name}/*`,
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

/** Error CXO1003 for each option pointing to an x- resource; true when there is one. */
export function refusePointers(opts: Record<string, string>, container: string, ctx: OutputContext): boolean {
  let found = false;
  for (const [key, value] of Object.entries(opts)) {
    if (!/^x-[a-z0-9_]+::/.test(value)) continue;
    found = true;
    const path = [...ctx.at, key];
    ctx.bag.error({
      code: 'CXO1003',
      message: `FireLens option ${key} of "${container}" points to ${value}; pointers to x- resources are not resolved in logging options`,
      path: formatPath(path),
      pos: posAt(ctx.doc, path) ?? posAt(ctx.doc, ctx.at),
      expected: 'the name of the destination',
      hint: 'write the name of the delivery stream, stream, bucket or log group',
    });
  }
  return found;
}

/** The options filled in and the rights of output `name` (its options checked by refusePointers first). */
export function outputRights(name: string, opts: Record<string, string>, container: string): { defaults: Record<string, CfnValue>; statements: Statement[]; missing?: string } {
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
  out.statements.push({ Sid: kind.sid(opts), Effect: 'Allow', Action: kind.actions(opts), Resource: [sub(kind.arn(arnPart(dest), region)) as CfnValue] });
  return out;
}
