/**
 * The lookup request of an x-route53 zone, apart from the module so that finding a project's
 * lookups (src/lookups/requests.ts, through x-elbv2/lookups.ts) does not load the module.
 */
import { isMapping, type Mapping } from '../../load/positions.js';
import { withoutRole } from '../x-elbv2/module-stack.js';

/** The request recorded for `x-route53.<name>.Lookup`. */
export function zoneRequest(def: Mapping): Record<string, unknown> | undefined {
  if (def.Lookup === undefined || def.Lookup === false) return undefined;
  const zoneName = String(def.ZoneName ?? def.Name);
  return withoutRole({ ZoneName: zoneName, ...(isMapping(def.Lookup) ? def.Lookup : {}) });
}
