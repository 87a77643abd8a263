/**
 * CloudFormation logical IDs: validation (`^[A-Za-z0-9]+$`, at most 255 characters) and the
 * deterministic builder `logicalId(...parts)`.
 *
 * Rule of `logicalId`:
 *  1. concatenate the parts and drop every character outside `[A-Za-z0-9]` (the reference
 *     tool's NONALNUM: `connect-files` → `connectfiles`);
 *  2. if that is 1..255 characters long, it is the ID;
 *  3. otherwise (empty, or longer than 255) the ID is the first 247 characters of step 1
 *     (or `Id` when step 1 is empty) followed by the first 8 hex characters of the SHA-256 of
 *     the raw concatenated input. Same input, same ID; different long inputs sharing a
 *     247-character prefix still differ.
 */

import { createHash } from 'node:crypto';
import { CfnInternalError } from './errors.js';

export const LOGICAL_ID_MAX_LENGTH = 255;
const HASH_LENGTH = 8;
const LOGICAL_ID_RE = /^[A-Za-z0-9]+$/;

/** Removes every character outside `[A-Za-z0-9]`. */
export function nonAlnum(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '');
}

/** Builds a valid logical ID from the given parts (see the module header for the exact rule). */
export function logicalId(...parts: string[]): string {
  const raw = parts.join('');
  const clean = nonAlnum(raw);
  if (clean.length > 0 && clean.length <= LOGICAL_ID_MAX_LENGTH) return clean;
  const hash = createHash('sha256').update(raw, 'utf8').digest('hex').slice(0, HASH_LENGTH);
  const head = clean.length === 0 ? 'Id' : clean.slice(0, LOGICAL_ID_MAX_LENGTH - HASH_LENGTH);
  return head + hash;
}

export function isValidLogicalId(id: string): boolean {
  return id.length <= LOGICAL_ID_MAX_LENGTH && LOGICAL_ID_RE.test(id);
}

/** Throws an internal error when `id` is not a valid logical ID. */
export function assertLogicalId(id: string, what: string): void {
  if (!isValidLogicalId(id)) {
    throw new CfnInternalError(
      `invalid ${what} logical ID ${JSON.stringify(id)}: must match ^[A-Za-z0-9]+$ and be at most ${LOGICAL_ID_MAX_LENGTH} characters`,
    );
  }
}
