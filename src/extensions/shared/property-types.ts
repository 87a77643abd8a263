/**
 * 1.x files often write booleans and integers of resource Properties as strings (`'true'`, `'2'`),
 * which CloudFormation coerces and cfn-lint warns about (W9003). `typedProperties` writes them with
 * their type: for each listed top-level property, `'true'`/`'false'` → boolean and a decimal
 * string → integer; anything else (intrinsics, other text) is left as written.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';

export interface PropertyTypes {
  booleans?: readonly string[];
  integers?: readonly string[];
}

export function typedProperties(props: Record<string, CfnValue>, types: PropertyTypes): Record<string, CfnValue> {
  const out = { ...props };
  for (const k of types.booleans ?? []) if (out[k] === 'true' || out[k] === 'false') out[k] = out[k] === 'true';
  for (const k of types.integers ?? []) if (typeof out[k] === 'string' && /^\d+$/.test(out[k] as string)) out[k] = Number(out[k]);
  return out;
}
