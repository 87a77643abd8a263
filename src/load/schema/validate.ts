/**
 * Schema validation of the merged, interpolated (not yet canonicalised) compose project:
 * the compose format, then each x- extension where it applies, then the `ecs.*` deploy
 * labels. Known keys that break their schema are errors; x- keys we do not know are warnings.
 */
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatPath, isMapping, keyPos, posAt } from '../positions.js';
import { checkScalingRange } from './checks.js';
import { checkEcrSettings } from '../../extensions/x-ecr/check.js';
import { SchemaCodes } from './codes.js';
import { reportSchemaErrors, type KeyPath } from './errors.js';
import { checkDeployLabels } from './labels.js';
import { composeValidator, extensionKeysFor, extensionValidator, type ExtensionPlace } from './schemas.js';
import { didYouMean } from './suggest.js';
import { ONE_X_SERVICE, ONE_X_TOP_LEVEL } from './one-x-keys.js';

/** Top-level `x-` keys this tool understands. */
export const KNOWN_TOP_LEVEL_EXTENSIONS: readonly string[] = Object.freeze(extensionKeysFor('project'));

/** Service-level `x-` keys this tool understands. */
export const KNOWN_SERVICE_EXTENSIONS: readonly string[] = Object.freeze(extensionKeysFor('service'));

export function validateProject(doc: Record<string, unknown>, bag: DiagnosticBag): void {
  const compose = composeValidator();
  if (!compose(doc) && compose.errors) {
    reportSchemaErrors(compose.errors, { root: doc, base: [], data: doc, bag });
  }

  if ('version' in doc) {
    bag.warn({
      code: SchemaCodes.ObsoleteVersion,
      message: '`version` is obsolete and ignored',
      path: 'version',
      pos: keyPos(doc, 'version'),
      hint: 'remove the `version` line',
    });
  }

  checkExtensions(doc, [], 'project', KNOWN_TOP_LEVEL_EXTENSIONS, doc, bag);

  if (isMapping(doc.services)) {
    for (const [name, service] of Object.entries(doc.services)) {
      if (!isMapping(service)) continue;
      const at = ['services', name];
      checkExtensions(service, at, 'service', KNOWN_SERVICE_EXTENSIONS, doc, bag);
      checkScalingRange(service['x-scaling'], [...at, 'x-scaling'], doc, bag);
      checkEcrSettings(service['x-ecr'], [...at, 'x-ecr'], doc, bag);
      // 1.x x-docker_opts.InterpolateWithDigest: the same setting through the Docker engine (x-ecr/check.ts)
      checkEcrSettings(service['x-docker_opts'], [...at, 'x-docker_opts'], doc, bag);
      if (isMapping(service.deploy)) checkDeployLabels(service.deploy.labels, [...at, 'deploy', 'labels'], doc, bag);
    }
  }

  for (const [section, place] of [
    ['secrets', 'secret'],
    ['networks', 'network'],
    ['volumes', 'volume'],
  ] as const) {
    const entries = doc[section];
    if (!isMapping(entries)) continue;
    for (const [name, entry] of Object.entries(entries)) {
      if (isMapping(entry)) checkExtensions(entry, [section, name], place, extensionKeysFor(place), doc, bag, false);
    }
  }
}

/**
 * Validates each `x-` key of `node` that has a schema at `place`; warns about the others
 * when `warnUnknown` (only at top and service level, where the list of ours is complete).
 */
function checkExtensions(
  node: Record<string, unknown>,
  at: KeyPath,
  place: ExtensionPlace,
  known: readonly string[],
  root: Record<string, unknown>,
  bag: DiagnosticBag,
  warnUnknown = true,
): void {
  for (const [key, value] of Object.entries(node)) {
    if (!key.startsWith('x-')) continue;
    const path = [...at, key];
    const validate = extensionValidator(key, place);
    if (!validate) {
      const oneX = place === 'project' ? ONE_X_TOP_LEVEL[key] : place === 'service' ? ONE_X_SERVICE[key] : undefined;
      if (oneX && warnUnknown) {
        bag.warn({
          code: SchemaCodes.NotSupportedYet,
          message: `\`${key}\` (ECS Compose-X 1.x: ${oneX.what}) is not supported yet by this version and is ignored`,
          path: formatPath(path),
          pos: posAt(root, path),
          hint: oneX.instead,
        });
      } else if (warnUnknown) {
        bag.warn({
          code: SchemaCodes.UnknownExtension,
          message: `unknown extension \`${key}\` is ignored`,
          path: formatPath(path),
          pos: posAt(root, path),
          expected: `one of: ${known.join(', ')}`,
          hint: didYouMean(key, known),
        });
      }
      continue;
    }
    if (!validate(value) && validate.errors) {
      reportSchemaErrors(validate.errors, { root, base: path, data: value, bag });
    }
  }
}
