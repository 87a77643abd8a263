/**
 * Writing the lookup file: new results are merged into the entries already recorded (entries
 * of other keys are kept), and the file is written with sorted keys, 2-space indentation and a
 * trailing newline, so the same data always gives the same bytes. The write is atomic (a
 * temporary file renamed over the old one) and skipped when nothing changed.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { UserError } from '../diagnostics/diagnostic.js';
import { RecordedLookups, type LookupEntry, type LookupFile } from './recorded.js';

/** The lookup file at `path` (an empty one when absent); a UserError when it is unreadable. */
export function readLookupFile(path: string): LookupFile {
  const checked = RecordedLookups.read(path);
  if (!(checked instanceof RecordedLookups)) throw new UserError([checked]);
  if (!existsSync(path)) return { version: 1, lookups: {} };
  return JSON.parse(readFileSync(path, 'utf8')) as LookupFile;
}

/** `data` as JSON with every object's keys sorted, 2-space indentation and a trailing newline. */
export function formatLookupFile(data: LookupFile): string {
  return `${JSON.stringify(sortKeys(data), null, 2)}\n`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

/** Records `entries` in the lookup file at `path`; returns whether the file changed. */
export function writeLookups(path: string, entries: { key: string; request: unknown; result: unknown }[]): boolean {
  const data = readLookupFile(path);
  const lookups: Record<string, LookupEntry> = { ...data.lookups };
  for (const e of entries) lookups[e.key] = { request: e.request, result: e.result };
  const text = formatLookupFile({ ...data, version: 1, lookups });
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  return true;
}
