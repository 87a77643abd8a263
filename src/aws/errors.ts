/**
 * AWS failures as user diagnostics: missing region or credentials, expired or rejected
 * credentials, denied access, unreachable endpoints and throttling each become one line with a
 * hint saying what to do. Anything else is reported with the AWS error name and message, never
 * a stack trace.
 *
 * Codes: CXW1001 no region, CXW1002 no credentials, CXW1003 expired credentials, CXW1004
 * credentials rejected, CXW1005 access denied, CXW1006 endpoint unreachable or timed out,
 * CXW1007 throttled, CXW1008 other AWS error.
 */
import { UserError, type Diagnostic } from '../diagnostics/diagnostic.js';

export const CREDENTIAL_CODES = ['CXW1002', 'CXW1003', 'CXW1004'] as const;

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const REJECTED = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'AuthFailure', 'InvalidSignatureException', 'InvalidAccessKeyId', 'IncompleteSignature']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'AuthorizationErrorException', 'Forbidden']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'ProvisionedThroughputExceededException']);
const NETWORK = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** What was being done, to name it in the message (e.g. "tag:GetResources for lookup x-vpc"). */
export interface AwsCallContext {
  /** e.g. `ec2:DescribeSubnets`. */
  action?: string;
  /** e.g. `lookup x-vpc`. */
  what?: string;
  roleArn?: string;
}

interface ErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

function shape(e: unknown): ErrorShape {
  return typeof e === 'object' && e !== null ? (e as ErrorShape) : { message: String(e) };
}

/** The AWS error name (`ThrottlingException`, `CredentialsProviderError`, `ECONNREFUSED`, ...). */
export function awsErrorName(e: unknown): string {
  const s = shape(e);
  if (s.code && NETWORK.has(s.code)) return s.code;
  return s.name ?? s.Code ?? s.code ?? 'Error';
}

function firstLine(s: string | undefined): string {
  return (s ?? '').split('\n')[0].trim();
}

export function noRegionDiagnostic(): Diagnostic {
  return {
    code: 'CXW1001',
    severity: 'error',
    message: 'no AWS region is configured',
    hint: 'set AWS_REGION or pass --region (or set `region` in the AWS profile)',
  };
}

/** Maps any error thrown by an AWS SDK call or a credential provider to one diagnostic. */
export function awsErrorDiagnostic(e: unknown, ctx: AwsCallContext = {}): Diagnostic {
  if (UserError.is(e) && e.diagnostics.length > 0) return e.diagnostics[0];
  const s = shape(e);
  const name = awsErrorName(e);
  const msg = firstLine(s.message);
  const where = [ctx.action, ctx.what].filter(Boolean).join(' for ');
  const suffix = where ? ` (${where})` : '';
  const role = ctx.roleArn ? ` as ${ctx.roleArn}` : '';
  const d = (code: string, message: string, hint: string): Diagnostic => ({ code, severity: 'error', message, hint });

  if (/region is missing/i.test(msg) || name === 'RegionMissing') return noRegionDiagnostic();
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    if (/sso/i.test(msg) || /token/i.test(msg)) {
      return d('CXW1003', `the AWS SSO session has expired or is invalid${suffix}`, 'run `aws sso login` (with the same AWS_PROFILE) and try again');
    }
    return d(
      'CXW1002',
      `no AWS credentials found${suffix}`,
      'run `aws sso login` or `aws configure`, or set AWS_PROFILE / AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    );
  }
  if (EXPIRED.has(name)) {
    return d('CXW1003', `the AWS credentials have expired${suffix}`, 'refresh them (e.g. `aws sso login`) and try again');
  }
  if (REJECTED.has(name)) {
    return d('CXW1004', `AWS rejected the credentials${role}${suffix}: ${name}`, 'check AWS_PROFILE / AWS_ACCESS_KEY_ID and the region, or run `aws sts get-caller-identity` to see who you are');
  }
  if (DENIED.has(name) || s.$metadata?.httpStatusCode === 403) {
    const needs = ctx.action ? `the identity needs ${ctx.action}` : 'the identity lacks a permission';
    return d('CXW1005', `access denied${role}${suffix}${msg ? `: ${msg}` : ''}`, `${needs}; grant it, or use a role that has it (--role-arn, or RoleArn in the Lookup)`);
  }
  if (NETWORK.has(name) || name === 'AbortError') {
    return d('CXW1006', `could not reach AWS${suffix}: ${name}${msg && msg !== name ? ` ${msg}` : ''}`, 'check the network, proxy settings and AWS_ENDPOINT_URL*, then try again');
  }
  if (THROTTLED.has(name)) {
    const attempts = s.$metadata?.attempts;
    return d('CXW1007', `AWS throttled the request${suffix}${attempts ? ` after ${attempts} attempts` : ''}`, 'try again in a moment');
  }
  return d('CXW1008', `AWS call failed${suffix}: ${name}${msg && msg !== name ? `: ${msg}` : ''}`, 'check the request and the permissions of the identity in use');
}

/** Whether a diagnostic says the credentials themselves are missing or unusable. */
export function isCredentialDiagnostic(d: Diagnostic): boolean {
  return (CREDENTIAL_CODES as readonly string[]).includes(d.code);
}

/** Runs an AWS call, turning any failure into a UserError with one diagnostic. */
export async function awsCall<T>(ctx: AwsCallContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new UserError([awsErrorDiagnostic(e, ctx)]);
  }
}

/** Whether an error comes from an AWS SDK call or a credential provider. */
export function isAwsError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const r = e as { $metadata?: unknown; name?: unknown };
  return r.$metadata !== undefined || r.name === 'CredentialsProviderError' || r.name === 'TokenProviderError';
}

/** Runs a command: AWS SDK and credential failures become one user diagnostic each; other errors pass through. */
export async function withAwsErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (UserError.is(e) || !isAwsError(e)) throw e;
    throw new UserError([awsErrorDiagnostic(e)]);
  }
}
