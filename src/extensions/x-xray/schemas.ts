/**
 * The loader's schemas for `x-xray` and its 1.x spelling `x-ray`: one definition (schema.json),
 * registered under each key at service level with its own $id.
 */
import type { AnySchemaObject } from 'ajv';
import base from './schema.json' with { type: 'json' };

export const XRAY_KEYS = ['x-xray', 'x-ray'] as const;

export const XRAY_SCHEMAS: { key: string; schema: AnySchemaObject }[] = XRAY_KEYS.map((key) => ({
  key,
  schema: {
    $schema: base.$schema,
    $id: `https://ecs-compose-x.local/schemas/${key}.json`,
    title: `services.<name>.${key}`,
    definitions: { ...base.definitions, service: { $ref: '#/definitions/xray' } },
  },
}));
