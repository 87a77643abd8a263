/**
 * Canonical long forms: converts compose short syntax into the long forms that
 * `docker compose config --format json` prints (ports, volumes, depends_on, secrets, build,
 * env_file, environment/labels maps, shell-split commands, byte sizes, durations, …).
 * Every container built here carries the source positions of the value it came from. The
 * parsers for port and volume short syntax are exported for the merge stage, which compares
 * entries on their canonical form.
 */
import { isMapping, type Mapping } from '../positions.js';
import { RULES } from './rules.js';
import { walk, type CanonicalContext } from './walk.js';

export type { CanonicalContext } from './walk.js';
export { isSpecError, type SpecError } from './spec-error.js';
export { put, stableText, stamp, uniqueBy } from './tree.js';
export { canonicalPorts, parsePortSpec, portIdentity } from './ports.js';
export { mountTarget, normalizeTarget, parseVolumeSpec, volumeTarget } from './volumes.js';
export { splitCommand } from './command.js';
export { formatGoDuration } from './sizes.js';

export function canonicalize(doc: Mapping, ctx: CanonicalContext): Mapping {
  const root = { doc };
  const out = walk(doc, { path: [], parent: root, key: 'doc', ctx, rules: RULES });
  return isMapping(out) ? out : doc;
}
