import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { awsErrorDiagnostic } from './errors.js';
import { memoize, withTimeout, type Credentials } from './credentials.js';

describe('credential providers', () => {
  it('memoize: resolved once until shortly before expiry; failures are not cached', async () => {
    let calls = 0;
    let now = 0;
    let fail = true;
    const p = memoize(async (): Promise<Credentials> => {
      calls++;
      if (fail) throw new Error('boom');
      return { accessKeyId: `K${calls}`, secretAccessKey: 's', expiration: new Date(now + 3600_000) };
    }, () => now);
    await assert.rejects(p(), /boom/);
    fail = false;
    assert.equal((await p()).accessKeyId, 'K2');
    assert.equal((await p()).accessKeyId, 'K2');
    now += 3600_000 - 60_000; // within the refresh margin
    assert.equal((await p()).accessKeyId, 'K3');
  });

  it('withTimeout: a provider that hangs becomes a clean "no credentials" error', async () => {
    const hang = withTimeout(() => new Promise<Credentials>(() => undefined), 20);
    await assert.rejects(hang(), (e: unknown) => awsErrorDiagnostic(e).code === 'CXW1002');
  });
});
