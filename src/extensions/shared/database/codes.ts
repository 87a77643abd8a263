/**
 * Diagnostic codes of the database modules (x-rds, x-docdb, x-neptune; docs/errors.md, CXG).
 */
import type { ModuleCodes } from '../module.js';

export const DB_CODES = {
  /** Engine missing, unknown, or not one of the module's service. */
  unknownEngine: 'CXG1001',
  /** Engine version not in engines.json (or needed and missing). */
  badVersion: 'CXG1002',
  /** A recorded lookup result lacking what is needed. */
  lookupResult: 'CXG1003',
  /** Literal MasterUserPassword (warning). */
  literalPassword: 'CXG2001',
  /** Parameter group Family not the engine's (warning). */
  family: 'CXG2002',
  /** A property replaced by what the module creates (warning). */
  replaced: 'CXG2003',
  /** A property a member instance of a cluster does not take (warning). */
  memberProperty: 'CXG2004',
  /** 1.x string Access, which grants nothing (warning). */
  legacyAccess: 'CXG2005',
  /** A setting accepted and not rendered (warning). */
  ignored: 'CXG2006',
  /** IAM database user access to a database without IAM authentication (warning). */
  iamAuthOff: 'CXG2007',
  /** Secret options on a database without a secret (warning). */
  noSecret: 'CXG2008',
  /** An instance class the engine does not run on: the default is used (warning). */
  instanceClass: 'CXG2009',
} as const;

/** The shared module checks, with CXG codes. */
export const DB_MODULE_CODES: ModuleCodes = {
  unknownTarget: 'CXG1101',
  ambiguousTarget: 'CXG2101',
  unknownAttribute: 'CXG1102',
  unknownAccess: 'CXG1103',
  malformedPointer: 'CXG1104',
  unknownPointerTarget: 'CXG1105',
};
