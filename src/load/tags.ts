/**
 * YAML tags understood by the loader (compose spec): `!reset` removes the value that earlier
 * files set at this path, `!override` replaces it instead of merging. The parser turns tagged
 * nodes into these marker objects; the merge stage consumes them and none survive past it.
 */

export class ResetTag {
  readonly kind = 'reset' as const;
}

export class OverrideTag {
  readonly kind = 'override' as const;
  constructor(readonly value: unknown) {}
}

export function isReset(v: unknown): v is ResetTag {
  return v instanceof ResetTag;
}

export function isOverride(v: unknown): v is OverrideTag {
  return v instanceof OverrideTag;
}
