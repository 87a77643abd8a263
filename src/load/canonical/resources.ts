/**
 * Top-level networks, volumes, secrets and configs: the legacy `external: {name}` form and
 * absolute paths for secret and config files.
 */
import { isMapping, keyPos, setKeyPos, type Mapping } from '../positions.js';
import { hostPath } from './paths.js';
import { walkChildren, type Transform } from './walk.js';

/** Top-level network, volume, secret or config: legacy `external: {name}`, labels, file paths. */
export const transformResource: Transform = (value, at) => {
  if (!isMapping(value)) return value;
  const out = walkChildren(value, at) as Mapping;
  if (isMapping(out.external)) {
    const name = out.external.name;
    out.external = true;
    if (typeof name === 'string' && out.name === undefined) {
      out.name = name;
      setKeyPos(out, 'name', keyPos(out, 'external'));
    }
  }
  if (typeof out.file === 'string' && (at.path[0] === 'secrets' || at.path[0] === 'configs')) {
    out.file = hostPath(out.file, at.ctx);
  }
  return out;
};
