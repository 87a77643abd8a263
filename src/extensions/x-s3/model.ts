/**
 * The x-s3 input as the schema accepts it, and a bucket as the service links see it: its
 * attributes (name, ARN, domain names) as values valid inside a family template, and its KMS
 * key when objects are encrypted with one.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import type { FamilyStack } from '../../synth/family.js';
import type { Access } from './permissions.js';

export interface XS3Service {
  Access: Access;
  ReturnValues?: Record<string, string | { EnvVarName: string }>;
}

export interface XS3Bucket {
  Properties?: Record<string, unknown>;
  Lookup?: Record<string, unknown>;
  MacroParameters?: {
    BucketPolicy?: { Statement?: Record<string, unknown>[]; PredefinedBucketPolicies?: 'enforceSecureConnection'[] };
    ExpandRegionToBucket?: boolean;
    ExpandAccountIdToBucket?: boolean;
    NameSeparator?: '-' | '.';
  };
  Settings?: { EnvNames?: string[] };
  Services?: Record<string, XS3Service>;
}

/** Attributes a service can receive (ReturnValues, `x-s3::<bucket>::<attribute>`). */
export const ATTRIBUTES = ['BucketName', 'Arn', 'DomainName', 'DualStackDomainName', 'RegionalDomainName', 'WebsiteURL'] as const;
export type BucketAttribute = (typeof ATTRIBUTES)[number];

export function isAttribute(a: string): a is BucketAttribute {
  return (ATTRIBUTES as readonly string[]).includes(a);
}

export interface Bucket {
  /** Name of the bucket under x-s3. */
  name: string;
  def: XS3Bucket;
  /** Attributes this bucket can give. */
  attributes: readonly BucketAttribute[];
  /** The attribute as a value valid inside the family template (declares what it needs). */
  value(fs: FamilyStack, attr: BucketAttribute): CfnValue;
  /** ARN of the KMS key encrypting its objects, valid in any template, when known. */
  kmsKeyArn?: CfnValue;
}

/** `connect-bucket` → `CONNECT_BUCKET`: the default variable holding the bucket name. */
export function defaultEnvName(name: string): string {
  return name
    .toUpperCase()
    .replace(/[-.]/g, '_')
    .replace(/[^A-Z0-9_]/g, '');
}
