/**
 * CloudFormation intrinsic functions and pseudo parameters as typed helpers that return the
 * plain JSON objects CloudFormation expects (long form, e.g. `{"Fn::Sub": "..."}`).
 */

import { CfnInternalError } from './errors.js';

/**
 * Any value that may appear in a template: JSON, possibly containing intrinsic functions.
 * Object members that are `undefined` are allowed and dropped when the template is serialised,
 * so optional properties can be written as `{Name: maybe}`.
 */
export type CfnValue =
  | string
  | number
  | boolean
  | null
  | readonly CfnValue[]
  | { readonly [key: string]: CfnValue | undefined };

/** Plain JSON, as found in a serialised template. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type Ref = { Ref: string };
export type GetAtt = { 'Fn::GetAtt': [string, string] };
export type Sub = { 'Fn::Sub': string | [string, { [name: string]: CfnValue }] };
export type Join = { 'Fn::Join': [string, CfnValue] };
export type Select = { 'Fn::Select': [CfnValue, CfnValue] };
export type Split = { 'Fn::Split': [string, CfnValue] };
export type FindInMap = { 'Fn::FindInMap': [CfnValue, CfnValue, CfnValue] };
export type If = { 'Fn::If': [string, CfnValue, CfnValue] };
export type Equals = { 'Fn::Equals': [CfnValue, CfnValue] };
export type Not = { 'Fn::Not': [CfnValue] };
export type And = { 'Fn::And': CfnValue[] };
export type Or = { 'Fn::Or': CfnValue[] };
export type ConditionRef = { Condition: string };
export type ImportValue = { 'Fn::ImportValue': CfnValue };
export type GetAZs = { 'Fn::GetAZs': CfnValue };
export type Cidr = { 'Fn::Cidr': [CfnValue, CfnValue, CfnValue] };

export type Intrinsic =
  | Ref
  | GetAtt
  | Sub
  | Join
  | Select
  | Split
  | FindInMap
  | If
  | Equals
  | Not
  | And
  | Or
  | ConditionRef
  | ImportValue
  | GetAZs
  | Cidr;

/** `{Ref: logicalId}` for a resource, a parameter or a pseudo parameter (`AWS::Region`). */
export function ref(logicalId: string): Ref {
  return { Ref: logicalId };
}

/** `{"Fn::GetAtt": [resource, attribute]}`; the attribute may be dotted (`Outputs.RoleArn`). */
export function getAtt(resource: string, attribute: string): GetAtt {
  return { 'Fn::GetAtt': [resource, attribute] };
}

/**
 * `{"Fn::Sub": text}`, or `{"Fn::Sub": [text, vars]}` when variables are given (and non-empty).
 * Literal text that may contain `${` must go through {@link escapeSub} first.
 */
export function sub(text: string, vars?: { [name: string]: CfnValue }): Sub {
  if (vars === undefined || Object.keys(vars).length === 0) return { 'Fn::Sub': text };
  return { 'Fn::Sub': [text, { ...vars }] };
}

/**
 * Escapes literal text for use inside an Fn::Sub template: every `${` becomes `${!`, which
 * CloudFormation renders back as `${`. Text without `${` is returned unchanged.
 */
export function escapeSub(text: string): string {
  return text.split('${').join('${!');
}

/** True when the text contains `${`, i.e. it would be treated as a variable by Fn::Sub (or flagged by linters outside of it). */
export function hasSubSyntax(text: string): boolean {
  return text.includes('${');
}

/** The Fn::Sub variable of {@link literal} that stands for a `$`. */
export const DOLLAR_VARIABLE = 'Dollar';

/**
 * A string that reaches its resource exactly as written, even with `${` in it. Text without `${`
 * is returned as is. Otherwise every `${` is written `${Dollar}{` in an Fn::Sub whose variable
 * `Dollar` is `$`: Fn::Sub substitutes once, so `${Dollar}{X}` renders as the literal `${X}`.
 * The usual escape `${!X}` is right inside an Fn::Sub with real variables, but an Fn::Sub with
 * nothing but escapes is flagged by cfn-lint (W1020 "Fn::Sub isn't needed"), and the bare text
 * outside Fn::Sub is flagged as an unsubstituted reference (E1029) when X names a parameter or
 * resource; this form has no finding and keeps the value one readable string.
 */
export function literal(text: string): string | Sub {
  if (!hasSubSyntax(text)) return text;
  return sub(text.split('${').join(`\${${DOLLAR_VARIABLE}}{`), { [DOLLAR_VARIABLE]: '$' });
}

/** True when an Fn::Sub template references a variable (a `${` that is not an escaped `${!`). */
export function hasSubVariable(template: string): boolean {
  return /\$\{(?!!)/.test(template);
}

/**
 * `{"Fn::Sub": template}` when the template references a variable; otherwise the text it
 * renders to (its `${!` escapes undone) as a {@link literal}, since an Fn::Sub without
 * variables is flagged by cfn-lint (W1020).
 */
export function subOrLiteral(template: string): string | Sub {
  return hasSubVariable(template) ? sub(template) : literal(template.split('${!').join('${'));
}

export function join(delimiter: string, list: CfnValue): Join {
  return { 'Fn::Join': [delimiter, list] };
}

export function select(index: number | CfnValue, list: CfnValue): Select {
  return { 'Fn::Select': [index, list] };
}

export function split(delimiter: string, source: CfnValue): Split {
  return { 'Fn::Split': [delimiter, source] };
}

export function findInMap(mapName: CfnValue, topLevelKey: CfnValue, secondLevelKey: CfnValue): FindInMap {
  return { 'Fn::FindInMap': [mapName, topLevelKey, secondLevelKey] };
}

/** `{"Fn::If": [conditionName, whenTrue, whenFalse]}`. */
export function fnIf(conditionName: string, whenTrue: CfnValue, whenFalse: CfnValue): If {
  return { 'Fn::If': [conditionName, whenTrue, whenFalse] };
}

export function equals(a: CfnValue, b: CfnValue): Equals {
  return { 'Fn::Equals': [a, b] };
}

export function not(condition: CfnValue): Not {
  return { 'Fn::Not': [condition] };
}

/** `{"Fn::And": [...]}`; CloudFormation accepts 2 to 10 conditions. */
export function and(...conditions: CfnValue[]): And {
  checkConditionCount('Fn::And', conditions.length);
  return { 'Fn::And': conditions };
}

/** `{"Fn::Or": [...]}`; CloudFormation accepts 2 to 10 conditions. */
export function or(...conditions: CfnValue[]): Or {
  checkConditionCount('Fn::Or', conditions.length);
  return { 'Fn::Or': conditions };
}

/** `{Condition: name}`: refers to a named condition inside Fn::And / Fn::Or / Fn::Not. */
export function condition(name: string): ConditionRef {
  return { Condition: name };
}

export function importValue(exportName: CfnValue): ImportValue {
  return { 'Fn::ImportValue': exportName };
}

/** `{"Fn::GetAZs": region}`; the empty string (default) means the stack's region. */
export function getAZs(region: CfnValue = ''): GetAZs {
  return { 'Fn::GetAZs': region };
}

export function cidr(ipBlock: CfnValue, count: number | CfnValue, cidrBits: number | CfnValue): Cidr {
  return { 'Fn::Cidr': [ipBlock, count, cidrBits] };
}

function checkConditionCount(fn: string, n: number): void {
  if (n < 2 || n > 10) throw new CfnInternalError(`${fn} takes 2 to 10 conditions, got ${n}`);
}

function pseudo(name: string): Readonly<Ref> {
  return Object.freeze({ Ref: name });
}

export const NO_VALUE = pseudo('AWS::NoValue');
export const AWS_REGION = pseudo('AWS::Region');
export const AWS_ACCOUNT_ID = pseudo('AWS::AccountId');
export const AWS_PARTITION = pseudo('AWS::Partition');
export const AWS_STACK_NAME = pseudo('AWS::StackName');
export const AWS_STACK_ID = pseudo('AWS::StackId');
export const AWS_URL_SUFFIX = pseudo('AWS::URLSuffix');
export const AWS_NOTIFICATION_ARNS = pseudo('AWS::NotificationARNs');

const INTRINSIC_KEYS = new Set([
  'Ref',
  'Condition',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::FindInMap',
  'Fn::If',
  'Fn::Equals',
  'Fn::Not',
  'Fn::And',
  'Fn::Or',
  'Fn::ImportValue',
  'Fn::GetAZs',
  'Fn::Cidr',
  'Fn::Base64',
  'Fn::Length',
  'Fn::ToJsonString',
  'Fn::Transform',
]);

/** True when the value is a single-key object whose key is an intrinsic function name. */
export function isIntrinsic(value: unknown): value is Intrinsic {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && INTRINSIC_KEYS.has(keys[0]);
}
