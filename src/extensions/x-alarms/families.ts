/**
 * Finding the family an x-alarms entry names (by family name, or by a service in exactly one
 * family), shared by the alarm properties and the step-scaling plans.
 */
import type { RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';

type KeyPath = (string | number)[];

/** Reports an error of code `code` at `path`, expecting `expected`. */
export type ReportError = (ctx: RenderContext, code: string, message: string, path: KeyPath, expected: string) => void;

/**
 * The family called `name`, else the one family of service `name`; otherwise reports CXA1201
 * at `path` through `err` (listing the families) and returns undefined.
 */
export function familyByName(ctx: RenderContext, name: string, path: KeyPath, err: ReportError): FamilyStack | undefined {
  const family = [...ctx.families.values()].find((f) => f.family.name === name);
  if (family) return family;
  const of = ctx.familiesOf(name);
  if (of.length === 1) return of[0];
  const families = [...ctx.families.values()].map((f) => f.family.name).sort();
  err(ctx, 'CXA1201',
    of.length === 0 ? `"${name}" is neither a family nor a service` : `service "${name}" is in several families (${of.map((f) => f.family.name).join(', ')})`,
    path, `a family: ${families.join(', ')}`);
  return undefined;
}
