/**
 * Recorded lookup results: a JSON file kept next to the compose files (default
 * `compose-x.lookups.json`, reviewed and committed like CDK's context file). Render reads
 * results from it and never calls AWS; a request without a recorded result is a clear error.
 *
 * Format: { "version": 1, "lookups": { "<key>": { "request": <what was asked>, "result": <answer> } } }
 * Keys name the extension and resource, e.g. "x-vpc", "x-cluster", "x-s3::connect-bucket".
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Diagnostic, SourcePos } from '../diagnostics/diagnostic.js';

export const DEFAULT_LOOKUP_FILE = 'compose-x.lookups.json';

export interface LookupEntry {
  request: unknown;
  result: unknown;
}

export interface LookupFile {
  version: 1;
  lookups: Record<string, LookupEntry>;
}

export class RecordedLookups {
  private readonly used = new Set<string>();
  constructor(
    readonly path: string,
    private readonly data: LookupFile,
  ) {}

  static empty(path: string): RecordedLookups {
    return new RecordedLookups(path, { version: 1, lookups: {} });
  }

  static read(path: string): RecordedLookups | Diagnostic {
    if (!existsSync(path)) return RecordedLookups.empty(path);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      return { code: 'CXK1001', severity: 'error', message: `cannot read lookup file ${path}: ${(e as Error).message}`, pos: { file: path, line: 1, column: 1 }, hint: 'the file must be JSON written by ecs-compose-x; fix or delete it' };
    }
    const d = data as Partial<LookupFile>;
    if (typeof d !== 'object' || d === null || d.version !== 1 || typeof d.lookups !== 'object' || d.lookups === null) {
      return { code: 'CXK1002', severity: 'error', message: `lookup file ${path} is not in the expected format`, pos: { file: path, line: 1, column: 1 }, expected: '{"version": 1, "lookups": {...}}' };
    }
    return new RecordedLookups(path, d as LookupFile);
  }

  /**
   * The recorded result for `key`, if its recorded request equals `request`. Returns a
   * diagnostic when missing or stale.
   */
  get<T>(key: string, request: unknown, pos: SourcePos | undefined, path: string): { result: T } | { error: Diagnostic } {
    this.used.add(key);
    const e = this.data.lookups[key];
    if (!e) {
      return {
        error: {
          code: 'CXK1003',
          severity: 'error',
          message: `no recorded result for lookup ${key}`,
          pos,
          path,
          expected: `an entry "${key}" in ${this.path}`,
          hint: 'lookups are resolved against AWS and recorded in the lookup file; record this one (or pass --lookups FILE) and render again',
        },
      };
    }
    if (requestIdentity(e.request) !== requestIdentity(request)) {
      return {
        error: {
          code: 'CXK1004',
          severity: 'error',
          message: `the lookup ${key} changed since its result was recorded`,
          pos,
          path,
          expected: `request ${stable(e.request)}`,
          hint: 'record the lookup again so its result matches the new request',
        },
      };
    }
    return { result: e.result as T };
  }
}

/**
 * What identifies a request: the Lookup block without `RoleArn` (the role only says how to
 * reach the resource, and an empty one is the same as none), as sorted JSON.
 */
export function requestIdentity(request: unknown): string {
  if (typeof request === 'object' && request !== null && !Array.isArray(request) && 'RoleArn' in request) {
    const { RoleArn: _role, ...rest } = request as Record<string, unknown>;
    return stable(rest);
  }
  return stable(request);
}

/** JSON with sorted keys, to compare requests regardless of key order. */
export function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
