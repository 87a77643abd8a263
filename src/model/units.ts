/**
 * Compose byte sizes and CPU counts for the model stage; the parsers live in
 * `src/shared/units.ts`, shared with the load stage.
 */
export * from '../shared/units.js';
