/**
 * An AWS session: one region, the standard credential chain (or `--role-arn` assumed from it),
 * and SDK clients built on demand, optionally for another role (a Lookup's `RoleArn`, assumed
 * from the base credentials). Every client retries with backoff (adaptive mode) and has
 * connection and request timeouts. Endpoints are left to the SDK, so AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_<SERVICE> apply. Building a session makes no AWS call: credentials are
 * resolved on the first request.
 */
import type { ECSClientConfig } from '@aws-sdk/client-ecs';
import { STSClient } from '@aws-sdk/client-sts';
import { UserError } from '../diagnostics/diagnostic.js';
import { assumeRoleCredentials, defaultCredentials, type CredentialProvider, type Credentials } from './credentials.js';
import { noRegionDiagnostic } from './errors.js';
import { resolveRegion, type Env } from './region.js';

export type RequestHandlerInput = NonNullable<ECSClientConfig['requestHandler']>;

/** The configuration every client of a session gets. */
export interface CommonClientConfig {
  region: string;
  credentials: CredentialProvider;
  maxAttempts: number;
  retryMode: string;
  requestHandler: RequestHandlerInput;
  /** S3 only: follow a bucket to its region (other clients ignore it). */
  followRegionRedirects?: boolean;
}

export type ClientCtor<C> = new (config: CommonClientConfig) => C;

export interface SessionOptions {
  /** `--region`. */
  region?: string;
  /** `--role-arn`: the role every call runs as (lookups with their own RoleArn assume it from here). */
  roleArn?: string;
  /** AWS profile (default: AWS_PROFILE). */
  profile?: string;
  env?: Env;
  /** Attempts per call, first included (default 5). */
  maxAttempts?: number;
  /** Milliseconds to open a connection (default 5000). */
  connectionTimeoutMs?: number;
  /** Milliseconds a request may take (default 30000). */
  requestTimeoutMs?: number;
  /** Milliseconds to resolve credentials (default 30000). */
  credentialsTimeoutMs?: number;
  /** Credentials to use instead of the standard chain (tests, embedding). */
  credentials?: Credentials | CredentialProvider;
  /** An HTTP handler to use instead of the SDK's (tests). */
  requestHandler?: RequestHandlerInput;
}

export interface AwsSession {
  readonly region: string;
  /** S3 endpoint override from AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL (emulators); S3 then uses path-style URLs. */
  readonly s3Endpoint?: string;
  /** A client of `ctor`, as `roleArn` when given (cached per class and role). */
  client<C>(ctor: ClientCtor<C>, roleArn?: string): C;
  /** The credentials calls run with, as `roleArn` when given (cached per role). */
  credentials(roleArn?: string): CredentialProvider;
}

/** Builds a session; throws a UserError (CXW1001) when no region is configured. */
export function createSession(opts: SessionOptions = {}): AwsSession {
  // The SDK versions are pinned by this tool: its Node-version notice is not for our users to act on.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const env = opts.env ?? process.env;
  const region = resolveRegion(opts.region, env, opts.profile);
  if (!region) throw new UserError([noRegionDiagnostic()]);
  return new Session(region, opts);
}

/** The S3 endpoint the SDK will use instead of AWS, as its standard variables say. */
export function s3EndpointOverride(env: Record<string, string | undefined>): string | undefined {
  if (/^(true|1)$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '')) return undefined;
  const url = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  return url ? url.replace(/\/+$/, '') : undefined;
}

class Session implements AwsSession {
  readonly s3Endpoint?: string;
  private readonly roles = new Map<string, CredentialProvider>();
  private readonly clients = new Map<unknown, Map<string, unknown>>();
  private readonly base: CredentialProvider;
  private readonly config: Omit<CommonClientConfig, 'credentials'>;

  constructor(
    readonly region: string,
    opts: SessionOptions,
  ) {
    const given = opts.credentials;
    const chain = given === undefined ? defaultCredentials(opts.profile, opts.credentialsTimeoutMs ?? 30_000) : typeof given === 'function' ? given : () => Promise.resolve(given);
    this.config = {
      region,
      maxAttempts: opts.maxAttempts ?? 5,
      retryMode: 'adaptive',
      requestHandler: opts.requestHandler ?? { connectionTimeout: opts.connectionTimeoutMs ?? 5_000, requestTimeout: opts.requestTimeoutMs ?? 30_000 },
      followRegionRedirects: true,
    };
    this.base = opts.roleArn ? this.assume(opts.roleArn, chain) : chain;
    this.s3Endpoint = s3EndpointOverride(opts.env ?? process.env);
  }

  credentials(roleArn?: string): CredentialProvider {
    if (!roleArn) return this.base;
    let p = this.roles.get(roleArn);
    if (!p) {
      p = this.assume(roleArn, this.base);
      this.roles.set(roleArn, p);
    }
    return p;
  }

  client<C>(ctor: ClientCtor<C>, roleArn?: string): C {
    const extra = ctor.name === 'S3Client' && this.s3Endpoint ? { forcePathStyle: true } : {};
    let perRole = this.clients.get(ctor);
    if (!perRole) {
      perRole = new Map();
      this.clients.set(ctor, perRole);
    }
    const key = roleArn ?? '';
    const known = perRole.get(key);
    if (known) return known as C;
    const c = new ctor({ ...this.config, ...extra, credentials: this.credentials(roleArn) });
    perRole.set(key, c);
    return c;
  }

  private assume(roleArn: string, from: CredentialProvider): CredentialProvider {
    return assumeRoleCredentials(roleArn, new STSClient({ ...this.config, credentials: from }));
  }
}
