/**
 * Forms of versions before ECS Compose-X 1.0 that 1.1.9 rejects, reported with what to write
 * instead (rather than as a plain type error of the schema).
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from './positions.js';

/** Modules whose `Services` is a mapping since 1.0 (1.1.9: "Services as list have been deprecated"). */
const SERVICES_AS_MAPPING = ['x-alarms', 'x-elasticache', 'x-opensearch', 'x-s3', 'x-sns', 'x-kinesis', 'x-kinesis_firehose', 'x-codeguru_profiler'];

/** `x-<module>.<name>.Services: [{name: svc, access: ...}]` → error CXV1030 with the mapping form to write. */
export function checkLegacyServicesLists(model: Mapping, bag: DiagnosticBag): void {
  for (const module of SERVICES_AS_MAPPING) {
    const resources = model[module];
    if (!isMapping(resources)) continue;
    for (const [name, def] of Object.entries(resources)) {
      if (!isMapping(def) || !Array.isArray(def.Services)) continue;
      const path = [module, name, 'Services'];
      const example = def.Services.map((s) => (isMapping(s) ? (s.name ?? s.Name) : undefined)).find((n) => typeof n === 'string') ?? 'app';
      bag.error({
        code: 'CXV1030',
        message: `\`Services\` of ${module}.${name} is a list, the form of versions before ECS Compose-X 1.0 (1.1.9 rejects it too)`,
        path: formatPath(path),
        pos: posAt(model, path),
        expected: 'a mapping of service or task family names to their settings',
        hint: `write \`Services: {${String(example)}: {Access: ...}}\` (the Access values are listed in extensions.md)`,
      });
    }
  }
}
