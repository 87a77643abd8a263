/**
 * Resolves lookup requests against AWS, a few at a time, and returns their results in request
 * order. Every failure is collected; they are thrown together as one UserError (credential
 * problems once, not once per lookup). Credentials are checked once before any lookup starts.
 */
import { UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { awsCall, isCredentialDiagnostic } from '../aws/errors.js';
import { mapLimit } from '../aws/pool.js';
import type { AwsSession } from '../aws/session.js';
import { resolveCluster } from '../aws/lookup/cluster.js';
import { resolveNamespace, type HostedZoneVpcs } from '../aws/lookup/cloudmap.js';
import { LookupContext } from '../aws/lookup/context.js';
import { resolveKey } from '../aws/lookup/kms.js';
import { resolveBucket } from '../aws/lookup/s3.js';
import { resolveSecret } from '../aws/lookup/secrets.js';
import { resolveSecurityGroupOrPrefixList } from '../aws/lookup/security-group.js';
import { resolveTopic } from '../aws/lookup/sns.js';
import { resolveVpc } from '../aws/lookup/vpc.js';
import { resolveCertificate, resolveLoadBalancer, resolveUserPool, resolveWebAcl, resolveZone } from '../aws/lookup/load-balancing.js';
import { resolveResource } from '../aws/lookup/resource.js';
import type { LookupRequest } from './requests.js';

export interface ResolvedLookup {
  key: string;
  request: Record<string, unknown>;
  result: unknown;
  /** Things the user should know about this result (e.g. a field that could not be found). */
  warnings: Diagnostic[];
}

export interface ResolveOptions {
  /** Lookups in flight at once (default 4). */
  concurrency?: number;
  /** Finds the VPC of a Cloud Map namespace's hosted zone (see aws/lookup/cloudmap.ts). */
  hostedZoneVpcs?: HostedZoneVpcs;
}

export async function resolveLookups(requests: LookupRequest[], clients: AwsSession, opts: ResolveOptions = {}): Promise<ResolvedLookup[]> {
  if (requests.length === 0) return [];
  await awsCall({ what: `lookup ${requests[0].key}` }, () => clients.credentials()());
  const failures: Diagnostic[] = [];
  const results = await mapLimit(requests, opts.concurrency ?? 4, async (req) => {
    const ctx = new LookupContext(clients, req);
    try {
      const result = await resolveOne(ctx, opts);
      return { key: req.key, request: req.request, result, warnings: ctx.warnings };
    } catch (e) {
      if (!UserError.is(e)) throw e;
      failures.push(...e.diagnostics);
      return undefined;
    }
  });
  if (failures.length > 0) throw new UserError(summarize(failures));
  return results.filter((r): r is ResolvedLookup => r !== undefined);
}

function resolveOne(ctx: LookupContext, opts: ResolveOptions): Promise<unknown> {
  switch (ctx.req.kind) {
    case 'vpc':
      return resolveVpc(ctx);
    case 'cluster':
      return resolveCluster(ctx);
    case 'kms':
      return resolveKey(ctx);
    case 's3':
      return resolveBucket(ctx);
    case 'sns':
      return resolveTopic(ctx);
    case 'secrets':
      return resolveSecret(ctx);
    case 'cloudmap':
      return resolveNamespace(ctx, opts.hostedZoneVpcs);
    case 'security-group':
    case 'prefix-list':
      return resolveSecurityGroupOrPrefixList(ctx);
    case 'route53':
      return resolveZone(ctx);
    case 'acm':
      return resolveCertificate(ctx);
    case 'cognito':
      return resolveUserPool(ctx);
    case 'wafv2':
      return resolveWebAcl(ctx);
    case 'elbv2':
      return resolveLoadBalancer(ctx);
    case 'resource':
      return resolveResource(ctx);
  }
}

/** Credential problems once each; the other diagnostics as they are, without duplicates. */
function summarize(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const id = isCredentialDiagnostic(d) ? d.code : `${d.code}\u0000${d.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(d);
  }
  return out;
}
