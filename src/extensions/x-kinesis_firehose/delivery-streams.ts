/**
 * New Firehose delivery streams (`x-kinesis_firehose.<name>.Properties`) in the nested stack
 * `firehose`: an AWS::KinesisFirehose::DeliveryStream `<id>` with the Properties as written,
 * except:
 *
 *  - `x-s3::<bucket>` (or `x-s3::<bucket>::Arn`) as the `BucketARN` of S3DestinationConfiguration,
 *    ExtendedS3DestinationConfiguration or its S3BackupConfiguration: that bucket's ARN;
 *  - `x-kinesis::<stream>` (or `::Arn`) as KinesisStreamSourceConfiguration.KinesisStreamARN: that
 *    stream's ARN; a Kinesis source sets DeliveryStreamType KinesisStreamAsSource when not given;
 *  - KMS key references (shared/kms.ts: `x-kms::<key>`, ARN, id, alias) in
 *    DeliveryStreamEncryptionConfigurationInput.KeyARN (KeyType CUSTOMER_MANAGED_CMK when not
 *    given) and in an S3 configuration's EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN;
 *    server-side encryption on a Kinesis-sourced stream is dropped (CXF2006: CloudFormation refuses it);
 *  - the RoleARN of KinesisStreamSourceConfiguration, S3DestinationConfiguration,
 *    ExtendedS3DestinationConfiguration (and its S3BackupConfiguration) is the stream's own role
 *    `<id>Role` (trusting firehose.amazonaws.com from this account), unless
 *    `MacroParameters.DoNotOverrideIamRole` is true or lists the configuration; the role's
 *    policy grants exactly: the source actions on the Kinesis stream (+ kms:Decrypt on its key),
 *    the bucket / object actions on each S3 bucket (+ kms:Decrypt, GenerateDataKey on the
 *    bucket's key and on the configuration's key), logs:PutLogEvents on the stream's log group;
 *  - the managed S3 destinations log to the log group `<id>Logs`, one log stream per
 *    destination (CloudWatchLoggingOptions replaced, unless written with `Enabled: false`).
 *
 * Other destinations (Redshift, OpenSearch, Splunk, HTTP endpoint, ...) pass as written with the
 * role they name (CXF2007).
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { getAtt, ref } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { Statement } from '../../synth/family.js';
import { boundaryArn } from '../../synth/vpc.js';
import { fillTemplate } from '../shared/access.js';
import { kmsKeyReference } from '../shared/kms.js';
import { propertyPointer, type ModuleResource, type ResourceEntry } from '../shared/module.js';
import { moduleStack, retentionAttributes } from '../shared/stack.js';
import { FIREHOSE_SOURCE_ACTIONS } from '../x-kinesis/permissions.js';
import { S3_BUCKET_ACTIONS, S3_KEY_ACTIONS, S3_OBJECT_ACTIONS } from './permissions.js';

export const FIREHOSE_STACK = 'firehose';

/** Attributes a service can receive: the delivery stream name (Ref, 1.x `DeliveryStreamId`) and its ARN. */
export const ATTRIBUTES = ['DeliveryStreamId', 'Arn'] as const;

export interface DeliveryStream extends ModuleResource {
  /** Its records come from a Kinesis stream: services cannot put records into it. */
  kinesisSource: boolean;
}

/** Configurations whose RoleARN the delivery stream's role replaces (MacroParameters.DoNotOverrideIamRole names them). */
export const MANAGED_CONFIGURATIONS = ['KinesisStreamSourceConfiguration', 'S3DestinationConfiguration', 'ExtendedS3DestinationConfiguration'] as const;

/** Sources and destinations passed as written (CXF2007). */
const OTHER_CONFIGURATIONS = [
  'AmazonOpenSearchServerlessDestinationConfiguration',
  'AmazonopensearchserviceDestinationConfiguration',
  'DatabaseSourceConfiguration',
  'ElasticsearchDestinationConfiguration',
  'HttpEndpointDestinationConfiguration',
  'IcebergDestinationConfiguration',
  'MSKSourceConfiguration',
  'RedshiftDestinationConfiguration',
  'SnowflakeDestinationConfiguration',
  'SplunkDestinationConfiguration',
];

/** Codes of a pointer in the Properties (propertyPointer). */
const POINTER_CODES = { unknown: 'CXF1001', malformed: 'CXF1002' };

type Props = Record<string, CfnValue | undefined>;

export function newDeliveryStream(ctx: RenderContext, entry: ResourceEntry, deletionPolicy: DeletionPolicy | undefined): DeliveryStream {
  const { name, def, path } = entry;
  const at = (...p: string[]) => ({ path: formatPath([...path, ...p]), pos: posAt(ctx.doc, [...path, ...p]) });
  const stack = moduleStack(ctx, FIREHOSE_STACK, 'Kinesis Data Firehose delivery streams (x-kinesis_firehose)');
  const id = logicalId(name);
  const roleId = `${id}Role`;
  const logsId = `${id}Logs`;
  const roleArn = getAtt(roleId, 'Arn');
  const props: Props = { ...((isMapping(def.Properties) ? def.Properties : {}) as Props) };
  const macro = isMapping(def.MacroParameters) ? def.MacroParameters : {};
  const keepAll = macro.DoNotOverrideIamRole === true;
  const keepList = Array.isArray(macro.DoNotOverrideIamRole) ? (macro.DoNotOverrideIamRole as unknown[]) : [];
  const managed = (cfg: string) => !keepAll && !keepList.includes(cfg);
  const statements: Statement[] = [];
  let usesRole = false;
  let usesLogs = false;

  const keyOf = (written: unknown, where: string[]) => kmsKeyReference(ctx, written, at('Properties', ...where));

  // Kinesis stream as source
  let kinesisSource = props.DeliveryStreamType === 'KinesisStreamAsSource';
  if (isMapping(props.KinesisStreamSourceConfiguration)) {
    kinesisSource = true;
    props.DeliveryStreamType ??= 'KinesisStreamAsSource';
    const cfg: Props = { ...(props.KinesisStreamSourceConfiguration as Props) };
    const stream = propertyPointer(ctx, cfg.KinesisStreamARN, 'x-kinesis', 'Arn', at('Properties', 'KinesisStreamSourceConfiguration', 'KinesisStreamARN'), POINTER_CODES);
    if (stream) cfg.KinesisStreamARN = stream.value(stack, 'Arn');
    if (managed('KinesisStreamSourceConfiguration')) {
      cfg.RoleARN = roleArn;
      usesRole = true;
      if (stream !== undefined && cfg.KinesisStreamARN !== undefined) {
        statements.push({ Sid: 'KinesisSource', Effect: 'Allow', Action: [...FIREHOSE_SOURCE_ACTIONS], Resource: [cfg.KinesisStreamARN] });
        if (stream?.kmsKey) statements.push(stream.kmsKey.statement(stack, 'KinesisSourceKey', ['kms:Decrypt']));
      }
    }
    props.KinesisStreamSourceConfiguration = cfg;
  }

  // Server-side encryption
  if (props.DeliveryStreamEncryptionConfigurationInput !== undefined) {
    if (kinesisSource) {
      ctx.bag.warn({
        code: 'CXF2006',
        message: `delivery stream "${name}" reads a Kinesis stream: its DeliveryStreamEncryptionConfigurationInput is dropped (server-side encryption is for DirectPut streams only)`,
        ...at('Properties', 'DeliveryStreamEncryptionConfigurationInput'),
        hint: 'encrypt the source Kinesis stream (StreamEncryption) instead',
      });
      delete props.DeliveryStreamEncryptionConfigurationInput;
    } else if (isMapping(props.DeliveryStreamEncryptionConfigurationInput)) {
      const enc: Props = { ...(props.DeliveryStreamEncryptionConfigurationInput as Props) };
      const key = enc.KeyARN === undefined ? undefined : keyOf(enc.KeyARN, ['DeliveryStreamEncryptionConfigurationInput', 'KeyARN']);
      if (key) enc.KeyARN = key.property(stack);
      if (enc.KeyARN !== undefined) enc.KeyType ??= 'CUSTOMER_MANAGED_CMK';
      props.DeliveryStreamEncryptionConfigurationInput = enc;
    }
  }

  /** An S3 configuration (destination or backup): bucket and key pointers, role and its grants. */
  const s3Configuration = (cfg: Props, where: string[], sid: string, withRole: boolean) => {
    const bucket = propertyPointer(ctx, cfg.BucketARN, 'x-s3', 'Arn', at('Properties', ...where, 'BucketARN'), POINTER_CODES);
    if (bucket) cfg.BucketARN = bucket.value(stack, 'Arn');
    const enc = isMapping(cfg.EncryptionConfiguration) && isMapping(cfg.EncryptionConfiguration.KMSEncryptionConfig) ? cfg.EncryptionConfiguration.KMSEncryptionConfig : undefined;
    const key = enc?.AWSKMSKeyARN === undefined ? undefined : keyOf(enc.AWSKMSKeyARN, [...where, 'EncryptionConfiguration', 'KMSEncryptionConfig', 'AWSKMSKeyARN']);
    if (key) cfg.EncryptionConfiguration = { ...(cfg.EncryptionConfiguration as Mapping), KMSEncryptionConfig: { ...(enc as Mapping), AWSKMSKeyARN: key.property(stack) } } as CfnValue;
    if (!withRole) return;
    cfg.RoleARN = roleArn;
    usesRole = true;
    const arn = cfg.BucketARN;
    if (bucket === undefined || arn === undefined) return;
    statements.push({ Sid: `${sid}Bucket`, Effect: 'Allow', Action: [...S3_BUCKET_ACTIONS], Resource: [arn] });
    statements.push({ Sid: `${sid}Objects`, Effect: 'Allow', Action: [...S3_OBJECT_ACTIONS], Resource: [fillTemplate('${Arn}/*', () => arn)] });
    if (bucket?.kmsKey) statements.push(bucket.kmsKey.statement(stack, `${sid}BucketKey`, S3_KEY_ACTIONS));
    if (key) statements.push(key.statement(stack, `${sid}Key`, S3_KEY_ACTIONS));
  };

  for (const [cfgKey, sid] of [
    ['ExtendedS3DestinationConfiguration', 'ExtendedS3'],
    ['S3DestinationConfiguration', 'S3'],
  ] as const) {
    if (!isMapping(props[cfgKey])) continue;
    const cfg: Props = { ...(props[cfgKey] as Props) };
    const withRole = managed(cfgKey);
    s3Configuration(cfg, [cfgKey], sid, withRole);
    if (cfgKey === 'ExtendedS3DestinationConfiguration' && isMapping(cfg.S3BackupConfiguration)) {
      const backup: Props = { ...(cfg.S3BackupConfiguration as Props) };
      s3Configuration(backup, [cfgKey, 'S3BackupConfiguration'], 'S3Backup', withRole);
      cfg.S3BackupConfiguration = backup;
    }
    const cw = cfg.CloudWatchLoggingOptions;
    if (withRole && !(isMapping(cw) && (cw.Enabled === false || cw.Enabled === 'false'))) {
      const streamId = `${id}${sid}LogStream`;
      if (!usesLogs) stack.add(logsId, { Type: 'AWS::Logs::LogGroup', Properties: {} });
      stack.add(streamId, { Type: 'AWS::Logs::LogStream', Properties: { LogGroupName: ref(logsId), LogStreamName: cfgKey } });
      cfg.CloudWatchLoggingOptions = { Enabled: true, LogGroupName: ref(logsId), LogStreamName: ref(streamId) };
      usesLogs = true;
    }
    props[cfgKey] = cfg;
  }

  for (const cfgKey of OTHER_CONFIGURATIONS) {
    if (props[cfgKey] === undefined || !managed(cfgKey)) continue;
    ctx.bag.warn({
      code: 'CXF2007',
      message: `${cfgKey} of delivery stream "${name}" is passed as written: it uses the role it names, and ecs-compose-x grants nothing for it`,
      ...at('Properties', cfgKey),
      hint: 'give its RoleARN a role with the permissions it needs; set MacroParameters.DoNotOverrideIamRole to silence this',
    });
  }

  if (usesLogs) {
    statements.push({ Sid: 'CloudWatchLogs', Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: [getAtt(logsId, 'Arn')] });
  }
  if (usesRole) {
    const iam = isMapping(macro['x-iam']) ? macro['x-iam'] : {};
    stack.add(roleId, {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': ref('AWS::AccountId') } } }],
        },
        Description: `Role of the Firehose delivery stream ${name}`,
        PermissionsBoundary: typeof iam.PermissionsBoundary === 'string' ? boundaryArn(iam.PermissionsBoundary) : undefined,
        Policies: statements.length > 0 ? [{ PolicyName: 'DeliveryStream', PolicyDocument: { Version: '2012-10-17', Statement: statements as unknown as CfnValue } }] : undefined,
      },
    });
  }

  stack.add(id, {
    Type: 'AWS::KinesisFirehose::DeliveryStream',
    ...retentionAttributes(deletionPolicy),
    Properties: props,
  });
  stack.expose(id, name, ATTRIBUTES, (attr) => (attr === 'DeliveryStreamId' ? ref(id) : getAtt(id, 'Arn')));
  return {
    name,
    attributes: ATTRIBUTES,
    kinesisSource,
    value: (consumer, attr) => stack.attribute(consumer, id, attr, `${attr === 'DeliveryStreamId' ? 'Name' : attr} of Firehose delivery stream ${name}`),
  };
}
