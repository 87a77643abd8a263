/**
 * Every registered extension, loaded (for tests and tools that render in-process and
 * synchronously); `extensionsFor(doc)` picks those the CLI loads for `doc`, by the same rule.
 */
import type { Mapping } from '../load/positions.js';
import type { Extension } from '../synth/context.js';
import { loadExtensions, neededMask } from './index.js';

export const EXTENSIONS: readonly Extension[] = await loadExtensions();

/** The extensions that render `doc`, in order: what `loadExtensions(doc)` gives the CLI. */
export function extensionsFor(doc: Mapping): Extension[] {
  const mask = neededMask(doc);
  return EXTENSIONS.filter((_, i) => mask[i]);
}
