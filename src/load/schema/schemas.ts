/**
 * The JSON Schemas the loader validates with (the compose format and every x- extension),
 * registered in one Ajv instance and compiled lazily, once per process.
 *
 * Start-up time matters for the CLI: `npm run build` also writes `compiled/` next to this module
 * (scripts/compile-schemas.mjs: Ajv's standalone code, one file per schema), and validators are
 * loaded from it on first use, so Ajv is neither loaded nor run at start. Without it (e.g.
 * straight after tsc) the schemas are compiled on first use.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import type { Ajv, AnySchemaObject, ValidateFunction } from 'ajv';
import { requireCached } from './cached-module.js';
import composeSchema from './compose-spec.json' with { type: 'json' };
import commonSchema from './common.json' with { type: 'json' };
import xAcm from '../../extensions/x-acm/schema.json' with { type: 'json' };
import xCognitoUserpool from '../../extensions/x-cognito_userpool/schema.json' with { type: 'json' };
import xElbv2 from '../../extensions/x-elbv2/schema.json' with { type: 'json' };
import xRoute53 from '../../extensions/x-route53/schema.json' with { type: 'json' };
import xWafv2Webacl from '../../extensions/x-wafv2_webacl/schema.json' with { type: 'json' };
import xAlarms from '../../extensions/x-alarms/schema.json' with { type: 'json' };
import xDashboards from '../../extensions/x-dashboards/schema.json' with { type: 'json' };
import xCloudmap from '../../extensions/x-cloudmap/schema.json' with { type: 'json' };
import xCluster from '../../extensions/x-cluster/schema.json' with { type: 'json' };
import xEfs from '../../extensions/x-efs/schema.json' with { type: 'json' };
import xElasticache from '../../extensions/x-elasticache/schema.json' with { type: 'json' };
import xOpensearch from '../../extensions/x-opensearch/schema.json' with { type: 'json' };
import xDynamodb from '../../extensions/x-dynamodb/schema.json' with { type: 'json' };
import xEcr from '../../extensions/x-ecr/schema.json' with { type: 'json' };
import xDockerOpts from '../../extensions/x-docker_opts/schema.json' with { type: 'json' };
import xEnvironment from '../../extensions/x-environment/schema.json' with { type: 'json' };
import xEcs from '../../extensions/x-ecs/schema.json' with { type: 'json' };
import xEvents from '../../extensions/x-events/schema.json' with { type: 'json' };
import xIam from '../../extensions/x-iam/schema.json' with { type: 'json' };
import xAps from '../../extensions/x-aps/schema.json' with { type: 'json' };
import xCodeguruProfiler from '../../extensions/x-codeguru_profiler/schema.json' with { type: 'json' };
import xKinesis from '../../extensions/x-kinesis/schema.json' with { type: 'json' };
import xKinesisFirehose from '../../extensions/x-kinesis_firehose/schema.json' with { type: 'json' };
import xKms from '../../extensions/x-kms/schema.json' with { type: 'json' };
import xLogging from '../../extensions/x-logging/schema.json' with { type: 'json' };
import xPrometheus from '../../extensions/x-prometheus/schema.json' with { type: 'json' };
import xMonitoring from '../../extensions/x-prometheus/monitoring.schema.json' with { type: 'json' };
import xNetwork from '../../extensions/x-network/schema.json' with { type: 'json' };
import xS3 from '../../extensions/x-s3/schema.json' with { type: 'json' };
import xRds from '../../extensions/x-rds/schema.json' with { type: 'json' };
import xDocdb from '../../extensions/x-docdb/schema.json' with { type: 'json' };
import xNeptune from '../../extensions/x-neptune/schema.json' with { type: 'json' };
import databaseSchema from '../../extensions/shared/database/schema.json' with { type: 'json' };
import xScaling from '../../extensions/x-scaling/schema.json' with { type: 'json' };
import xSecrets from '../../extensions/x-secrets/schema.json' with { type: 'json' };
import xSns from '../../extensions/x-sns/schema.json' with { type: 'json' };
import xSsmParameter from '../../extensions/x-ssm_parameter/schema.json' with { type: 'json' };
import xSqs from '../../extensions/x-sqs/schema.json' with { type: 'json' };
import xTags from '../../extensions/x-tags/schema.json' with { type: 'json' };
import xVpc from '../../extensions/x-vpc/schema.json' with { type: 'json' };
import { AWS_COMPAT_SCHEMAS } from '../../extensions/x-aws-compat/schemas.js';
import { XRAY_SCHEMAS } from '../../extensions/x-xray/schemas.js';

/** Where an extension key may appear; each maps to `definitions.<place>` in its schema. */
export type ExtensionPlace = 'project' | 'service' | 'secret' | 'network' | 'volume';

interface ExtensionSchema {
  key: string;
  schema: AnySchemaObject;
}

const EXTENSION_SCHEMAS: ExtensionSchema[] = [
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

function definitionsOf(s: AnySchemaObject): Record<string, unknown> {
  const d: unknown = s.definitions;
  return typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};
}

/** Extension keys accepted at a place, derived from which schemas define `definitions.<place>`. */
export function extensionKeysFor(place: ExtensionPlace): string[] {
  return EXTENSION_SCHEMAS.filter((e) => place in definitionsOf(e.schema)).map((e) => e.key);
}

let ajv: Ajv | undefined;
const cache = new Map<string, ValidateFunction>();

function instance(): Ajv {
  if (!ajv) {
    // Tuned for start-up time: no ref inlining, no code optimisation and no meta-schema check
    // (the schemas are checked by the tests through `checkedAjv`).
    ajv = createAjv({ validateSchema: false });
  }
  return ajv;
}

const require = createRequire(import.meta.url);
const COMPILED_INDEX = new URL('./compiled/index.json', import.meta.url);

/** Every schema reference the loader validates against (for the build-time compilation). */
export function schemaRefs(): string[] {
  const refs = [String(composeSchema.$id)];
  for (const e of EXTENSION_SCHEMAS) {
    for (const place of Object.keys(definitionsOf(e.schema))) refs.push(`${String(e.schema.$id)}#/definitions/${place}`);
  }
  return refs;
}

let precompiledIndex: Record<string, string> | null | undefined;

/**
 * The validator compiled at build time for `ref`, loaded on first use; undefined without a build.
 * A valid document only loads the lean validator (`<name>.lean.cjs`: stops at the first error,
 * no messages); the full one, which reports every error, is loaded when the lean one says invalid.
 */
function precompiledValidator(ref: string): ValidateFunction | undefined {
  if (precompiledIndex === undefined) {
    precompiledIndex = existsSync(COMPILED_INDEX) ? (JSON.parse(readFileSync(COMPILED_INDEX, 'utf8')) as Record<string, string>) : null;
  }
  const name = precompiledIndex?.[ref];
  if (!name) return undefined;
  const load = (file: string) => (requireCached(new URL(`./compiled/${file}`, import.meta.url).pathname) as { validate: ValidateFunction }).validate;
  const lean = load(`${name}.lean.cjs`);
  let full: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    if (lean(data)) {
      validate.errors = null;
      return true;
    }
    full ??= load(`${name}.cjs`);
    const ok = full(data);
    validate.errors = full.errors;
    return ok;
  }) as ValidateFunction;
  validate.errors = null;
  return validate;
}

/** An Ajv instance holding every schema; `checkedAjv()` also validates them against the meta-schema. */
export function createAjv(extra: {
  validateSchema: boolean;
  code?: { source?: boolean; optimize?: boolean };
  allErrors?: boolean;
  verbose?: boolean;
  messages?: boolean;
}): Ajv {
  const mod = require('ajv') as { Ajv?: typeof Ajv; default: typeof Ajv };
  const AjvClass = mod.Ajv ?? mod.default;
  const a = new AjvClass({
    allErrors: true,
    verbose: true,
    strictTypes: false,
    allowUnionTypes: true,
    inlineRefs: false,
    code: { optimize: false },
    ...extra,
  });
  a.addSchema(commonSchema as AnySchemaObject);
  a.addSchema(databaseSchema as AnySchemaObject);
  a.addSchema(composeSchema as AnySchemaObject);
  for (const e of EXTENSION_SCHEMAS) a.addSchema(e.schema);
  return a;
}

/**
 * Compiles every schema with meta-schema validation on, so a malformed schema throws.
 * For tests; validation itself uses the faster lazily built instance.
 */
export function checkedAjv(): Ajv {
  const a = createAjv({ validateSchema: true });
  a.getSchema(String(composeSchema.$id));
  for (const e of EXTENSION_SCHEMAS) {
    for (const place of Object.keys(definitionsOf(e.schema))) {
      if (!a.getSchema(`${String(e.schema.$id)}#/definitions/${place}`)) throw new Error(`${e.key}: ${place}`);
    }
  }
  return a;
}

function compiled(ref: string): ValidateFunction {
  let v = cache.get(ref);
  if (!v) {
    const got = precompiledValidator(ref) ?? instance().getSchema(ref);
    if (!got) throw new Error(`schema not found: ${ref}`);
    v = got;
    cache.set(ref, v);
  }
  return v;
}

/** Validator of the whole compose document. */
export function composeValidator(): ValidateFunction {
  return compiled(String(composeSchema.$id));
}

/** Validator of extension `key` at `place`, or undefined when the extension is not known there. */
export function extensionValidator(key: string, place: ExtensionPlace): ValidateFunction | undefined {
  const e = EXTENSION_SCHEMAS.find((x) => x.key === key);
  if (!e || !(place in definitionsOf(e.schema))) return undefined;
  return compiled(`${String(e.schema.$id)}#/definitions/${place}`);
}
