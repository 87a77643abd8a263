/** Logical IDs a template value refers to with `Ref` or `Fn::GetAtt` (dependency analysis). */

export function referencedIds(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) referencedIds(x, out);
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Ref' && typeof x === 'string') out.add(x);
      else if (k === 'Fn::GetAtt' && Array.isArray(x) && typeof x[0] === 'string') out.add(x[0]);
      else referencedIds(x, out);
    }
  }
  return out;
}
