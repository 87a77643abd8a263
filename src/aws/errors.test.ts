import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { UserError } from '../diagnostics/diagnostic.js';
import { awsCall, awsErrorDiagnostic } from './errors.js';

const err = (name: string, message = '', extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });

describe('awsErrorDiagnostic', () => {
  const cases: [Error, string, RegExp][] = [
    [err('CredentialsProviderError', 'Could not load credentials from any providers'), 'CXW1002', /aws sso login|aws configure/],
    [err('CredentialsProviderError', 'The SSO session associated with this profile has expired'), 'CXW1003', /aws sso login/],
    [err('ExpiredToken', 'The security token included in the request is expired'), 'CXW1003', /aws sso login/],
    [err('InvalidClientTokenId', 'The security token included in the request is invalid'), 'CXW1004', /AWS_PROFILE/],
    [err('UnrecognizedClientException', 'The security token included in the request is invalid'), 'CXW1004', /get-caller-identity/],
    [err('AccessDenied', 'not authorized'), 'CXW1005', /needs tag:GetResources/],
    [err('UnauthorizedOperation', 'You are not authorized'), 'CXW1005', /--role-arn/],
    [err('Error', 'Region is missing'), 'CXW1001', /set AWS_REGION or pass --region/],
    [err('TimeoutError', 'Connection timed out after 5000 ms'), 'CXW1006', /AWS_ENDPOINT_URL/],
    [Object.assign(new Error('getaddrinfo ENOTFOUND ecs.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND' }), 'CXW1006', /network/],
    [err('ThrottlingException', 'Rate exceeded', { $metadata: { attempts: 5 } }), 'CXW1007', /try again/],
    [err('ValidationException', 'bad\nsecond line'), 'CXW1008', /permissions/],
  ];
  for (const [e, code, hint] of cases) {
    it(`${e.name}: ${e.message} → ${code}`, () => {
      const d = awsErrorDiagnostic(e, { action: 'tag:GetResources', what: 'lookup x-vpc' });
      assert.equal(d.code, code);
      assert.equal(d.severity, 'error');
      assert.match(d.hint ?? '', hint);
      assert.ok(!d.message.includes('\n'), 'one line');
      assert.ok(!/\bat .*\.js:\d+/.test(d.message), 'no stack');
    });
  }

  it('names the call, the lookup and the role', () => {
    const d = awsErrorDiagnostic(err('AccessDeniedException', 'nope'), { action: 'ecs:DescribeClusters', what: 'lookup x-cluster', roleArn: 'arn:aws:iam::1:role/r' });
    assert.equal(d.message, 'access denied as arn:aws:iam::1:role/r (ecs:DescribeClusters for lookup x-cluster): nope');
  });

  it('awsCall turns a failure into a UserError and passes results through', async () => {
    assert.equal(await awsCall({}, async () => 42), 42);
    await assert.rejects(
      awsCall({ action: 'sts:GetCallerIdentity' }, async () => {
        throw err('ExpiredTokenException', 'expired');
      }),
      (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXW1003',
    );
  });
});
