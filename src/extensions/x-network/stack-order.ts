/**
 * The creation order of the nested stacks as the root will declare it: a stack waits for the
 * stacks in its `dependsOn`, those its parameter values reference (Ref / Fn::GetAtt) and, for a
 * family, the families its services `depends_on`.
 * Used to place a rule between two families in the stack created last, so that no cycle arises.
 */
import type { RenderContext } from '../../synth/context.js';
import { referencedIds } from '../../cfn/references.js';

export class StackOrder {
  constructor(private readonly ctx: RenderContext) {}

  private direct(id: string): string[] {
    const fs = this.ctx.families.get(id);
    const stack = fs ?? this.ctx.stacks.get(id);
    if (!stack) return [];
    const out = [...stack.dependsOn, ...referencedIds([...stack.inputs.values()])];
    return fs ? [...out, ...fs.family.dependsOnFamilies] : out;
  }

  /** True when stack `a` is created after stack `b` (waits for it, directly or not). */
  waitsFor(a: string, b: string): boolean {
    const seen = new Set<string>();
    const todo = [a];
    while (todo.length > 0) {
      const cur = todo.pop() as string;
      for (const d of this.direct(cur)) {
        if (d === b) return true;
        if (!seen.has(d)) {
          seen.add(d);
          todo.push(d);
        }
      }
    }
    return false;
  }
}
