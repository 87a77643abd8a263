/**
 * The typed CloudFormation template model: parameters, mappings, conditions, resources and
 * outputs keyed by validated logical IDs, and `toJSON()` producing the template document.
 *
 * Output order (byte-identical output for identical inputs):
 *  - sections in canonical order: AWSTemplateFormatVersion, Description, Metadata, Parameters,
 *    Mappings, Conditions, Resources, Outputs (empty optional sections are omitted; Resources
 *    is always present);
 *  - entries within a section in insertion order (the order of the add* calls), except that
 *    all-digit IDs such as "80" come first (JavaScript object key order);
 *  - the attributes of a parameter / resource / output in a fixed order (see PARAMETER_KEYS,
 *    RESOURCE_KEYS, OUTPUT_KEYS);
 *  - keys inside Properties, Metadata, mappings and condition expressions in the order the
 *    caller wrote them (JavaScript object order, so integer-like keys such as "80" come first,
 *    ascending).
 * Values are deep-copied when added and again by toJSON(), so later changes to the caller's
 * objects do not leak into the template; `undefined` object members are dropped.
 */

import { CfnInternalError } from './errors.js';
import type { CfnValue, ConditionRef, JsonValue, Ref } from './intrinsics.js';
import { toJsonValue } from './json-value.js';
import { assertLogicalId } from './logical-id.js';

export { logicalId, isValidLogicalId, nonAlnum, LOGICAL_ID_MAX_LENGTH } from './logical-id.js';

export type ParameterType =
  | 'String'
  | 'Number'
  | 'List<Number>'
  | 'CommaDelimitedList'
  | `AWS::${string}`
  | `List<AWS::${string}>`;

export interface ParameterDefinition {
  Type: ParameterType;
  Description?: string;
  Default?: string | number;
  AllowedValues?: readonly (string | number)[];
  AllowedPattern?: string;
  MinLength?: number;
  MaxLength?: number;
  MinValue?: number;
  MaxValue?: number;
  NoEcho?: boolean;
  ConstraintDescription?: string;
}

export type DeletionPolicy = 'Delete' | 'Retain' | 'RetainExceptOnCreate' | 'Snapshot';
export type UpdateReplacePolicy = 'Delete' | 'Retain' | 'Snapshot';

export interface ResourceDefinition {
  Type: string;
  Properties?: { readonly [key: string]: CfnValue | undefined };
  DependsOn?: string | readonly string[];
  Condition?: string;
  DeletionPolicy?: DeletionPolicy;
  UpdateReplacePolicy?: UpdateReplacePolicy;
  CreationPolicy?: CfnValue;
  UpdatePolicy?: CfnValue;
  Metadata?: { readonly [key: string]: CfnValue | undefined };
}

export interface OutputDefinition {
  Value: CfnValue;
  Description?: string;
  Export?: { Name: CfnValue };
  Condition?: string;
}

/** A mapping: top-level key → second-level key → value. */
export type MappingDefinition = { readonly [topKey: string]: { readonly [secondKey: string]: CfnValue } };

export type JsonObject = { [key: string]: JsonValue };

/** The CloudFormation document produced by `Template.toJSON()`. */
export interface TemplateDocument {
  AWSTemplateFormatVersion: '2010-09-09';
  Description?: string;
  Metadata?: JsonObject;
  Parameters?: JsonObject;
  Mappings?: JsonObject;
  Conditions?: JsonObject;
  Resources: JsonObject;
  Outputs?: JsonObject;
  [section: string]: JsonValue | undefined;
}

export interface TemplateCounts {
  parameters: number;
  mappings: number;
  conditions: number;
  resources: number;
  outputs: number;
}

/** Fixed attribute orders used by toJSON(). */
export const PARAMETER_KEYS = [
  'Type',
  'Description',
  'Default',
  'AllowedValues',
  'AllowedPattern',
  'MinLength',
  'MaxLength',
  'MinValue',
  'MaxValue',
  'NoEcho',
  'ConstraintDescription',
] as const;
export const RESOURCE_KEYS = [
  'Type',
  'Condition',
  'DependsOn',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'CreationPolicy',
  'UpdatePolicy',
  'Metadata',
  'Properties',
] as const;
export const OUTPUT_KEYS = ['Description', 'Condition', 'Value', 'Export'] as const;

export interface TemplateOptions {
  description?: string;
  metadata?: { readonly [key: string]: CfnValue | undefined };
}

export class Template {
  description: string | undefined;
  private readonly metadata = new Map<string, JsonValue>();
  private readonly parameters = new Map<string, JsonObject>();
  private readonly mappings = new Map<string, JsonObject>();
  private readonly conditions = new Map<string, JsonValue>();
  private readonly resources = new Map<string, JsonObject>();
  private readonly outputs = new Map<string, JsonObject>();

  constructor(options: TemplateOptions = {}) {
    this.description = options.description;
    for (const [k, v] of Object.entries(options.metadata ?? {})) {
      if (v !== undefined) this.setMetadata(k, v);
    }
  }

  /** Sets (or replaces) one top-level Metadata entry, e.g. `AWS::CloudFormation::Interface`. */
  setMetadata(key: string, value: CfnValue): void {
    this.metadata.set(key, toJsonValue(value, `Metadata.${key}`));
  }

  /** Adds a parameter; returns `{Ref: id}`. Throws on an invalid or duplicate ID. */
  addParameter(id: string, definition: ParameterDefinition): Ref {
    this.claim(id, 'parameter', this.parameters);
    if (this.resources.has(id)) throw duplicate(id, 'parameter', 'a resource');
    this.parameters.set(id, ordered(definition, PARAMETER_KEYS, `Parameters.${id}`));
    return { Ref: id };
  }

  /** Adds a mapping. Throws on an invalid or duplicate name. */
  addMapping(id: string, mapping: MappingDefinition): void {
    this.claim(id, 'mapping', this.mappings);
    this.mappings.set(id, toJsonValue(mapping, `Mappings.${id}`) as JsonObject);
  }

  /** Adds a condition; returns `{Condition: id}` for use inside Fn::And / Fn::Or / Fn::Not. */
  addCondition(id: string, expression: CfnValue): ConditionRef {
    this.claim(id, 'condition', this.conditions);
    this.conditions.set(id, toJsonValue(expression, `Conditions.${id}`));
    return { Condition: id };
  }

  /** Adds a resource; returns `{Ref: id}`. Throws on an invalid or duplicate ID. */
  addResource(id: string, definition: ResourceDefinition): Ref {
    this.claim(id, 'resource', this.resources);
    if (this.parameters.has(id)) throw duplicate(id, 'resource', 'a parameter');
    if (definition.Condition !== undefined) assertLogicalId(definition.Condition, `condition (resource ${id})`);
    const dependsOn = normaliseDependsOn(id, definition.DependsOn);
    this.resources.set(id, ordered({ ...definition, DependsOn: dependsOn }, RESOURCE_KEYS, `Resources.${id}`));
    return { Ref: id };
  }

  /** Adds an output. Throws on an invalid or duplicate ID. */
  addOutput(id: string, definition: OutputDefinition): void {
    this.claim(id, 'output', this.outputs);
    if (definition.Condition !== undefined) assertLogicalId(definition.Condition, `condition (output ${id})`);
    this.outputs.set(id, ordered(definition, OUTPUT_KEYS, `Outputs.${id}`));
  }

  /** Removes a parameter (one nothing refers to any more). */
  removeParameter(id: string): void {
    this.parameters.delete(id);
  }

  hasParameter(id: string): boolean {
    return this.parameters.has(id);
  }

  hasMapping(id: string): boolean {
    return this.mappings.has(id);
  }

  hasCondition(id: string): boolean {
    return this.conditions.has(id);
  }

  hasResource(id: string): boolean {
    return this.resources.has(id);
  }

  hasOutput(id: string): boolean {
    return this.outputs.has(id);
  }

  parameterIds(): string[] {
    return [...this.parameters.keys()];
  }

  resourceIds(): string[] {
    return [...this.resources.keys()];
  }

  outputIds(): string[] {
    return [...this.outputs.keys()];
  }

  /** Number of top-level keys of each mapping, in insertion order. */
  mappingSizes(): { id: string; attributes: number }[] {
    return [...this.mappings].map(([id, m]) => ({ id, attributes: Object.keys(m).length }));
  }

  /** The Default of every parameter that has one, in insertion order. */
  parameterDefaults(): { id: string; value: JsonValue }[] {
    const out: { id: string; value: JsonValue }[] = [];
    for (const [id, p] of this.parameters) if (p.Default !== undefined) out.push({ id, value: p.Default });
    return out;
  }

  /**
   * Replaces the definition of resource `id` (added before; it keeps its place). For a resource
   * whose properties grow after it was added (a key policy other modules add statements to).
   */
  replaceResource(id: string, definition: ResourceDefinition): Ref {
    if (!this.resources.has(id)) throw new CfnInternalError(`Resources.${id}: no such resource to replace`);
    if (definition.Condition !== undefined) assertLogicalId(definition.Condition, `condition (resource ${id})`);
    const dependsOn = normaliseDependsOn(id, definition.DependsOn);
    this.resources.set(id, ordered({ ...definition, DependsOn: dependsOn }, RESOURCE_KEYS, `Resources.${id}`));
    return { Ref: id };
  }

  /** A copy of the stored resource (as JSON), or undefined. */
  resource(id: string): JsonObject | undefined {
    const r = this.resources.get(id);
    return r === undefined ? undefined : (toJsonValue(r, `Resources.${id}`) as JsonObject);
  }

  counts(): TemplateCounts {
    return {
      parameters: this.parameters.size,
      mappings: this.mappings.size,
      conditions: this.conditions.size,
      resources: this.resources.size,
      outputs: this.outputs.size,
    };
  }

  /** The CloudFormation document (see the module header for the key order). */
  toJSON(): TemplateDocument {
    const out: Record<string, JsonValue> = { AWSTemplateFormatVersion: '2010-09-09' };
    if (this.description !== undefined) out.Description = this.description;
    putSection(out, 'Metadata', this.metadata);
    putSection(out, 'Parameters', this.parameters);
    putSection(out, 'Mappings', this.mappings);
    putSection(out, 'Conditions', this.conditions);
    out.Resources = sectionObject(this.resources);
    putSection(out, 'Outputs', this.outputs);
    return toJsonValue(out, 'template') as TemplateDocument;
  }

  private claim(id: string, what: string, section: Map<string, unknown>): void {
    assertLogicalId(id, what);
    if (section.has(id)) throw duplicate(id, what, `another ${what}`);
  }
}

function duplicate(id: string, what: string, other: string): CfnInternalError {
  return new CfnInternalError(`duplicate logical ID ${JSON.stringify(id)}: ${what} clashes with ${other}`);
}

function normaliseDependsOn(id: string, dependsOn: string | readonly string[] | undefined): string | string[] | undefined {
  if (dependsOn === undefined) return undefined;
  const list = typeof dependsOn === 'string' ? [dependsOn] : [...new Set(dependsOn)];
  for (const dep of list) {
    assertLogicalId(dep, `DependsOn (resource ${id})`);
    if (dep === id) throw new CfnInternalError(`resource ${id} depends on itself`);
  }
  if (list.length === 0) return undefined;
  return typeof dependsOn === 'string' ? dependsOn : list;
}

/** Copies the known keys of `def` in the given order; unknown keys are an internal error. */
function ordered(def: object, keys: readonly string[], where: string): JsonObject {
  const source = def as Record<string, CfnValue | undefined>;
  for (const k of Object.keys(source)) {
    if (!keys.includes(k)) throw new CfnInternalError(`${where}: unknown attribute ${k}`);
  }
  const out: JsonObject = {};
  for (const k of keys) {
    const v = source[k];
    if (v !== undefined) out[k] = toJsonValue(v, `${where}.${k}`);
  }
  return out;
}

function sectionObject(entries: Map<string, JsonValue>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of entries) out[k] = v;
  return out;
}

function putSection(out: Record<string, JsonValue>, name: string, entries: Map<string, JsonValue>): void {
  if (entries.size > 0) out[name] = sectionObject(entries);
}
