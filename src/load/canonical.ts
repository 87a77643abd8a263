/**
 * Canonical long forms of compose short syntax; the implementation is in `./canonical/`.
 */
export * from './canonical/index.js';
