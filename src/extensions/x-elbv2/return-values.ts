/**
 * `ReturnValues {<attribute>: <VAR>}` of the load-balancing modules (x-elbv2 targets,
 * x-cognito_userpool Services): each attribute reaches the service's containers as an
 * environment variable, read from the module stack's output (or literal when looked up).
 * Kept in one place so it can move onto a shared Services/ReturnValues mechanism.
 */
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import { resolveTargets } from '../shared/targets.js';
import { Reporter, listOf, type KeyPath } from '../x-network/report.js';
import { valueIn, type StackValue } from './module-stack.js';

/** Sets the variables of `returnValues` on `container` ('*' = all) of the family. */
export function addReturnValues(fs: FamilyStack, container: string, returnValues: Mapping, attributes: Record<string, StackValue | undefined>, what: string, path: KeyPath, r: Reporter): void {
  for (const [attr, v] of Object.entries(returnValues)) {
    const value = attributes[attr];
    if (!value) {
      r.error({
        code: 'CXE1001',
        path: [...path, 'ReturnValues', attr],
        message: `${what} has no return value "${attr}"`,
        expected: `one of: ${listOf(Object.keys(attributes).filter((k) => attributes[k] !== undefined))}`,
      });
      continue;
    }
    const name = typeof v === 'string' ? v : isMapping(v) ? String(v.EnvVarName) : attr;
    fs.addEnvironment(container, name, valueIn(fs, value));
  }
}

/** `Services.<family or service>.ReturnValues` of a module resource. */
export function linkReturnValues(ctx: RenderContext, base: (string | number)[], services: Record<string, unknown>, attributes: Record<string, StackValue | undefined>): void {
  const r = new Reporter(ctx.doc, ctx.bag);
  for (const [key, svc] of Object.entries(services)) {
    if (!isMapping(svc) || !isMapping(svc.ReturnValues)) continue;
    const path = [...base, 'Services', key];
    const targets = resolveTargets(ctx, key, { path: formatPath(path), pos: posAt(ctx.doc, path) }, { unknown: 'CXX1001', ambiguous: 'CXX2001' }, `${String(base[0])} "${String(base[1])}"`);
    for (const { fs, container } of targets ?? []) addReturnValues(fs, container, svc.ReturnValues, attributes, `${String(base[0])} "${String(base[1])}"`, path, r);
  }
}
