/**
 * `x-network.AdditionalSecurityGroups`: existing security groups the family's tasks also join,
 * given by id or looked up (recorded key `x-network::<service>::AdditionalSecurityGroups::<name>`,
 * request = the Lookup mapping, result `{"Id": "sg-..."}`).
 */
import { isMapping, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import { badIdFormat, isAwsId, lookUpId } from './local-sources.js';
import type { KeyPath, Reporter } from './report.js';

/** ECS accepts at most 5 security groups per service (awsvpc). */
const MAX_GROUPS = 5;

export function additionalSecurityGroups(ctx: RenderContext, fs: FamilyStack, service: string, groups: Mapping, path: KeyPath, r: Reporter): void {
  for (const [name, def] of Object.entries(groups)) {
    if (!isMapping(def)) continue;
    const at = [...path, name];
    const id =
      typeof def.SecurityGroupId === 'string'
        ? def.SecurityGroupId
        : isMapping(def.Lookup)
          ? lookUpId(ctx, `x-network::${service}::AdditionalSecurityGroups::${name}`, def.Lookup, 'sg-', [...at, 'Lookup'], r)
          : undefined;
    if (id === undefined || fs.extraSecurityGroups.includes(id)) continue;
    if (!isAwsId(id, 'sg-')) {
      r.error(badIdFormat(id, 'sg-', [...at, 'SecurityGroupId']));
      continue;
    }
    if (fs.extraSecurityGroups.length + 1 >= MAX_GROUPS) {
      r.error({
        code: 'CXN1008',
        path: at,
        message: `family "${fs.family.name}" would join more than ${MAX_GROUPS} security groups`,
        expected: `at most ${MAX_GROUPS - 1} additional security groups (the family has its own)`,
        hint: 'ECS allows 5 security groups per service; merge rules into fewer groups',
      });
      continue;
    }
    fs.extraSecurityGroups.push(id);
  }
}
