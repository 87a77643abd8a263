/** Errors shaped like the SDK v3's service exceptions (name = AWS error code, HTTP metadata). */
export class FakeAwsError extends Error {
  readonly $metadata: { httpStatusCode: number };
  readonly $fault: 'client' | 'server';

  constructor(name: string, message: string, status = 400) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: status };
    this.$fault = status >= 500 ? 'server' : 'client';
  }
}

export function throttlingError(): FakeAwsError {
  return new FakeAwsError('Throttling', 'Rate exceeded');
}
