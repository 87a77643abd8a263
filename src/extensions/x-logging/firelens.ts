/**
 * FireLens: the containers of a family that log with the `awsfirelens` driver (compose
 * `logging.driver: awsfirelens`, or `x-logging.FireLens.Shorthands.ReplaceAwsLogs`) send their
 * logs through a Fluent Bit log router the family gets as a managed sidecar
 * (src/synth/sidecars.ts). The outputs named in the driver options (CloudWatch Logs, Firehose,
 * Kinesis, S3) get task role rights on the named destination only (outputs.ts); a Firehose,
 * Kinesis or S3 destination may be a resource of the project (`x-kinesis_firehose::<name>`, ...).
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { sub } from '../../cfn/intrinsics.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { ContainerModel } from '../../model/types.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import { addSidecar, appContainers } from '../../synth/sidecars.js';
import { addModuleOutputs } from '../shared/stack.js';
import { outputRights, resolvePointers } from './outputs.js';

export const LOG_ROUTER_NAME = 'log_router';
export const FLUENT_BIT_IMAGE = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable';
/** Advanced settings that need the Fluent Bit configuration file 1.x generates: not rendered. */
const NEEDS_GENERATED_CONFIG = ['SourceFile', 'ParserFiles', 'ComposeXManagedAwsDestinations', 'GracePeriod'];

interface FamilyFireLens {
  /** Where the family's FireLens settings start (for diagnostics). */
  at: (string | number)[];
  replaceAwsLogs: Set<string>;
  config?: { value: Mapping; at: (string | number)[] };
  env: Record<string, CfnValue>;
  apiHealthCheck: boolean;
  bufferLimit?: number;
}

export const xFireLens: Extension = {
  name: 'x-logging FireLens',
  apply(ctx) {
    for (const fs of ctx.families.values()) firelensFamily(fs, ctx);
    // outputs of the module stacks that FireLens destinations read (x-kinesis_firehose, x-kinesis, x-s3)
    addModuleOutputs(ctx);
  },
};

function settingsOf(fs: FamilyStack, ctx: RenderContext): FamilyFireLens | undefined {
  let out: FamilyFireLens | undefined;
  for (const { service, value } of fs.family.extensions['x-logging'] ?? []) {
    if (!isMapping(value) || !isMapping(value.FireLens)) continue;
    const at = ['services', service, 'x-logging', 'FireLens'];
    const s = (out ??= { at, replaceAwsLogs: new Set(), env: {}, apiHealthCheck: false });
    const short = isMapping(value.FireLens.Shorthands) ? value.FireLens.Shorthands : undefined;
    const adv = isMapping(value.FireLens.Advanced) ? value.FireLens.Advanced : undefined;
    if (short?.ReplaceAwsLogs === true) s.replaceAwsLogs.add(service);
    for (const [block, name] of [[short, 'Shorthands'], [adv, 'Advanced']] as const) {
      if (block && isMapping(block.FirelensConfiguration)) s.config ??= { value: block.FirelensConfiguration, at: [...at, name, 'FirelensConfiguration'] };
    }
    if (!adv) continue;
    if (adv.EnableApiHeathCheck === true) s.apiHealthCheck = true;
    if (typeof adv.LogDriverBufferLimit === 'number') s.bufferLimit = Math.max(s.bufferLimit ?? 0, adv.LogDriverBufferLimit);
    if (isMapping(adv.EnvironmentVariables)) {
      for (const [k, v] of Object.entries(adv.EnvironmentVariables)) s.env[k] ??= v as CfnValue;
    }
    for (const key of NEEDS_GENERATED_CONFIG) {
      if (!(key in adv)) continue;
      const path = [...at, 'Advanced', key];
      ctx.bag.warn({
        code: 'CXO2004',
        message: `x-logging.FireLens.Advanced.${key} is not rendered: it needs the Fluent Bit configuration file that ECS Compose-X 1.x generates`,
        path: formatPath(path),
        pos: posAt(ctx.doc, path),
        hint: 'give the log router a configuration file of your own (FirelensConfiguration.Options config-file-type / config-file-value), and the outputs with logging.driver: awsfirelens options',
      });
    }
  }
  return out;
}

function firelensFamily(fs: FamilyStack, ctx: RenderContext): void {
  const settings = settingsOf(fs, ctx);
  const apps = appContainers(fs);
  const replaced = new Set<string>();
  for (const c of apps) {
    if (c.log.firelens !== undefined || !settings?.replaceAwsLogs.has(c.name)) continue;
    c.log.firelens = replacingAwsLogs(c);
    replaced.add(c.name);
  }
  const routed = apps.filter((c) => c.log.firelens !== undefined);
  if (!settings && routed.length === 0) return;
  const first = routed[0]?.name;
  const at = settings?.at ?? ['services', first as string, 'logging', 'driver'];

  const config = routerConfiguration(fs, ctx, settings);
  if (!config) return;
  const added = addSidecar(
    fs,
    {
      name: LOG_ROUTER_NAME,
      image: FLUENT_BIT_IMAGE,
      // The log router is essential: a task whose logs can no longer be shipped is stopped.
      essential: true,
      cpuUnits: 102,
      memoryMiB: 64,
      memoryReservationMiB: 32,
      healthCheck: settings?.apiHealthCheck
        ? { command: ['CMD-SHELL', 'curl -sf http://127.0.0.1:2020/api/v1/health || exit 1'], interval: 15, timeout: 10, retries: 3, startPeriod: 30 }
        : { command: ['CMD-SHELL', 'echo \'{"health": "check"}\' | nc 127.0.0.1 8877 || exit 1'], interval: 10, timeout: 5, retries: 3, startPeriod: 15 },
      appsWaitFor: 'HEALTHY',
      reachedByApps: false,
      properties: { FirelensConfiguration: config.value },
    },
    ctx,
    at,
    'CXO2002',
  );
  if (!added) return;
  for (const [k, v] of Object.entries(settings?.env ?? {})) fs.addEnvironment(LOG_ROUTER_NAME, k, v);

  for (const c of routed) {
    const opts = c.log.firelens as Record<string, string>;
    const where = replaced.has(c.name) ? ['services', c.name, 'x-logging', 'FireLens', 'Shorthands', 'ReplaceAwsLogs'] : ['services', c.name, 'logging', 'options'];
    const name = opts.Name;
    const resolved = resolvePointers(ctx, fs, name, opts, c.name, where);
    const options: Record<string, CfnValue> = resolved?.options ?? { ...opts };
    if (name === undefined && Object.keys(opts).length > 0) {
      // 1.x rejects these too: the options become a Fluent Bit output, which needs a Name.
      ctx.bag.error({
        code: 'CXO1006',
        message: `the awsfirelens logging options of "${c.name}" have no Name (the Fluent Bit output)`,
        path: formatPath(where),
        pos: posAt(ctx.doc, where),
        expected: 'Name: cloudwatch_logs, kinesis_firehose, kinesis_streams, s3, ... with its settings',
        hint: 'add Name, or remove the options to use only the outputs of the router configuration file',
      });
    } else if (name === undefined) {
      if (!config.hasFile) {
        ctx.bag.warn({
          code: 'CXO2003',
          message: `"${c.name}" logs through FireLens without an output (no Name in its logging options), and the log router has no configuration file: its logs go nowhere`,
          path: formatPath(['services', c.name, 'logging', 'driver']),
          pos: posAt(ctx.doc, ['services', c.name, 'logging', 'driver']),
          hint: 'add logging.options.Name (cloudwatch, firehose, kinesis, s3, ...) and its settings',
        });
      }
    } else if (resolved) {
      const rights = outputRights(name, opts, c.name, resolved.arn);
      if (rights.missing) {
        const path = [...where, 'Name'];
        ctx.bag.error({
          code: 'CXO1005',
          message: `FireLens output ${name} of "${c.name}" has no ${rights.missing}`,
          path: formatPath(path),
          pos: posAt(ctx.doc, path) ?? posAt(ctx.doc, where),
          expected: `logging.options.${rights.missing}`,
          hint: `add ${rights.missing}: <name> to the logging options`,
        });
      }
      for (const [k, v] of Object.entries(rights.defaults)) if (!(k in options)) options[k] = v;
      for (const st of rights.statements) fs.addStatement('task', 'FireLensOutputs', st);
    }
    if (settings?.bufferLimit !== undefined) options['log-driver-buffer-limit'] = String(settings.bufferLimit);
    fs.setContainerProperty(c.name, 'LogConfiguration', Object.keys(options).length > 0 ? { LogDriver: 'awsfirelens', Options: options } : { LogDriver: 'awsfirelens' });
  }
}

/** The awsfirelens options that send to CloudWatch Logs where awslogs would have (ReplaceAwsLogs). */
function replacingAwsLogs(c: ContainerModel): Record<string, string> {
  const out: Record<string, string> = { Name: 'cloudwatch_logs', log_stream_prefix: `${c.log.options['awslogs-stream-prefix'] ?? c.name}/` };
  if (c.log.group) {
    out.log_group_name = c.log.group;
    out.auto_create_group = 'true';
  }
  return out;
}

/** The router's FirelensConfiguration; undefined after an error. */
function routerConfiguration(fs: FamilyStack, ctx: RenderContext, settings: FamilyFireLens | undefined): { value: CfnValue; hasFile: boolean } | undefined {
  const given = settings?.config?.value;
  const type = typeof given?.Type === 'string' ? given.Type : 'fluentbit';
  const options: Record<string, string> = { 'enable-ecs-log-metadata': 'true' };
  if (isMapping(given?.Options)) for (const [k, v] of Object.entries(given.Options)) options[k] = String(v);
  const fileType = options['config-file-type'];
  const file = options['config-file-value'];
  if (fileType === 's3' && file !== undefined) {
    const path = [...(settings?.config?.at ?? []), 'Options', 'config-file-type'];
    if (fs.family.platform === 'FARGATE') {
      ctx.bag.error({
        code: 'CXO1002',
        message: `the FireLens configuration file of task family "${fs.family.name}" is in S3, which Fargate tasks cannot read it from`,
        path: formatPath(path),
        pos: posAt(ctx.doc, path),
        expected: 'config-file-type: file on Fargate',
        hint: 'put the file in the log router image and use config-file-type: file, or run the family on EC2',
      });
      return undefined;
    }
    const m = /^arn:aws[a-z-]*:s3:::([^/]+)\/(.+)$/.exec(file);
    if (!m) {
      const valuePath = [...(settings?.config?.at ?? []), 'Options', 'config-file-value'];
      ctx.bag.error({
        code: 'CXO1004',
        message: `FireLens config-file-value ${JSON.stringify(file)} is not the ARN of an S3 object`,
        path: formatPath(valuePath),
        pos: posAt(ctx.doc, valuePath),
        expected: 'arn:aws:s3:::<bucket>/<key>',
      });
      return undefined;
    }
    // The ECS agent fetches the file with the execution role.
    fs.addStatement('exec', 'FireLensConfigurationFile', { Sid: 'FireLensConfigObject', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [sub(`arn:\${AWS::Partition}:s3:::${m[1]}/${m[2]}`)] });
    fs.addStatement('exec', 'FireLensConfigurationFile', { Sid: 'FireLensConfigBucket', Effect: 'Allow', Action: ['s3:GetBucketLocation'], Resource: [sub(`arn:\${AWS::Partition}:s3:::${m[1]}`)] });
  }
  return { value: { Type: type, Options: options }, hasFile: file !== undefined };
}
