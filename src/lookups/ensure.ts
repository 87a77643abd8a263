/**
 * Before render: make sure every lookup of the project has a recorded result. When all are
 * recorded (and no refresh is asked) nothing touches AWS, not even credential resolution.
 * Otherwise the missing or changed lookups (every lookup with `refresh`) are resolved against
 * AWS and written to the lookup file. Without usable credentials the error names the lookups
 * that are missing and what to run.
 */
import { UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Mapping } from '../load/positions.js';
import { isCredentialDiagnostic } from '../aws/errors.js';
import type { AwsSession } from '../aws/session.js';
import type { Env } from '../aws/region.js';
import { RecordedLookups, requestIdentity } from './recorded.js';
import { listLookupRequests, type LookupRequest } from './requests.js';
import type { ResolveOptions } from './resolve.js';
import { readLookupFile, writeLookups } from './write.js';

export interface EnsureOptions {
  /** Resolve every lookup again (`--refresh-lookups`). */
  refresh: boolean;
  region?: string;
  roleArn?: string;
  env?: Env;
  /** Builds the AWS session (default: createSession); called only when something must be resolved. */
  clientsFactory?: (o: { region?: string; roleArn?: string; env?: Env }) => AwsSession;
  resolve?: ResolveOptions;
}

export interface EnsureResult {
  lookups: RecordedLookups;
  /** Keys resolved against AWS in this run. */
  resolved: string[];
  /** Whether the lookup file was written. */
  written: boolean;
  warnings: Diagnostic[];
}

export async function ensureLookups(project: { model: Mapping }, lookupFilePath: string, opts: EnsureOptions): Promise<EnsureResult> {
  const requests = listLookupRequests(project.model);
  const recorded = readLookupFile(lookupFilePath).lookups;
  const todo = opts.refresh ? requests : requests.filter((r) => !recorded[r.key] || requestIdentity(recorded[r.key].request) !== requestIdentity(r.request));
  if (todo.length === 0) return { lookups: read(lookupFilePath), resolved: [], written: false, warnings: [] };

  let resolved;
  try {
    // The AWS SDK is loaded only when something has to be resolved.
    const factory = opts.clientsFactory ?? (await import('../aws/session.js')).createSession;
    const { resolveLookups } = await import('./resolve.js');
    const session = factory({ region: opts.region, roleArn: opts.roleArn, env: opts.env });
    resolved = await resolveLookups(todo, session, opts.resolve);
  } catch (e) {
    if (UserError.is(e)) throw withWhatToRun(e, todo, lookupFilePath, opts.refresh);
    throw e;
  }
  const written = writeLookups(lookupFilePath, resolved);
  return { lookups: read(lookupFilePath), resolved: resolved.map((r) => r.key), written, warnings: resolved.flatMap((r) => r.warnings) };
}

function read(path: string): RecordedLookups {
  const r = RecordedLookups.read(path);
  if (!(r instanceof RecordedLookups)) throw new UserError([r]);
  return r;
}

/** Region and credential problems get a hint naming the unrecorded lookups and how to record them. */
function withWhatToRun(e: UserError, todo: LookupRequest[], file: string, refresh: boolean): UserError {
  const keys = todo.map((r) => r.key).join(', ');
  return new UserError(
    e.diagnostics.map((d) => {
      if (!isCredentialDiagnostic(d) && d.code !== 'CXW1001') return d;
      const why = refresh ? `--refresh-lookups needs AWS access for ${keys}` : `${todo.length === 1 ? 'lookup' : 'lookups'} ${keys} ${todo.length === 1 ? 'is' : 'are'} not recorded in ${file}`;
      return { ...d, pos: d.pos ?? todo[0]?.pos, path: d.path ?? todo[0]?.path, message: `${why}, and ${d.message.replace(/ \(.*\)$/, '')}`, hint: `${d.hint}; then render again to record ${todo.length === 1 ? 'it' : 'them'} (or add the ${todo.length === 1 ? 'entry' : 'entries'} to ${file} by hand)` };
    }),
  );
}
