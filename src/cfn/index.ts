/**
 * Public surface of the CloudFormation template model: intrinsics, the Template class,
 * logical IDs, serialisation and quota checks.
 */

export * from './intrinsics.js';
export * from './template.js';
export * from './serialize.js';
export * from './limits.js';
export { CfnInternalError } from './errors.js';
export { assertLogicalId } from './logical-id.js';
