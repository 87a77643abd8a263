/**
 * The loader's schemas for the ECS-plugin keys. The loader registers one schema per extension
 * key, keyed `definitions.<place>`; schema.json holds one definition per key, and each schema
 * here wraps it under its place (`service`, or `project` for x-aws-cluster), with its own $id.
 * The registry (src/extensions/index.ts) lists `...AWS_COMPAT_SCHEMAS` in EXTENSION_SCHEMAS, which
 * validates them and lists them as known extension keys.
 */
import type { AnySchemaObject } from 'ajv';
import base from './schema.json' with { type: 'json' };

/** Where each key is written (the place of its loader schema). */
export const AWS_COMPAT_PLACES = {
  'x-aws-role': 'service',
  'x-aws-policies': 'service',
  'x-aws-autoscaling': 'service',
  'x-aws-logs_retention': 'service',
  'x-aws-min_percent': 'service',
  'x-aws-max_percent': 'service',
  'x-aws-pull_credentials': 'service',
  'x-aws-cluster': 'project',
} as const;

export type AwsCompatKey = keyof typeof AWS_COMPAT_PLACES;

export const AWS_COMPAT_SCHEMAS: { key: string; schema: AnySchemaObject }[] = Object.entries(AWS_COMPAT_PLACES).map(([key, place]) => ({
  key,
  schema: {
    $schema: base.$schema,
    $id: `https://ecs-compose-x.local/schemas/${key}.json`,
    title: key,
    definitions: { ...base.definitions, [place]: { $ref: `#/definitions/${key}` } },
  },
}));
