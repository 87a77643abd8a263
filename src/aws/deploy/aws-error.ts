/** Recognising the AWS errors the deploy commands react to (by name and message, as SDK v3 reports them). */

export function errorName(e: unknown): string {
  if (typeof e === 'object' && e !== null) {
    const r = e as { name?: unknown; Code?: unknown };
    if (typeof r.name === 'string') return r.name;
    if (typeof r.Code === 'string') return r.Code;
  }
  return '';
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  return String(e);
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

export function isThrottling(e: unknown): boolean {
  return THROTTLING.has(errorName(e)) || /rate exceeded/i.test(errorMessage(e));
}

/** DescribeStacks / DescribeStackEvents on a stack that does not exist. */
export function isStackMissing(e: unknown): boolean {
  return errorName(e) === 'ValidationError' && /does not exist/i.test(errorMessage(e));
}

/** A change set that failed only because there is nothing to change. */
export function isNoChanges(reason: string | undefined): boolean {
  return reason !== undefined && /didn't contain changes|No updates are to be performed/i.test(reason);
}
