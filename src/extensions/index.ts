/**
 * The registry of x- extensions: the only place that names them. Two lists:
 * - EXTENSION_SCHEMAS: every x- key the loader accepts, with its JSON Schema (validation, and the
 *   known keys of each place: `definitions.<place>` of the schema);
 * - RENDER_ORDER: the extensions render applies, in order, each loaded on demand: an entry with
 *   `when` keys runs only for a project that mentions one of them (as a key anywhere, or in an
 *   `x-<module>::` pointer in any value); `always` entries run for every project. A project thus
 *   loads and compiles the code of the modules it uses, not of every module the tool has.
 */
import type { AnySchemaObject } from 'ajv';
import type { Mapping } from '../load/positions.js';
import type { Extension } from '../synth/context.js';
import xAcm from './x-acm/schema.json' with { type: 'json' };
import xCognitoUserpool from './x-cognito_userpool/schema.json' with { type: 'json' };
import xElbv2 from './x-elbv2/schema.json' with { type: 'json' };
import xRoute53 from './x-route53/schema.json' with { type: 'json' };
import xWafv2Webacl from './x-wafv2_webacl/schema.json' with { type: 'json' };
import xAlarms from './x-alarms/schema.json' with { type: 'json' };
import xDashboards from './x-dashboards/schema.json' with { type: 'json' };
import xCloudmap from './x-cloudmap/schema.json' with { type: 'json' };
import xCluster from './x-cluster/schema.json' with { type: 'json' };
import xEfs from './x-efs/schema.json' with { type: 'json' };
import xElasticache from './x-elasticache/schema.json' with { type: 'json' };
import xOpensearch from './x-opensearch/schema.json' with { type: 'json' };
import xDynamodb from './x-dynamodb/schema.json' with { type: 'json' };
import xEcr from './x-ecr/schema.json' with { type: 'json' };
import xDockerOpts from './x-docker_opts/schema.json' with { type: 'json' };
import xEnvironment from './x-environment/schema.json' with { type: 'json' };
import xEcs from './x-ecs/schema.json' with { type: 'json' };
import xEvents from './x-events/schema.json' with { type: 'json' };
import xIam from './x-iam/schema.json' with { type: 'json' };
import xAps from './x-aps/schema.json' with { type: 'json' };
import xCodeguruProfiler from './x-codeguru_profiler/schema.json' with { type: 'json' };
import xKinesis from './x-kinesis/schema.json' with { type: 'json' };
import xKinesisFirehose from './x-kinesis_firehose/schema.json' with { type: 'json' };
import xKms from './x-kms/schema.json' with { type: 'json' };
import xLogging from './x-logging/schema.json' with { type: 'json' };
import xPrometheus from './x-prometheus/schema.json' with { type: 'json' };
import xMonitoring from './x-prometheus/monitoring.schema.json' with { type: 'json' };
import xNetwork from './x-network/schema.json' with { type: 'json' };
import xS3 from './x-s3/schema.json' with { type: 'json' };
import xRds from './x-rds/schema.json' with { type: 'json' };
import xDocdb from './x-docdb/schema.json' with { type: 'json' };
import xNeptune from './x-neptune/schema.json' with { type: 'json' };
import xScaling from './x-scaling/schema.json' with { type: 'json' };
import xSecrets from './x-secrets/schema.json' with { type: 'json' };
import xSns from './x-sns/schema.json' with { type: 'json' };
import xSsmParameter from './x-ssm_parameter/schema.json' with { type: 'json' };
import xSqs from './x-sqs/schema.json' with { type: 'json' };
import xTags from './x-tags/schema.json' with { type: 'json' };
import xVpc from './x-vpc/schema.json' with { type: 'json' };
import { AWS_COMPAT_SCHEMAS } from './x-aws-compat/schemas.js';
import { XRAY_SCHEMAS } from './x-xray/schemas.js';

export interface ExtensionSchema {
  key: string;
  schema: AnySchemaObject;
}

export const EXTENSION_SCHEMAS: ExtensionSchema[] = [
  { key: 'x-acm', schema: xAcm },
  { key: 'x-alarms', schema: xAlarms },
  { key: 'x-aps', schema: xAps },
  { key: 'x-cloudmap', schema: xCloudmap },
  { key: 'x-cluster', schema: xCluster },
  { key: 'x-codeguru_profiler', schema: xCodeguruProfiler },
  { key: 'x-cognito_userpool', schema: xCognitoUserpool },
  { key: 'x-dashboards', schema: xDashboards },
  { key: 'x-docdb', schema: xDocdb },
  { key: 'x-docker_opts', schema: xDockerOpts },
  { key: 'x-dynamodb', schema: xDynamodb },
  { key: 'x-environment', schema: xEnvironment },
  { key: 'x-ecr', schema: xEcr },
  { key: 'x-ecs', schema: xEcs },
  { key: 'x-events', schema: xEvents },
  { key: 'x-efs', schema: xEfs },
  { key: 'x-elasticache', schema: xElasticache },
  { key: 'x-opensearch', schema: xOpensearch },
  { key: 'x-elbv2', schema: xElbv2 },
  { key: 'x-iam', schema: xIam },
  { key: 'x-kinesis', schema: xKinesis },
  { key: 'x-kinesis_firehose', schema: xKinesisFirehose },
  { key: 'x-kms', schema: xKms },
  { key: 'x-logging', schema: xLogging },
  { key: 'x-monitoring', schema: xMonitoring },
  { key: 'x-neptune', schema: xNeptune },
  { key: 'x-network', schema: xNetwork },
  { key: 'x-prometheus', schema: xPrometheus },
  { key: 'x-rds', schema: xRds },
  { key: 'x-route53', schema: xRoute53 },
  { key: 'x-s3', schema: xS3 },
  { key: 'x-scaling', schema: xScaling },
  { key: 'x-secrets', schema: xSecrets },
  { key: 'x-sns', schema: xSns },
  { key: 'x-ssm_parameter', schema: xSsmParameter },
  { key: 'x-sqs', schema: xSqs },
  { key: 'x-tags', schema: xTags },
  { key: 'x-vpc', schema: xVpc },
  { key: 'x-wafv2_webacl', schema: xWafv2Webacl },
  ...AWS_COMPAT_SCHEMAS,
  ...XRAY_SCHEMAS,
];

export interface Registered {
  /** The x- keys that make a project need it; `always`: every project. */
  when: readonly string[] | typeof always;
  load: () => Promise<Extension>;
}

const always = Symbol('always');

/**
 * Step-scaling plans (xAlarmSteps, x-sqs) are registered before x-scaling, which adds the policies.
 * x-events follows x-ecs (its targets run tasks the way the services would) and comes before
 * every module adding what hangs off a family's ECS service (x-cloudmap, x-scaling, x-alarms,
 * x-elbv2, x-dashboards, ...), which refuse it for a family it leaves without a service.
 * x-kms comes first: other modules resolve `x-kms::<key>` in their properties (shared/kms.ts)
 * while they build their resources; x-kinesis_firehose follows x-s3 and x-kinesis, whose
 * buckets and streams its properties name (`moduleResources`). finishModules follows the resource modules (x-sqs, x-s3, x-sns, ...): it resolves their
 * `x-<module>::<name>::<attribute>` pointers and finishes them. The managed sidecars (x-xray, FireLens, the CloudWatch agent of x-prometheus / x-monitoring)
 * come next, so what the modules give to every container of a family stays with the family's own
 * containers. x-network comes last: it places cross-family ingress rules from the stack order the others set. */
export const RENDER_ORDER: readonly Registered[] = [
  { when: ['x-kms'], load: async () => (await import('./x-kms/index.js')).xKms },
  { when: always, load: async () => (await import('./x-aws-compat/index.js')).xAwsCompat },
  { when: always, load: async () => (await import('./x-cluster/index.js')).xCluster },
  { when: always, load: async () => (await import('./x-ecs/index.js')).xEcs },
  { when: ['x-environment'], load: async () => (await import('./x-environment/index.js')).xEnvironment },
  { when: ['x-events'], load: async () => (await import('./x-events/index.js')).xEvents },
  { when: always, load: async () => (await import('./x-cloudmap/index.js')).xCloudmap },
  { when: ['x-sqs'], load: async () => (await import('./x-sqs/index.js')).xSqs },
  { when: ['x-sns'], load: async () => (await import('./x-sns/index.js')).xSns },
  { when: ['x-alarms'], load: async () => (await import('./x-alarms/index.js')).xAlarmSteps },
  { when: always, load: async () => (await import('./x-scaling/index.js')).xScaling },
  { when: ['x-alarms'], load: async () => (await import('./x-alarms/index.js')).xAlarms },
  { when: ['x-dashboards'], load: async () => (await import('./x-dashboards/index.js')).xDashboards },
  { when: always, load: async () => (await import('./x-secrets/index.js')).xSecrets },
  { when: ['x-s3'], load: async () => (await import('./x-s3/index.js')).xS3 },
  { when: ['x-kinesis'], load: async () => (await import('./x-kinesis/index.js')).xKinesis },
  { when: ['x-kinesis_firehose'], load: async () => (await import('./x-kinesis_firehose/index.js')).xKinesisFirehose },
  { when: ['x-codeguru_profiler'], load: async () => (await import('./x-codeguru_profiler/index.js')).xCodeguruProfiler },
  { when: ['x-rds'], load: async () => (await import('./x-rds/index.js')).xRds },
  { when: ['x-docdb'], load: async () => (await import('./x-docdb/index.js')).xDocdb },
  { when: ['x-neptune'], load: async () => (await import('./x-neptune/index.js')).xNeptune },
  { when: ['x-route53'], load: async () => (await import('./x-route53/index.js')).xRoute53 },
  { when: ['x-acm'], load: async () => (await import('./x-acm/index.js')).xAcm },
  { when: ['x-cognito_userpool'], load: async () => (await import('./x-cognito_userpool/index.js')).xCognitoUserpool },
  { when: ['x-elbv2'], load: async () => (await import('./x-elbv2/index.js')).xElbv2 },
  { when: ['x-wafv2_webacl'], load: async () => (await import('./x-wafv2_webacl/index.js')).xWafv2Webacl },
  { when: ['x-ssm_parameter'], load: async () => (await import('./x-ssm_parameter/index.js')).xSsmParameter },
  { when: ['x-elasticache'], load: async () => (await import('./x-elasticache/index.js')).xElasticache },
  { when: ['x-opensearch'], load: async () => (await import('./x-opensearch/index.js')).xOpensearch },
  { when: always, load: async () => (await import('./x-efs/index.js')).xEfs },
  { when: ['x-dynamodb'], load: async () => (await import('./x-dynamodb/index.js')).xDynamodb },
  { when: ['x-aps'], load: async () => (await import('./x-aps/index.js')).xAps },
  { when: always, load: async () => (await import('./shared/module.js')).finishModules },
  { when: ['x-xray', 'x-ray'], load: async () => (await import('./x-xray/index.js')).xXray },
  { when: always, load: async () => (await import('./x-logging/firelens.js')).xFireLens },
  { when: ['x-prometheus', 'x-monitoring'], load: async () => (await import('./x-prometheus/index.js')).xCloudWatchAgent },
  { when: always, load: async () => (await import('./x-network/index.js')).xNetwork },
];

/** The x- keys a project mentions: as keys at any depth, and as `x-<module>::` in any string. */
export function mentionedKeys(doc: Mapping): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.includes('x-')) for (const m of v.matchAll(POINTER)) out.add(m[1]);
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (k.startsWith('x-')) out.add(k);
        walk(item);
      }
    }
  };
  walk(doc);
  return out;
}

const POINTER = /(x-[A-Za-z0-9_]+)::/g;

/** For each entry of the render order, whether `doc` needs it (every entry without `doc`). */
export function neededMask(doc?: Mapping): boolean[] {
  const keys = doc === undefined ? undefined : mentionedKeys(doc);
  return RENDER_ORDER.map((r) => keys === undefined || r.when === always || r.when.some((k) => keys.has(k)));
}

/** The extensions that render `doc` (all of them without `doc`), in order, loading only those. */
export async function loadExtensions(doc?: Mapping): Promise<Extension[]> {
  const mask = neededMask(doc);
  return Promise.all(RENDER_ORDER.filter((_, i) => mask[i]).map((r) => r.load()));
}
