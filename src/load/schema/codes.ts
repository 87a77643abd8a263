/**
 * Permanent diagnostic codes of the schema-validation stage.
 * CXV1xxx are errors, CXV2xxx are warnings. Codes are never reused or renumbered.
 */
export const SchemaCodes = {
  /** A key that the format (or extension) does not define. */
  UnknownKey: 'CXV1001',
  /** A value of the wrong type (e.g. a sequence where a mapping is expected). */
  WrongType: 'CXV1002',
  /** A value outside a fixed list of allowed values. */
  InvalidValue: 'CXV1003',
  /** A required key is missing, or none of several alternative keys is set. */
  MissingKey: 'CXV1004',
  /** A string that does not have the expected form (pattern). */
  BadFormat: 'CXV1005',
  /** A number outside its allowed range. */
  OutOfRange: 'CXV1006',
  /** A string, sequence or mapping that is too short or too long. */
  BadSize: 'CXV1007',
  /** A sequence whose items must be unique has duplicates. */
  DuplicateItems: 'CXV1008',
  /** Keys that exclude each other are set together. */
  ConflictingKeys: 'CXV1009',
  /** A key that needs another key which is missing. */
  MissingDependency: 'CXV1010',
  /** A mapping key (a name) that is not a valid name. */
  InvalidName: 'CXV1011',
  /** A value that matches none of the accepted forms. */
  NoMatchingForm: 'CXV1012',
  /** Any other schema violation. */
  SchemaViolation: 'CXV1013',
  /** A deploy label `ecs.*` with an invalid value. */
  InvalidDeployLabel: 'CXV1020',
  /** `x-scaling.Range` with a minimum above the maximum. */
  InvalidScalingRange: 'CXV1021',

  /** The top-level `version` key is obsolete and ignored. */
  ObsoleteVersion: 'CXV2001',
  /** An `x-` key this tool does not know; it is ignored. */
  UnknownExtension: 'CXV2002',
  /** A 1.x `x-` key this version does not render yet. */
  NotSupportedYet: 'CXV2010',
  /** A deploy label starting with `ecs.` that this tool does not know. */
  UnknownDeployLabel: 'CXV2003',
} as const;

export type SchemaCode = (typeof SchemaCodes)[keyof typeof SchemaCodes];
