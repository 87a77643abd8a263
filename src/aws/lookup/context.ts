/**
 * What a resolver gets for one lookup: clients running as the lookup's role, a wrapper that
 * turns AWS failures into diagnostics naming the lookup and the call, and helpers to report
 * "no match" / "several matches" with the candidates. Resolver codes: CXK1101 no match,
 * CXK1102 several matches, CXK1103 found but unusable (wrong VPC, wrong type, ...).
 */
import { UserError, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { LookupRequest } from '../../lookups/requests.js';
import { awsCall } from '../errors.js';
import type { AwsSession, ClientCtor } from '../session.js';
import { formatTags, type TaggedResource } from '../tags.js';

/** At most this many candidates are listed in a message. */
const MAX_LISTED = 10;

export class LookupContext {
  readonly warnings: Diagnostic[] = [];

  constructor(
    readonly session: AwsSession,
    readonly req: LookupRequest,
  ) {}

  client<C>(ctor: ClientCtor<C>): C {
    return this.session.client(ctor, this.req.roleArn);
  }

  /** Runs one AWS call; a failure becomes a UserError naming the call and the lookup. */
  call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    return awsCall({ action, what: `lookup ${this.req.key}`, roleArn: this.req.roleArn }, fn).catch((e: unknown) => {
      throw UserError.is(e) ? new UserError(e.diagnostics.map((d) => ({ ...d, path: d.path ?? this.req.path, pos: d.pos ?? this.req.pos }))) : e;
    });
  }

  error(code: string, message: string, more: { expected?: string; hint?: string } = {}): UserError {
    return new UserError([{ code, severity: 'error', message: `lookup ${this.req.key}: ${message}`, path: this.req.path, pos: this.req.pos, ...more }]);
  }

  warn(code: string, message: string, hint?: string): void {
    this.warnings.push({ code, severity: 'warning', message: `lookup ${this.req.key}: ${message}`, path: this.req.path, pos: this.req.pos, ...(hint ? { hint } : {}) });
  }

  /** Exactly one of `found`, else a UserError listing the candidates with their tags. */
  one(what: string, found: TaggedResource[], criteria: string): TaggedResource {
    if (found.length === 1) return found[0];
    if (found.length === 0) {
      throw this.error('CXK1101', `no ${what} matches ${criteria}`, {
        expected: `exactly one ${what}`,
        hint: `check the tags/identifier and the region (${this.session.region})${this.req.roleArn ? ` and account of ${this.req.roleArn}` : ''}`,
      });
    }
    throw this.error('CXK1102', `${found.length} ${what}s match ${criteria}`, {
      expected: `exactly one ${what}; candidates: ${listCandidates(found)}`,
      hint: 'add tags to the Lookup so that only one matches, or give its Arn/Identifier',
    });
  }
}

export function listCandidates(found: TaggedResource[]): string {
  const shown = found.slice(0, MAX_LISTED).map((r) => `${r.arn} (${formatTags(r.tags)})`);
  if (found.length > MAX_LISTED) shown.push(`and ${found.length - MAX_LISTED} more`);
  return shown.join('; ');
}

/** `Name=a` / `Name=a OR b, env=x`, for messages. */
export function describeFilters(filters: { Key?: string; Values?: string[] }[]): string {
  return `tags ${filters.map((f) => `${f.Key}=${(f.Values ?? []).join(' OR ')}`).join(', ')}`;
}

/** The last `/`- or `:`-separated part of an ARN (`vpc/vpc-1` → `vpc-1`). */
export function arnResourceId(arn: string): string {
  const res = arn.split(':').slice(5).join(':');
  const slash = res.lastIndexOf('/');
  return slash >= 0 ? res.slice(slash + 1) : res;
}

/** The partition of a region (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Collects every page of a NextToken-paginated call. */
export async function allPages<P extends { NextToken?: string }>(fetch: (token: string | undefined) => Promise<P>): Promise<P[]> {
  const pages: P[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    pages.push(page);
    token = page.NextToken || undefined;
  } while (token);
  return pages;
}

/** What a resource lookup found (aws/lookup/resource.ts): an ARN, or the identifier as written. */
export type ResourceRef = { arn: string } | { identifier: string };

/** The identifier of a ref: the last `:`/`/` part of the ARN (`...:cluster:my-cache` → `my-cache`) or the identifier. */
export function refId(ref: ResourceRef): string {
  if ('identifier' in ref) return ref.identifier;
  return ref.arn.split(/[:/]/).pop() as string;
}
