/**
 * Turns Ajv validation errors into our diagnostics: one message per key path, the most
 * specific cause when a value can take several forms (oneOf / anyOf noise removed), human
 * type names, the source position, what was expected and a hint.
 */
import type { ErrorObject } from 'ajv';
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatPath, posAt } from '../positions.js';
import { SchemaCodes, type SchemaCode } from './codes.js';
import { didYouMean } from './suggest.js';
import { describeValue, joinOr, subject, typeName, typeWithArticle, valueType } from './wording.js';

export type KeyPath = Array<string | number>;

/** Where the validated value sits: `data` is found at `base` inside `root` (the raw document). */
export interface ErrorContext {
  root: unknown;
  base: KeyPath;
  data: unknown;
  bag: DiagnosticBag;
}

interface Located {
  err: ErrorObject;
  ptr: string;
  path: KeyPath;
}

export interface Finding {
  code: SchemaCode;
  path: KeyPath;
  message: string;
  expected?: string;
  hint?: string;
  rank: number;
  /** For type errors: the accepted JSON types and the type of the value found. */
  types?: { want: string[]; got: string };
}

/** Largest allowed-key list still shown in full under "expected". */
const MAX_LISTED_KEYS = 12;

export function reportSchemaErrors(errors: readonly ErrorObject[], ctx: ErrorContext): void {
  for (const f of findings(errors, ctx.data, ctx.base)) {
    ctx.bag.error({
      code: f.code,
      message: f.message,
      path: formatPath(f.path),
      pos: posAt(ctx.root, f.path),
      ...(f.expected !== undefined ? { expected: f.expected } : {}),
      ...(f.hint !== undefined ? { hint: f.hint } : {}),
    });
  }
}

/** The collapsed findings for a set of errors on `data`, with paths prefixed by `base`. */
export function findings(errors: readonly ErrorObject[], data: unknown, base: KeyPath = []): Finding[] {
  const all = errors.map((err) => locate(err, data, base));
  // Errors about a mapping key checked by `propertyNames`: Ajv reports them at the mapping's
  // path with the key as data (and sets `propertyName` only when the check was inlined).
  const badNames = new Set(
    all.filter((l) => l.err.keyword === 'propertyNames').map((l) => `${l.ptr}\u0000${String(l.err.params.propertyName)}`),
  );
  const innerNames = new Map<string, Located>();
  const wrappers: Located[] = [];
  const conflicts: Located[] = [];
  let leaves: Located[] = [];
  for (const l of all) {
    const k = l.err.keyword;
    const name = l.err.propertyName ?? (typeof l.err.data === 'string' ? l.err.data : undefined);
    const nameKey = `${l.ptr}\u0000${String(name)}`;
    if (k !== 'propertyNames' && name !== undefined && badNames.has(nameKey)) {
      if (!innerNames.has(nameKey)) innerNames.set(nameKey, l);
    } else if ((k === 'oneOf' || k === 'anyOf') && Array.isArray(l.err.params.passingSchemas)) {
      conflicts.push(l);
    } else if (k === 'oneOf' || k === 'anyOf') {
      wrappers.push(l);
    } else if (k !== 'if') {
      leaves.push(l);
    }
  }

  // A type error is noise when another branch matched the type: an error of another kind at
  // the same place, or any error deeper inside the value.
  leaves = leaves.filter((l) => {
    if (l.err.keyword !== 'type') return true;
    return !leaves.some(
      (o) => o !== l && ((o.ptr === l.ptr && o.err.keyword !== 'type') || o.ptr.startsWith(l.ptr + '/')),
    );
  });

  const out: Finding[] = [];

  // Missing keys, one message per mapping: plain required keys, and alternatives that are
  // each "a required key" (oneOf / anyOf of `required`) listed as a choice.
  const missing = new Map<string, { path: KeyPath; keys: string[]; choices: string[][] }>();
  const slot = (l: Located) => {
    let m = missing.get(l.ptr);
    if (!m) missing.set(l.ptr, (m = { path: l.path, keys: [], choices: [] }));
    return m;
  };
  const grouped = new Set<Located>();
  for (const w of wrappers) {
    const members = leaves.filter(
      (l) => l.err.keyword === 'required' && l.ptr === w.ptr && l.err.schemaPath.startsWith(w.err.schemaPath + '/'),
    );
    if (members.length < 2) continue;
    members.forEach((m) => grouped.add(m));
    slot(w).choices.push(unique(members.map((m) => String(m.err.params.missingProperty))));
  }
  for (const l of leaves) {
    if (l.err.keyword === 'required' && !grouped.has(l)) slot(l).keys.push(String(l.err.params.missingProperty));
  }
  for (const m of missing.values()) out.push(missingFinding(m.path, unique(m.keys), m.choices));
  leaves = leaves.filter((l) => l.err.keyword !== 'required');

  for (const c of conflicts) out.push(conflictFinding(c));

  // Everything else: group by the path it is about, keep the most specific.
  const byPath = new Map<string, Finding[]>();
  for (const l of leaves) {
    const f = leafFinding(l, innerNames);
    const key = JSON.stringify(f.path);
    const list = byPath.get(key) ?? [];
    list.push(f);
    byPath.set(key, list);
  }
  for (const list of byPath.values()) out.push(mostSpecific(list));

  // A failed alternative with nothing more specific below it.
  for (const w of wrappers) {
    const explained = out.some((f) => startsWith(f.path, w.path));
    if (!explained) {
      out.push({
        code: SchemaCodes.NoMatchingForm,
        path: w.path,
        message: `${subject(w.path)} does not match any accepted form`,
        rank: 6,
      });
    }
  }

  // One message per path.
  const seen = new Map<string, Finding>();
  for (const f of out) {
    const key = JSON.stringify(f.path);
    const prev = seen.get(key);
    if (!prev || f.rank < prev.rank) seen.set(key, f);
  }
  return [...seen.values()];
}

function mostSpecific(list: Finding[]): Finding {
  const types = list.filter((f) => f.code === SchemaCodes.WrongType);
  if (types.length === list.length && types.length > 1) {
    // Several accepted types and the value has none of them: list them all.
    const want = unique(types.flatMap((t) => t.types?.want ?? []));
    const first = types[0];
    return {
      ...typeFinding(first.path, want, first.types?.got ?? 'value'),
      hint: types.find((t) => t.hint !== undefined)?.hint,
    };
  }
  return [...list].sort((a, b) => a.rank - b.rank)[0];
}

function missingFinding(path: KeyPath, keys: string[], choices: string[][]): Finding {
  const tick = (ks: string[]) => ks.map((k) => `\`${k}\``).join(', ');
  const parts: string[] = [];
  const expected: string[] = [];
  if (keys.length > 0) {
    parts.push(`required key${keys.length > 1 ? 's' : ''} ${tick(keys)}`);
    expected.push(`key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`);
  }
  for (const c of choices) {
    parts.push(`one of ${tick(c)}`);
    expected.push(`one of: ${c.join(', ')}`);
  }
  return {
    code: SchemaCodes.MissingKey,
    path,
    message: `${subject(path)} is missing ${parts.join(' and ')}`,
    expected: expected.join('; '),
    rank: 0,
  };
}

function conflictFinding(c: Located): Finding {
  const branches: unknown = c.err.schema;
  const passing = c.err.params.passingSchemas as number[];
  const keys: string[] = [];
  if (Array.isArray(branches)) {
    for (const i of passing) {
      const b: unknown = branches[i];
      const req = isObject(b) && Array.isArray(b.required) ? b.required : undefined;
      if (req && req.length === 1 && Object.keys(b as object).length === 1) keys.push(String(req[0]));
    }
  }
  if (keys.length === passing.length && keys.length > 1) {
    const allKeys = Array.isArray(branches)
      ? branches.flatMap((b: unknown) => (isObject(b) && Array.isArray(b.required) ? b.required.map(String) : []))
      : keys;
    return {
      code: SchemaCodes.ConflictingKeys,
      path: c.path,
      message: `${keys.map((k) => `\`${k}\``).join(' and ')} cannot be used together in ${subject(c.path)}`,
      expected: `only one of: ${unique(allKeys).join(', ')}`,
      rank: 1,
    };
  }
  return {
    code: SchemaCodes.NoMatchingForm,
    path: c.path,
    message: `${subject(c.path)} matches more than one accepted form`,
    rank: 6,
  };
}

function leafFinding(l: Located, innerNames: Map<string, Located>): Finding {
  const { err, path } = l;
  const p = err.params as Record<string, unknown>;
  const parent: Record<string, unknown> = isObject(err.parentSchema) ? err.parentSchema : {};
  const value = err.data;
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = isObject(parent.properties) ? Object.keys(parent.properties) : [];
      const where = path.length === 0 ? 'at the top level' : `in ${subject(path)}`;
      const extensible = isObject(parent.patternProperties) && '^x-' in parent.patternProperties;
      return {
        code: SchemaCodes.UnknownKey,
        path: [...path, key],
        message: `unknown key \`${key}\` ${where}`,
        expected:
          allowed.length > 0 && allowed.length <= MAX_LISTED_KEYS ? `one of: ${allowed.join(', ')}` : undefined,
        hint:
          didYouMean(key, allowed) ??
          (extensible && allowed.length > MAX_LISTED_KEYS ? 'custom keys must start with `x-`' : undefined),
        rank: 0,
      };
    }
    case 'propertyNames': {
      const name = String(p.propertyName);
      const inner = innerNames.get(`${l.ptr}\u0000${name}`);
      return {
        code: SchemaCodes.InvalidName,
        path: [...path, name],
        message: `invalid name \`${name}\` in ${subject(path)}`,
        expected: inner ? expectedOf(inner.err) : undefined,
        rank: 0,
      };
    }
    case 'type': {
      const want = String(p.type).split(',');
      const hint =
        want.includes('string') && (typeof value === 'number' || typeof value === 'boolean')
          ? `quote the value to make it a string: "${String(value)}"`
          : undefined;
      return { ...typeFinding(path, want, valueType(value)), hint };
    }
    case 'enum':
    case 'const': {
      const allowed = err.keyword === 'enum' ? (p.allowedValues as unknown[]) : [p.allowedValue];
      return {
        code: SchemaCodes.InvalidValue,
        path,
        message: `${subject(path)} has an invalid value ${describeValue(value)}`,
        expected: `one of: ${allowed.map(String).join(', ')}`,
        hint: didYouMean(String(value), allowed.map(String)),
        rank: 2,
      };
    }
    case 'pattern':
    case 'format':
      return {
        code: SchemaCodes.BadFormat,
        path,
        message: `${subject(path)} has an invalid value ${describeValue(value)}`,
        expected: expectedOf(err),
        rank: 3,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
      return {
        code: SchemaCodes.OutOfRange,
        path,
        message: `${subject(path)} is out of range: ${describeValue(value)}`,
        expected: rangeOf(parent, err),
        rank: 4,
      };
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
      return sizeFinding(err.keyword, path, Number(p.limit));
    case 'uniqueItems': {
      const [first, dup] = [Number(p.i), Number(p.j)].sort((a, b) => a - b);
      return {
        code: SchemaCodes.DuplicateItems,
        path: [...path, dup],
        message: `${subject([...path, dup])} repeats ${subject([...path, first])}`,
        expected: 'unique items',
        rank: 4,
      };
    }
    case 'dependencies':
    case 'dependentRequired':
      return {
        code: SchemaCodes.MissingDependency,
        path: [...path, String(p.property)],
        message: `\`${String(p.property)}\` requires \`${String(p.missingProperty)}\` in ${subject(path)}`,
        expected: `key \`${String(p.missingProperty)}\` as well`,
        rank: 1,
      };
    case 'not': {
      const s: unknown = err.schema;
      const req = isObject(s) && Array.isArray(s.required) ? s.required.map(String) : undefined;
      if (req && req.length > 1) {
        return {
          code: SchemaCodes.ConflictingKeys,
          path,
          message: `${req.map((k) => `\`${k}\``).join(' and ')} cannot be used together in ${subject(path)}`,
          expected: `only one of: ${req.join(', ')}`,
          rank: 1,
        };
      }
      break;
    }
  }
  return {
    code: SchemaCodes.SchemaViolation,
    path,
    message: `${subject(path)} ${err.message ?? 'is not valid'}`,
    rank: 6,
  };
}

function typeFinding(path: KeyPath, want: string[], got: string): Finding {
  return {
    code: SchemaCodes.WrongType,
    path,
    message: `${subject(path)} must be ${joinOr(want.map(typeWithArticle))}, not ${typeWithArticle(got)}`,
    expected: want.map(typeName).join(' or '),
    rank: 5,
    types: { want, got },
  };
}

function sizeFinding(keyword: string, path: KeyPath, limit: number): Finding {
  const what: Record<string, [string, string]> = {
    minLength: ['at least', 'character'],
    maxLength: ['at most', 'character'],
    minItems: ['at least', 'item'],
    maxItems: ['at most', 'item'],
    minProperties: ['at least', 'entry'],
    maxProperties: ['at most', 'entry'],
  };
  const [bound, unit] = what[keyword];
  const units = limit === 1 ? unit : unit === 'entry' ? 'entries' : `${unit}s`;
  const message =
    keyword === 'minLength' && limit === 1
      ? `${subject(path)} must not be empty`
      : `${subject(path)} must have ${bound} ${limit} ${units}`;
  return { code: SchemaCodes.BadSize, path, message, expected: `${bound} ${limit} ${units}`, rank: 4 };
}

function expectedOf(err: ErrorObject): string {
  const parent: unknown = err.parentSchema;
  if (isObject(parent) && typeof parent.description === 'string') return parent.description;
  const pattern = (err.params as Record<string, unknown>).pattern;
  return typeof pattern === 'string' ? `a value matching ${pattern}` : 'a valid value';
}

function rangeOf(parent: Record<string, unknown>, err: ErrorObject): string {
  const lo = typeof parent.minimum === 'number' ? `>= ${parent.minimum}` : typeof parent.exclusiveMinimum === 'number' ? `> ${parent.exclusiveMinimum}` : '';
  const hi = typeof parent.maximum === 'number' ? `<= ${parent.maximum}` : typeof parent.exclusiveMaximum === 'number' ? `< ${parent.exclusiveMaximum}` : '';
  if (lo && hi) return `a number ${lo} and ${hi}`;
  if (lo || hi) return `a number ${lo || hi}`;
  const p = err.params as Record<string, unknown>;
  return `a number ${String(p.comparison ?? '')} ${String(p.limit ?? '')}`.trim();
}

function locate(err: ErrorObject, data: unknown, base: KeyPath): Located {
  const segs = err.instancePath === '' ? [] : err.instancePath.slice(1).split('/').map(unescapePointer);
  const path: KeyPath = [...base];
  let node: unknown = data;
  for (const s of segs) {
    const key: string | number = Array.isArray(node) && /^\d+$/.test(s) ? Number(s) : s;
    path.push(key);
    node = isObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[key] : undefined;
  }
  return { err, ptr: err.instancePath, path };
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function startsWith(path: KeyPath, prefix: KeyPath): boolean {
  return prefix.every((k, i) => path[i] === k);
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
