/**
 * The project's tags: defaults (`compose-x::project-name`, `compose-x::version`) plus the
 * top-level x-tags (a mapping, or a list of {Key, Value}).
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../load/positions.js';
import { VERSION } from '../version.js';
import type { TagSet } from './tags.js';

export function projectTags(doc: Mapping, stackName: string, bag: DiagnosticBag): TagSet {
  const tags = new Map<string, string>([
    ['compose-x::project-name', stackName],
    ['compose-x::version', VERSION],
  ]);
  const x = doc['x-tags'];
  const add = (k: string, v: unknown, path: (string | number)[]) => {
    const value = v === null || v === undefined ? '' : String(v);
    if (k.length > 128 || value.length > 256) {
      bag.error({
        code: 'CXR1020',
        message: `tag ${k} is too long`,
        path: formatPath(path),
        pos: posAt(doc, path),
        expected: 'keys up to 128 characters, values up to 256 characters',
      });
      return;
    }
    if (k.startsWith('aws:')) {
      bag.error({ code: 'CXR1021', message: `tag keys cannot start with "aws:" (${k})`, path: formatPath(path), pos: posAt(doc, path), hint: 'the aws: prefix is reserved by AWS' });
      return;
    }
    tags.set(k, value);
  };
  if (isMapping(x)) for (const [k, v] of Object.entries(x)) add(k, v, ['x-tags', k]);
  else if (Array.isArray(x)) {
    x.forEach((t, i) => {
      if (isMapping(t) && typeof t.Key === 'string') add(t.Key, t.Value, ['x-tags', i]);
    });
  }
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}
