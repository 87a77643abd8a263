/**
 * Variable interpolation (compose spec) for one string and for a whole raw compose tree.
 *
 * Syntax: `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`,
 * `${NAME+alt}`, `${NAME:?message}`, `${NAME?message}`, `$$` for a literal `$`. The text after
 * an operator is itself a template (nesting); the end of a `${...}` is found by brace counting.
 * ECS Compose-X additions: `${!NAME}` yields the literal text `${NAME}`, and `${AWS::...}` is
 * kept as written for CloudFormation. The output is final: it is never interpolated again.
 *
 * The tree walker interpolates string values only (never mapping keys), keeps source positions,
 * reports problems as diagnostics and then casts the values at typed paths (replicas, booleans…)
 * the way docker compose does.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { carryAll, formatPath, keyPos } from './positions.js';
import { OverrideTag, ResetTag } from './tags.js';

/** Value of a variable: `undefined` when unset, `""` when set but empty. */
export type VarLookup = (name: string) => string | undefined;

export type InterpolationErrorKind = 'required' | 'syntax';

/** A template that cannot be interpolated: bad syntax, or a required variable without a value. */
export class InterpolationError extends Error {
  readonly kind: InterpolationErrorKind;
  readonly variable?: string;
  readonly hint: string;

  constructor(kind: InterpolationErrorKind, message: string, hint: string, variable?: string) {
    super(message);
    this.name = 'InterpolationError';
    this.kind = kind;
    this.hint = hint;
    if (variable !== undefined) this.variable = variable;
  }
}

export interface InterpolationResult {
  value: string;
  /** Names of variables that were unset and had no default, in order of first use. */
  unset: string[];
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;
const NAME_START = /[_a-zA-Z]/;
const MAX_NESTING = 64;

export const SYNTAX_HINT = 'to write a literal "$", escape it as "$$"';
export const SYNTAX_EXPECTED =
  'a placeholder such as $NAME, ${NAME}, ${NAME:-default}, ${NAME:+alternative} or ${NAME:?message}';

type Operator = ':-' | '-' | ':+' | '+' | ':?' | '?';

type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string; op?: Operator; arg: Segment[] };

interface Template {
  segments: Segment[];
  /** True when the text holds at least one variable reference. */
  hasVariables: boolean;
}

/** Interpolates one string. Throws InterpolationError on bad syntax or a missing required value. */
export function interpolateString(text: string, lookup: VarLookup): InterpolationResult {
  const { value, unset } = interpolateDetailed(text, lookup);
  return { value, unset };
}

function interpolateDetailed(text: string, lookup: VarLookup): InterpolationResult & { hasVariables: boolean } {
  if (!text.includes('$')) return { value: text, unset: [], hasVariables: false };
  const template = parseTemplate(text);
  const unset: string[] = [];
  const value = evaluate(template.segments, lookup, unset);
  return { value, unset, hasVariables: template.hasVariables };
}

function parseTemplate(text: string): Template {
  const state = { hasVariables: false };
  const segments = parseSegments(text, 0, state);
  return { segments, hasVariables: state.hasVariables };
}

function parseSegments(text: string, depth: number, state: { hasVariables: boolean }): Segment[] {
  if (depth > MAX_NESTING) {
    throw new InterpolationError(
      'syntax',
      `invalid interpolation format: placeholders are nested more than ${MAX_NESTING} levels deep`,
      SYNTAX_HINT,
    );
  }
  const out: Segment[] = [];
  let literal = '';
  let i = 0;
  const flush = (): void => {
    if (literal) out.push({ kind: 'text', text: literal });
    literal = '';
  };
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) {
      literal += text.slice(i);
      break;
    }
    literal += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      literal += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = matchingBrace(text, dollar + 2);
      if (close < 0) throw invalidFormat(text.slice(dollar));
      const inner = text.slice(dollar + 2, close);
      const segment = parseBraced(inner, text.slice(dollar, close + 1), depth, state);
      if (segment.kind === 'text') literal += segment.text;
      else {
        flush();
        out.push(segment);
      }
      i = close + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      const name = (NAME.exec(text.slice(dollar + 1)) as RegExpExecArray)[0];
      flush();
      out.push({ kind: 'var', name, arg: [] });
      state.hasVariables = true;
      i = dollar + 1 + name.length;
    } else {
      literal += '$';
      i = dollar + 1;
    }
  }
  flush();
  return out;
}

/** Index of the `}` closing a `${` whose content starts at `from`, counting nested `${`; -1 if none. */
function matchingBrace(text: string, from: number): number {
  let open = 1;
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '}') {
      open--;
      if (open === 0) return j;
    } else if (c === '$' && text[j + 1] === '{') {
      open++;
      j++;
    }
  }
  return -1;
}

function parseBraced(inner: string, whole: string, depth: number, state: { hasVariables: boolean }): Segment {
  if (inner.startsWith('!')) return { kind: 'text', text: '${' + inner.slice(1) + '}' };
  if (inner.startsWith('AWS::')) return { kind: 'text', text: whole };
  const m = NAME.exec(inner);
  if (!m) throw invalidFormat(whole);
  const name = m[0];
  const rest = inner.slice(name.length);
  state.hasVariables = true;
  if (rest === '') return { kind: 'var', name, arg: [] };
  const op = operatorAt(rest);
  if (!op) throw invalidFormat(whole);
  return { kind: 'var', name, op, arg: parseSegments(rest.slice(op.length), depth + 1, state) };
}

function operatorAt(rest: string): Operator | undefined {
  const two = rest.slice(0, 2);
  if (two === ':-' || two === ':+' || two === ':?') return two;
  const one = rest[0];
  if (one === '-' || one === '+' || one === '?') return one;
  return undefined;
}

function invalidFormat(placeholder: string): InterpolationError {
  return new InterpolationError('syntax', `invalid interpolation format: ${JSON.stringify(placeholder)}`, SYNTAX_HINT);
}

function evaluate(segments: Segment[], lookup: VarLookup, unset: string[]): string {
  let out = '';
  for (const s of segments) {
    if (s.kind === 'text') out += s.text;
    else out += evaluateVariable(s, lookup, unset);
  }
  return out;
}

function evaluateVariable(s: Extract<Segment, { kind: 'var' }>, lookup: VarLookup, unset: string[]): string {
  const value = lookup(s.name);
  const isSet = value !== undefined;
  const nonEmpty = isSet && value !== '';
  const arg = (): string => evaluate(s.arg, lookup, unset);
  switch (s.op) {
    case undefined:
      if (!isSet && !unset.includes(s.name)) unset.push(s.name);
      return value ?? '';
    case ':-':
      return nonEmpty ? value : arg();
    case '-':
      return isSet ? value : arg();
    case ':+':
      return nonEmpty ? arg() : '';
    case '+':
      return isSet ? arg() : '';
    case ':?':
      if (!nonEmpty) throw missingRequired(s.name, arg());
      return value;
    case '?':
      if (!isSet) throw missingRequired(s.name, arg());
      return value;
  }
}

function missingRequired(name: string, message: string): InterpolationError {
  const text = message ? `required variable ${name} is missing a value: ${message}` : `required variable ${name} is missing a value`;
  return new InterpolationError(
    'required',
    text,
    `set ${name} in the environment or in the .env file (or pass --env-file)`,
    name,
  );
}

// ---------------------------------------------------------------------------------------------
// Typed casts after interpolation (docker compose casts these paths from string to a scalar).

export type CastKind = 'int' | 'float' | 'bool' | 'port';

const CAST_TABLE: ReadonlyArray<readonly [string, CastKind]> = [
  ['services.*.blkio_config.weight', 'int'],
  ['services.*.blkio_config.weight_device.*.weight', 'int'],
  ['services.*.cpu_count', 'int'],
  ['services.*.cpu_percent', 'float'],
  ['services.*.cpu_period', 'int'],
  ['services.*.cpu_quota', 'int'],
  ['services.*.cpu_rt_period', 'int'],
  ['services.*.cpu_rt_runtime', 'int'],
  ['services.*.cpu_shares', 'int'],
  ['services.*.cpus', 'float'],
  ['services.*.deploy.placement.max_replicas_per_node', 'int'],
  ['services.*.deploy.replicas', 'int'],
  ['services.*.deploy.resources.*.cpus', 'float'],
  ['services.*.deploy.resources.*.pids', 'int'],
  ['services.*.deploy.restart_policy.max_attempts', 'int'],
  ['services.*.deploy.rollback_config.max_failure_ratio', 'float'],
  ['services.*.deploy.rollback_config.parallelism', 'int'],
  ['services.*.deploy.update_config.max_failure_ratio', 'float'],
  ['services.*.deploy.update_config.parallelism', 'int'],
  ['services.*.healthcheck.disable', 'bool'],
  ['services.*.healthcheck.retries', 'int'],
  ['services.*.init', 'bool'],
  ['services.*.mem_swappiness', 'int'],
  ['services.*.oom_kill_disable', 'bool'],
  ['services.*.oom_score_adj', 'int'],
  ['services.*.pids_limit', 'int'],
  ['services.*.ports.*.published', 'port'],
  ['services.*.ports.*.target', 'int'],
  ['services.*.privileged', 'bool'],
  ['services.*.read_only', 'bool'],
  ['services.*.scale', 'int'],
  ['services.*.stdin_open', 'bool'],
  ['services.*.tty', 'bool'],
  ['services.*.ulimits.*', 'int'],
  ['services.*.ulimits.*.hard', 'int'],
  ['services.*.ulimits.*.soft', 'int'],
  ['services.*.volumes.*.bind.create_host_path', 'bool'],
  ['services.*.volumes.*.read_only', 'bool'],
  ['services.*.volumes.*.volume.nocopy', 'bool'],
  ['configs.*.external', 'bool'],
  ['networks.*.attachable', 'bool'],
  ['networks.*.enable_ipv6', 'bool'],
  ['networks.*.external', 'bool'],
  ['networks.*.internal', 'bool'],
  ['secrets.*.external', 'bool'],
  ['volumes.*.external', 'bool'],
];

const CAST_PATTERNS: ReadonlyArray<{ segments: string[]; cast: CastKind }> = CAST_TABLE.map(([p, cast]) => ({
  segments: p.split('.'),
  cast,
}));

const CAST_EXPECTED: Record<CastKind, string> = {
  int: 'an integer',
  float: 'a number',
  bool: 'a boolean (true, false, yes or no)',
  port: 'a port number or range',
};

/** The cast docker compose applies at this path, if any. */
export function castForPath(path: ReadonlyArray<string | number>): CastKind | undefined {
  for (const p of CAST_PATTERNS) {
    if (p.segments.length !== path.length) continue;
    if (p.segments.every((seg, i) => seg === '*' || seg === String(path[i]))) return p.cast;
  }
  return undefined;
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Converts an interpolated string to the scalar type of its path; `undefined` when it does not fit. */
export function castValue(value: string, cast: CastKind): string | number | boolean | undefined {
  const v = value.trim();
  switch (cast) {
    case 'int': {
      if (!INT.test(v)) return undefined;
      const n = Number(v);
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case 'float': {
      if (!FLOAT.test(v)) return undefined;
      const n = Number(v);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'bool': {
      const l = v.toLowerCase();
      if (l === 'true' || l === 'yes') return true;
      if (l === 'false' || l === 'no') return false;
      return undefined;
    }
    case 'port':
      // A published port may also be a range ("8000-8010"), which stays a string.
      if (/^\d+$/.test(v)) return Number(v);
      return value;
  }
}

// ---------------------------------------------------------------------------------------------
// Tree walker.

interface WalkContext {
  lookup: VarLookup;
  file: string;
  bag: DiagnosticBag;
  /** First place each unset variable was used, for one warning per name. */
  unset: Map<string, { path: string; parent: object; key: string | number }>;
}

/**
 * Returns a copy of `tree` where every string value is interpolated and typed paths are cast.
 * Mapping keys are never interpolated. Errors and warnings go to `bag`; a value with an error
 * is kept as written.
 */
export function interpolateTree(tree: unknown, lookup: VarLookup, file: string, bag: DiagnosticBag): unknown {
  const ctx: WalkContext = { lookup, file, bag, unset: new Map() };
  const holder = { root: tree };
  const out = walk(tree, [], holder, 'root', ctx);
  for (const [name, where] of ctx.unset) {
    const pos = keyPos(where.parent, where.key);
    bag.warn({
      code: 'CXI2001',
      message: `variable ${name} is not set; an empty string is used`,
      path: where.path || undefined,
      pos,
      hint: `set ${name} in the environment or in the .env file, or give a default with \${${name}:-default}`,
    });
  }
  return out;
}

function walk(
  node: unknown,
  path: Array<string | number>,
  parent: object,
  key: string | number,
  ctx: WalkContext,
): unknown {
  if (typeof node === 'string') return interpolateValue(node, path, parent, key, ctx);
  if (node instanceof ResetTag) return node;
  if (node instanceof OverrideTag) return new OverrideTag(walk(node.value, path, parent, key, ctx));
  if (Array.isArray(node)) {
    const out: unknown[] = node.map((item, i) => walk(item, [...path, i], node, i, ctx));
    carryAll(out, node);
    return out;
  }
  if (isPlainObject(node)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v, [...path, k], node, k, ctx);
    carryAll(out, node);
    return out;
  }
  return node;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function interpolateValue(
  text: string,
  path: Array<string | number>,
  parent: object,
  key: string | number,
  ctx: WalkContext,
): unknown {
  const where = formatPath(path);
  let result: ReturnType<typeof interpolateDetailed>;
  try {
    result = interpolateDetailed(text, ctx.lookup);
  } catch (e) {
    if (!(e instanceof InterpolationError)) throw e;
    ctx.bag.error({
      code: e.kind === 'required' ? 'CXI1001' : 'CXI1002',
      message: e.message,
      path: where || undefined,
      pos: keyPos(parent, key),
      expected: e.kind === 'required' ? `a value for variable ${e.variable ?? ''}` : SYNTAX_EXPECTED,
      hint: e.hint,
    });
    return text;
  }
  for (const name of result.unset) {
    if (!ctx.unset.has(name)) ctx.unset.set(name, { path: where, parent, key });
  }
  // Like docker compose, every string at a typed path is cast, written literally or not.
  const cast = castForPath(path);
  if (!cast) return result.value;
  const typed = castValue(result.value, cast);
  if (typed === undefined) {
    ctx.bag.error({
      code: 'CXI1003',
      message: result.hasVariables
        ? `${JSON.stringify(result.value)} (from ${JSON.stringify(text)}) is not ${CAST_EXPECTED[cast]}`
        : `${JSON.stringify(result.value)} is not ${CAST_EXPECTED[cast]}`,
      path: where || undefined,
      pos: keyPos(parent, key),
      expected: CAST_EXPECTED[cast],
      hint: result.hasVariables ? 'check the variables this value uses' : undefined,
    });
    return result.value;
  }
  return typed;
}
