/**
 * Which containers a `x-<module>.<resource>.Services.<key>` entry links: a key naming a family
 * links the whole family (every container gets the variables); otherwise a key naming a
 * service links that service's families, with the variables on that container only. A name
 * that is both a family and a service is read as the family (warning when the service also
 * runs in other families, which are then not linked).
 */
import type { RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import type { SourcePos } from '../../diagnostics/diagnostic.js';
import { isMapping } from '../../load/positions.js';

export interface Target {
  fs: FamilyStack;
  /** Container receiving the variables: a service name, or '*' for every container. */
  container: string;
}

export interface Where {
  path: string;
  pos: SourcePos | undefined;
}

export function resolveTargets(
  ctx: RenderContext,
  key: string,
  where: Where,
  codes: { unknown: string; ambiguous: string },
  owner: string,
): Target[] | undefined {
  const families = [...ctx.families.values()].filter((fs) => fs.family.name === key);
  const asService = ctx.familiesOf(key);
  if (families.length > 0) {
    const others = asService.filter((fs) => !families.includes(fs));
    if (others.length > 0) {
      ctx.bag.warn({
        code: codes.ambiguous,
        message: `"${key}" is both a family and a service; the family ${key} is linked, not the service's other families (${others.map((f) => f.family.name).join(', ')})`,
        ...where,
        hint: 'add an entry for each other family by its name to link them too',
      });
    }
    return families.map((fs) => ({ fs, container: '*' }));
  }
  if (asService.length > 0) return asService.map((fs) => ({ fs, container: key }));
  const services = isMapping(ctx.doc.services) ? Object.keys(ctx.doc.services) : [];
  const valid = [...new Set([...[...ctx.families.values()].map((f) => f.family.name), ...services])].sort();
  ctx.bag.error({
    code: codes.unknown,
    message: `${owner} links to "${key}", which is neither a family nor a service`,
    ...where,
    expected: `one of: ${valid.join(', ') || '(no services)'}`,
  });
  return undefined;
}
