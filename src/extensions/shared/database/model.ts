/**
 * What x-rds, x-docdb and x-neptune share: a module's description (its service, stack,
 * permission table, diagnostic codes) and a database as the service links see it.
 */
import type { CfnValue } from '../../../cfn/intrinsics.js';
import type { NestedStack } from '../../../synth/stack.js';
import type { PermissionTable } from '../access.js';
import type { ModuleResource } from '../module.js';
import type { DatabaseService } from './engines.js';

export interface DatabaseFlavor {
  /** `x-rds` */
  key: string;
  service: DatabaseService;
  /** What one is called in messages: `database`, `cluster`. */
  kind: string;
  /** Nested stack id and title. */
  stackId: string;
  title: string;
  /** IAM policy suffix (`<family>To<policy>`). */
  policy: string;
  permissions: PermissionTable;
  /** Engine when none is given (DocumentDB, Neptune have one). */
  engine?: string;
  /** The Access key granting IAM database authentication (`DBUser`, `NeptuneDB`): warned when the database does not enable it. */
  iamAuthAccess?: string;
  /** MacroParameters keys holding parameter group properties (the first one given is used). */
  parameterGroupKeys: readonly string[];
  /** MacroParameters keys accepted and not rendered, with a hint. */
  ignoredMacroParameters?: Readonly<Record<string, string>>;
}

/** A database (new or looked up) as the service links see it. */
export interface Database extends ModuleResource {
  /** ARN of its master secret as seen from `consumer`, when it has one. */
  secretArn?(consumer: NestedStack): CfnValue;
  /** KMS key of the secret as seen from `consumer`, when not the AWS managed one. */
  secretKmsKeyArn?(consumer: NestedStack): CfnValue;
  /** ARN of the connection string secret (made on first use) as seen from `consumer`. */
  connectionStringArn?(consumer: NestedStack): CfnValue;
  /** Whether IAM database authentication is enabled, when known. */
  iamAuth?: boolean;
}
