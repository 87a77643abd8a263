/**
 * The lookup request of an x-wafv2_webacl ACL, apart from the module so that finding a project's
 * lookups (src/lookups/requests.ts, through x-elbv2/lookups.ts) does not load the module.
 */
import type { Mapping } from '../../load/positions.js';
import { withoutRole } from '../x-elbv2/module-stack.js';

/** The request recorded for a Lookup (none when the Lookup gives the ARN). */
export function webAclRequest(lookup: Mapping): Record<string, unknown> | undefined {
  if (typeof lookup.Arn === 'string') return undefined;
  return withoutRole(lookup);
}
