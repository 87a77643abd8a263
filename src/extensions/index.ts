/**
 * The registry of x- extensions applied during render, in order. No other stage knows an
 * extension by name.
 */
import type { Extension } from '../synth/context.js';

export const EXTENSIONS: Extension[] = [];
