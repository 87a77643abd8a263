/**
 * The JSON Schemas the loader validates with (the compose format and every x- extension),
 * registered in one Ajv instance and compiled lazily, once per process.
 *
 * Start-up time matters for the CLI: `npm run build` also writes `compiled/` next to this module
 * (scripts/compile-schemas.mjs: Ajv's standalone code, a lean and a full file per schema), and validators are
 * loaded from it on first use, so Ajv is neither loaded nor run at start. Without it (e.g.
 * straight after tsc) the schemas are compiled on first use.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import type { Ajv, AnySchemaObject, ValidateFunction } from 'ajv';
import { requireCached } from './cached-module.js';
import { EXTENSION_SCHEMAS } from '../../extensions/index.js';
import composeSchema from './compose-spec.json' with { type: 'json' };
import commonSchema from './common.json' with { type: 'json' };
import databaseSchema from '../../extensions/shared/database/schema.json' with { type: 'json' };

/** Where an extension key may appear; each maps to `definitions.<place>` in its schema. */
export type ExtensionPlace = 'project' | 'service' | 'secret' | 'network' | 'volume';

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
