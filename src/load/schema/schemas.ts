/**
 * The JSON Schemas the loader validates with (the compose format and every x- extension),
 * registered in one Ajv instance and compiled lazily, once per process.
 */
import { Ajv, type AnySchemaObject, type ValidateFunction } from 'ajv';
import composeSchema from './compose-spec.json' with { type: 'json' };
import commonSchema from './common.json' with { type: 'json' };
import xAlarms from '../../extensions/x-alarms/schema.json' with { type: 'json' };
import xCloudmap from '../../extensions/x-cloudmap/schema.json' with { type: 'json' };
import xCluster from '../../extensions/x-cluster/schema.json' with { type: 'json' };
import xEcs from '../../extensions/x-ecs/schema.json' with { type: 'json' };
import xIam from '../../extensions/x-iam/schema.json' with { type: 'json' };
import xLogging from '../../extensions/x-logging/schema.json' with { type: 'json' };
import xNetwork from '../../extensions/x-network/schema.json' with { type: 'json' };
import xS3 from '../../extensions/x-s3/schema.json' with { type: 'json' };
import xScaling from '../../extensions/x-scaling/schema.json' with { type: 'json' };
import xSecrets from '../../extensions/x-secrets/schema.json' with { type: 'json' };
import xSns from '../../extensions/x-sns/schema.json' with { type: 'json' };
import xTags from '../../extensions/x-tags/schema.json' with { type: 'json' };
import xVpc from '../../extensions/x-vpc/schema.json' with { type: 'json' };

/** Where an extension key may appear; each maps to `definitions.<place>` in its schema. */
export type ExtensionPlace = 'project' | 'service' | 'secret' | 'network';

interface ExtensionSchema {
  key: string;
  schema: AnySchemaObject;
}

const EXTENSION_SCHEMAS: ExtensionSchema[] = [
  { key: 'x-alarms', schema: xAlarms },
  { key: 'x-cloudmap', schema: xCloudmap },
  { key: 'x-cluster', schema: xCluster },
  { key: 'x-ecs', schema: xEcs },
  { key: 'x-iam', schema: xIam },
  { key: 'x-logging', schema: xLogging },
  { key: 'x-network', schema: xNetwork },
  { key: 'x-s3', schema: xS3 },
  { key: 'x-scaling', schema: xScaling },
  { key: 'x-secrets', schema: xSecrets },
  { key: 'x-sns', schema: xSns },
  { key: 'x-tags', schema: xTags },
  { key: 'x-vpc', schema: xVpc },
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
    ajv = new Ajv({ allErrors: true, verbose: true, strictTypes: false, allowUnionTypes: true });
    ajv.addSchema(commonSchema as AnySchemaObject);
    ajv.addSchema(composeSchema as AnySchemaObject);
    for (const e of EXTENSION_SCHEMAS) ajv.addSchema(e.schema);
  }
  return ajv;
}

function compiled(ref: string): ValidateFunction {
  let v = cache.get(ref);
  if (!v) {
    const got = instance().getSchema(ref);
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
