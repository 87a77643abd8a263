/**
 * Compose durations for the model stage; the parser lives in `src/shared/duration.ts`,
 * shared with the load stage.
 */
export * from '../shared/duration.js';
