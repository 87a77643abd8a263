/**
 * The creation order of the nested stacks as the root will declare it: a stack waits for the
 * stacks in its `dependsOn`, those its parameter values reference (Ref / Fn::GetAtt) and, for a
 * family, the families its services `depends_on`.
 * Used to place a rule between two families in the stack created last, so that no cycle arises.
 */
import type { RenderContext } from '../../synth/context.js';

export class StackOrder {
  constructor(private readonly ctx: RenderContext) {}

  private direct(id: string): string[] {
    const fs = this.ctx.families.get(id);
    const stack = fs ?? this.ctx.stacks.get(id);
    if (!stack) return [];
    const out = [...stack.dependsOn, ...referenced([...stack.inputs.values()])];
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

/** Logical IDs a value references with Ref or Fn::GetAtt. */
function referenced(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) referenced(x, out);
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Ref' && typeof x === 'string') out.push(x);
      else if (k === 'Fn::GetAtt' && Array.isArray(x) && typeof x[0] === 'string') out.push(x[0]);
      else referenced(x, out);
    }
  }
  return out;
}
