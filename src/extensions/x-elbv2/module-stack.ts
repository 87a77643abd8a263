/**
 * A module stack (elbv2, acm, route53, wafv2, cognito) whose values other stacks read: each
 * value is declared as an output once, and a reading stack gets a parameter fed from that
 * output (which also orders the stacks). A value that is already literal (a looked-up ARN)
 * is passed as is. Also the per-render cache the x-elbv2 family of modules share, so that
 * each module's resources are built once whichever extension asks for them first.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { getAtt } from '../../cfn/intrinsics.js';
import type { ParameterDefinition } from '../../cfn/template.js';
import type { RenderContext } from '../../synth/context.js';
import { NestedStack } from '../../synth/stack.js';
import { isMapping, type Mapping } from '../../load/positions.js';
import { Reporter, type KeyPath } from '../x-network/report.js';

export class ModuleStack extends NestedStack {
  private readonly outputs = new Set<string>();

  /** The stack's value `value` (exported as output `outputId`) as seen from stack `reader`. */
  exportTo(reader: NestedStack, outputId: string, value: CfnValue, param: string, def: ParameterDefinition): CfnValue {
    if (reader === this) return value;
    if (!this.outputs.has(outputId)) {
      this.outputs.add(outputId);
      this.template.addOutput(outputId, { Value: value });
    }
    return reader.input(param, def, getAtt(this.id, `Outputs.${outputId}`));
  }
}

/** The stack `id` of the render, created (and registered in creation order) on first use. */
export function moduleStack(ctx: RenderContext, id: string, description: string): ModuleStack {
  const existing = ctx.stacks.get(id);
  if (existing instanceof ModuleStack) return existing;
  const s = new ModuleStack(id, description, ctx.tags);
  ctx.stacks.set(id, s);
  return s;
}

/**
 * The resources of top-level extension `key` (`x-acm`, ...), built once per render: `build` is
 * called for each mapping entry and returns the resource, or undefined (reported) to skip it.
 */
export function resourcesOf<T>(key: string, build: (ctx: RenderContext, name: string, def: Mapping, r: Reporter) => T | undefined): (ctx: RenderContext) => Map<string, T> {
  return perRender((ctx) => {
    const out = new Map<string, T>();
    const x = ctx.doc[key];
    if (!isMapping(x)) return out;
    const r = new Reporter(ctx.doc, ctx.bag);
    for (const [name, def] of Object.entries(x)) {
      if (!isMapping(def)) continue;
      const v = build(ctx, name, def, r);
      if (v !== undefined) out.set(name, v);
    }
    return out;
  });
}

/** A Lookup mapping as recorded: without an empty or absent RoleArn. */
export function withoutRole(lookup: Mapping): Record<string, unknown> {
  const request = { ...lookup };
  if (request.RoleArn === '' || request.RoleArn === undefined || request.RoleArn === null) delete request.RoleArn;
  return request;
}

/** The recorded result of lookup `key` as a mapping, or undefined (reported at `path`). */
export function recordedResult(ctx: RenderContext, key: string, request: unknown, path: KeyPath, r: Reporter): Mapping | undefined {
  const got = ctx.lookups.get<unknown>(key, request, undefined, '');
  if ('error' in got) {
    r.error({ code: got.error.code, path, message: got.error.message, expected: got.error.expected, hint: got.error.hint });
    return undefined;
  }
  return isMapping(got.result) ? got.result : {};
}

/** A value computed once per render (per RenderContext), whichever module asks first. */
export function perRender<T>(build: (ctx: RenderContext) => T): (ctx: RenderContext) => T {
  const cache = new WeakMap<RenderContext, T>();
  return (ctx) => {
    let v = cache.get(ctx);
    if (v === undefined) {
      v = build(ctx);
      cache.set(ctx, v);
    }
    return v;
  };
}

/**
 * A stack value: literal (looked up; passed to the reading stack as parameter `param` when
 * named, as the validators want ARNs and ids as parameters) or an output of a module stack.
 */
export type StackValue = { literal: CfnValue; param?: string; description?: string } | { stack: ModuleStack; output: string; value: CfnValue; param: string; description: string };

export function valueIn(reader: NestedStack, v: StackValue): CfnValue {
  if ('literal' in v) return v.param && typeof v.literal === 'string' ? reader.input(v.param, { Type: 'String', Description: v.description }, v.literal) : v.literal;
  return v.stack.exportTo(reader, v.output, v.value, v.param, { Type: 'String', Description: v.description });
}
