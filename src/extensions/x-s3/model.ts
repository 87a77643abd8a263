/**
 * The x-s3 input as the schema accepts it, and a bucket as the service links see it: its
 * attributes (name, ARN, domain names) as values valid inside a family template, and its KMS
 * key when objects are encrypted with one.
 */
import type { ModuleResource } from '../shared/module.js';
import type { Access } from './permissions.js';

export interface XS3Service {
  Access: Access;
  ReturnValues?: Record<string, string | { EnvVarName: string }>;
}

export interface XS3Bucket {
  Properties?: Record<string, unknown>;
  Lookup?: Record<string, unknown>;
  MacroParameters?: {
    BucketPolicy?: { Statement?: Record<string, unknown>[]; Policies?: Record<string, unknown>[]; PredefinedBucketPolicies?: 'enforceSecureConnection'[] };
    ExpandRegionToBucket?: boolean;
    ExpandAccountIdToBucket?: boolean;
    NameSeparator?: '-' | '.';
  };
  Settings?: { EnvNames?: string[]; EnableAcceleration?: boolean; EnableEncryption?: string; ExpandAccountIdToBucket?: boolean; ExpandRegionToBucket?: boolean; NameSeparator?: string; 'x-cloudmap'?: unknown };
  Services?: Record<string, XS3Service>;
}

/** Attributes a service can receive (ReturnValues, `x-s3::<bucket>::<attribute>`). */
export const ATTRIBUTES = ['BucketName', 'Arn', 'DomainName', 'DualStackDomainName', 'RegionalDomainName', 'WebsiteURL'] as const;
export type BucketAttribute = (typeof ATTRIBUTES)[number];

export function isAttribute(a: string): a is BucketAttribute {
  return (ATTRIBUTES as readonly string[]).includes(a);
}

/** A bucket as the service links see it (new: attributes through the `s3` stack's outputs; looked up: literals). */
export interface Bucket extends ModuleResource {
  def: XS3Bucket;
}
