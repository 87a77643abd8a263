/**
 * Credential providers shared by every client of a session: the standard chain (environment,
 * SSO, profiles, process, web identity, container and instance metadata) resolved once and
 * cached until shortly before expiry, with a time limit so a missing source never hangs;
 * and assumed-role credentials (sts:AssumeRole, session name `ecs-compose-x`), cached per role.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type CredentialProvider = () => Promise<Credentials>;

export const ROLE_SESSION_NAME = 'ecs-compose-x';
/** Credentials are renewed this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** Caches the credentials of `provider` until shortly before they expire; a failure is not cached. */
export function memoize(provider: CredentialProvider, now: () => number = Date.now): CredentialProvider {
  let cached: Credentials | undefined;
  let pending: Promise<Credentials> | undefined;
  return () => {
    if (cached && (!cached.expiration || cached.expiration.getTime() - REFRESH_MARGIN_MS > now())) return Promise.resolve(cached);
    pending ??= provider().then(
      (c) => {
        cached = c;
        pending = undefined;
        return c;
      },
      (e: unknown) => {
        pending = undefined;
        throw e;
      },
    );
    return pending;
  };
}

/** Rejects with a CredentialsProviderError when `provider` takes longer than `ms`. */
export function withTimeout(provider: CredentialProvider, ms: number): CredentialProvider {
  return () =>
    new Promise<Credentials>((resolve, reject) => {
      const t = setTimeout(() => {
        const e = new Error(`resolving AWS credentials took more than ${Math.round(ms / 1000)} s`);
        e.name = 'CredentialsProviderError';
        reject(e);
      }, ms);
      provider().then(
        (c) => {
          clearTimeout(t);
          resolve(c);
        },
        (e: unknown) => {
          clearTimeout(t);
          reject(e);
        },
      );
    });
}

/** The standard credential chain for `profile` (AWS_PROFILE when undefined). */
export function defaultCredentials(profile: string | undefined, timeoutMs: number): CredentialProvider {
  const chain = fromNodeProviderChain({ ...(profile ? { profile } : {}), timeout: Math.min(timeoutMs, 2000), maxRetries: 1 });
  return memoize(withTimeout(chain, timeoutMs));
}

/** Credentials of `roleArn`, assumed with `sts` (a client signing with the base credentials). */
export function assumeRoleCredentials(roleArn: string, sts: STSClient, durationSeconds = 3600): CredentialProvider {
  return memoize(async () => {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: ROLE_SESSION_NAME, DurationSeconds: durationSeconds }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      const e = new Error(`sts:AssumeRole returned no credentials for ${roleArn}`);
      e.name = 'CredentialsProviderError';
      throw e;
    }
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  });
}
