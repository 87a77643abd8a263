/** A KMS key of x-kms as services and other modules see it. */
import type { ModuleResource } from '../shared/module.js';
import type { KmsKeyResource } from '../shared/kms.js';

/** Attributes a service or pointer can read: `Arn`, `KeyId` (the key's Ref). */
export const KEY_ATTRIBUTES = ['Arn', 'KeyId'] as const;

export interface Key extends ModuleResource, KmsKeyResource {}
