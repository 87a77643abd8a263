/**
 * The nested stack of a module (`s3`, `sqs`, ...): resources register the attributes they can
 * give; a family reading one gets a parameter fed from an output of this stack (declared only
 * when used, by `addOutputs` once every link is made) and waits for the stack.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { getAtt } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy, UpdateReplacePolicy } from '../../cfn/template.js';
import { isMapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { NestedStack } from '../../synth/stack.js';

interface Exposed {
  name: string;
  order: readonly string[];
  used: Set<string>;
  valueOf: (attr: string) => CfnValue;
}

export class ModuleStack extends NestedStack {
  private readonly exposed = new Map<string, Exposed>();
  private readonly declared = new Set<string>();

  /**
   * Registers resource `id` (name `name` under the module) giving `attributes` (output order),
   * each attribute's value inside this stack, and the attributes always output.
   */
  expose(id: string, name: string, attributes: readonly string[], valueOf: (attr: string) => CfnValue, always: readonly string[] = []): void {
    this.exposed.set(id, { name, order: attributes, used: new Set(always), valueOf });
  }

  /** The attribute as seen from `consumer`: parameter `<stack><name><attr>` = output `<id><attr>`. */
  attribute(consumer: NestedStack, id: string, attr: string, description?: string): CfnValue {
    const e = this.exposed.get(id);
    if (!e) throw new Error(`${id} is not a resource of stack ${this.id}`);
    e.used.add(attr);
    consumer.dependsOn.add(this.id);
    return consumer.input(logicalId(this.id, e.name, attr), { Type: 'String', Description: description ?? `${attr} of ${e.name}` }, getAtt(this.id, `Outputs.${outputName(id, attr)}`));
  }

  /** Declares the outputs used so far (after every link is made; again for later uses, e.g. FireLens). */
  addOutputs(): void {
    for (const [id, e] of this.exposed) {
      for (const attr of e.order) {
        const name = outputName(id, attr);
        if (!e.used.has(attr) || this.declared.has(name)) continue;
        this.declared.add(name);
        this.template.addOutput(name, { Value: e.valueOf(attr) });
      }
    }
  }
}

/** Output of attribute `attr` of resource `id` (`Endpoint.Port` → `<id>EndpointPort`). */
function outputName(id: string, attr: string): string {
  return `${id}${attr.replace(/[^A-Za-z0-9]/g, '')}`;
}

const perRender = new WeakMap<RenderContext, Map<string, ModuleStack>>();

/**
 * The module stack `id` of this render, created and registered in `ctx.stacks` on first use;
 * `finishModules` declares its outputs after every link and pointer.
 */
export function moduleStack(ctx: RenderContext, id: string, title: string): ModuleStack {
  const all = perRender.get(ctx) ?? new Map<string, ModuleStack>();
  perRender.set(ctx, all);
  let s = all.get(id);
  if (!s) {
    s = new ModuleStack(id, title, ctx.tags);
    all.set(id, s);
    ctx.stacks.set(id, s);
  }
  return s;
}

/** Declares the outputs of every stack made by `moduleStack` in this render. */
export function addModuleOutputs(ctx: RenderContext): void {
  for (const s of perRender.get(ctx)?.values() ?? []) s.addOutputs();
}

/** `x-<module>.DeletionPolicy` (the module option applying to every new resource), if given. */
export function moduleDeletionPolicy(ctx: RenderContext, key: string): DeletionPolicy | undefined {
  const root = ctx.doc[key];
  return isMapping(root) ? (root.DeletionPolicy as DeletionPolicy | undefined) : undefined;
}

/** The resource attributes of a deletion policy: itself, and UpdateReplacePolicy Delete or else Retain. */
export function retentionAttributes(policy: DeletionPolicy | undefined): { DeletionPolicy?: DeletionPolicy; UpdateReplacePolicy?: UpdateReplacePolicy } {
  return policy === undefined ? {} : { DeletionPolicy: policy, UpdateReplacePolicy: policy === 'Delete' ? 'Delete' : 'Retain' };
}
