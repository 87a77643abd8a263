import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { UserError } from '../diagnostics/diagnostic.js';
import { ROLE_SESSION_NAME } from './credentials.js';
import { createSession, type RequestHandlerInput } from './session.js';

const CREDS = { accessKeyId: 'AKIDBASE', secretAccessKey: 'base' };

describe('createSession: region', () => {
  it('no region anywhere → a one-line CXW1001 UserError with a hint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cx-aws-'));
    assert.throws(
      () => createSession({ env: { HOME: dir }, credentials: CREDS }),
      (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXW1001' && /set AWS_REGION or pass --region/.test(e.diagnostics[0].hint ?? '') && !e.message.includes('\n'),
    );
  });

  it('--region wins over AWS_REGION, which wins over AWS_DEFAULT_REGION and the profile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cx-aws-'));
    const config = join(dir, 'config');
    writeFileSync(config, '[default]\nregion = us-east-1\n[profile dev]\nregion=ap-south-1\n  s3 =\n    region = nested\n');
    assert.equal(createSession({ region: 'eu-west-3', env: { AWS_REGION: 'eu-west-1' }, credentials: CREDS }).region, 'eu-west-3');
    assert.equal(createSession({ env: { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-central-1' }, credentials: CREDS }).region, 'eu-west-1');
    assert.equal(createSession({ env: { AWS_DEFAULT_REGION: 'eu-central-1', AWS_CONFIG_FILE: config }, credentials: CREDS }).region, 'eu-central-1');
    assert.equal(createSession({ env: { AWS_CONFIG_FILE: config }, credentials: CREDS }).region, 'us-east-1');
    assert.equal(createSession({ env: { AWS_CONFIG_FILE: config, AWS_PROFILE: 'dev' }, credentials: CREDS }).region, 'ap-south-1');
  });
});

describe('createSession: roles', () => {
  const sts = mockClient(STSClient);
  afterEach(() => sts.reset());

  it('assumes --role-arn with session name ecs-compose-x, and a lookup role from there; each role once', async () => {
    const expiration = new Date(Date.now() + 3600_000);
    sts.on(AssumeRoleCommand, { RoleArn: 'arn:aws:iam::111111111111:role/deploy' }).resolves({ Credentials: { AccessKeyId: 'AKIDDEPLOY', SecretAccessKey: 's1', SessionToken: 't1', Expiration: expiration } });
    sts.on(AssumeRoleCommand, { RoleArn: 'arn:aws:iam::222222222222:role/ro' }).resolves({ Credentials: { AccessKeyId: 'AKIDRO', SecretAccessKey: 's2', SessionToken: 't2', Expiration: expiration } });
    const s = createSession({ region: 'eu-west-1', env: {}, credentials: CREDS, roleArn: 'arn:aws:iam::111111111111:role/deploy' });
    assert.equal((await s.credentials()()).accessKeyId, 'AKIDDEPLOY');
    assert.equal((await s.credentials('arn:aws:iam::222222222222:role/ro')()).accessKeyId, 'AKIDRO');
    assert.equal((await s.credentials('arn:aws:iam::222222222222:role/ro')()).accessKeyId, 'AKIDRO');
    assert.equal((await s.credentials()()).accessKeyId, 'AKIDDEPLOY');
    const calls = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    assert.deepEqual(
      calls.map((i) => [i.RoleArn, i.RoleSessionName]),
      [
        ['arn:aws:iam::111111111111:role/deploy', ROLE_SESSION_NAME],
        ['arn:aws:iam::222222222222:role/ro', ROLE_SESSION_NAME],
      ],
    );
    assert.equal(ROLE_SESSION_NAME, 'ecs-compose-x');
    // the lookup role's STS client signs with the --role-arn credentials
    const roClient = sts.commandCalls(AssumeRoleCommand)[1].thisValue as STSClient;
    assert.equal((await (roClient.config.credentials as () => Promise<{ accessKeyId: string }>)()).accessKeyId, 'AKIDDEPLOY');
  });

  it('clients are cached per class and role', () => {
    const s = createSession({ region: 'eu-west-1', env: {}, credentials: CREDS });
    assert.equal(s.client(ECSClient), s.client(ECSClient));
    assert.notEqual(s.client(ECSClient), s.client(ECSClient, 'arn:aws:iam::222222222222:role/ro'));
  });
});

/** An in-memory HTTP handler answering each request with the next of `answers` (no network). */
function fakeHttp(answers: { status: number; body: unknown; headers?: Record<string, string> }[]): { handler: RequestHandlerInput; seen: { hostname: string; target?: string }[] } {
  const seen: { hostname: string; target?: string }[] = [];
  const handler = {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(req: { hostname: string; headers: Record<string, string> }) {
      seen.push({ hostname: req.hostname, target: req.headers['x-amz-target'] });
      const a = answers[Math.min(seen.length - 1, answers.length - 1)];
      return {
        response: {
          statusCode: a.status,
          headers: { 'content-type': 'application/x-amz-json-1.1', ...(a.headers ?? {}) },
          body: new TextEncoder().encode(JSON.stringify(a.body)),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
  };
  return { handler: handler as unknown as RequestHandlerInput, seen };
}

describe('createSession: retries, timeouts, endpoints (through the real SDK middleware)', () => {
  const cluster = { clusters: [{ clusterName: 'test', status: 'ACTIVE' }], failures: [] };

  it('a ThrottlingException is retried, then the call succeeds', async () => {
    const { handler, seen } = fakeHttp([
      { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' }, headers: { 'x-amzn-errortype': 'ThrottlingException' } },
      { status: 200, body: cluster },
    ]);
    const s = createSession({ region: 'eu-west-1', env: {}, credentials: CREDS, requestHandler: handler, maxAttempts: 3 });
    const out = await s.client(ECSClient).send(new DescribeClustersCommand({ clusters: ['test'] }));
    assert.equal(out.clusters?.[0].clusterName, 'test');
    assert.equal(seen.length, 2);
    assert.equal(out.$metadata.attempts, 2);
  });

  it('gives up after maxAttempts with the throttling error', async () => {
    const { handler, seen } = fakeHttp([{ status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } }]);
    const s = createSession({ region: 'eu-west-1', env: {}, credentials: CREDS, requestHandler: handler, maxAttempts: 2 });
    await assert.rejects(s.client(ECSClient).send(new DescribeClustersCommand({ clusters: ['test'] })), { name: 'ThrottlingException' });
    assert.equal(seen.length, 2);
  });

  it('clients get adaptive retries and connection/request timeouts by default', async () => {
    const s = createSession({ region: 'eu-west-1', env: {}, credentials: CREDS });
    const c = s.client(ECSClient);
    assert.equal(((await c.config.retryStrategy()) as unknown as { mode: string }).mode, 'adaptive');
    assert.equal(await c.config.maxAttempts(), 5);
    const cfg = await (c.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> }).configProvider;
    assert.deepEqual([cfg.connectionTimeout, cfg.requestTimeout], [5000, 30000]);
  });

  it('AWS_ENDPOINT_URL_<SERVICE> is honoured (the session sets no endpoint)', async () => {
    const { handler, seen } = fakeHttp([{ status: 200, body: cluster }]);
    const before = process.env.AWS_ENDPOINT_URL_ECS;
    process.env.AWS_ENDPOINT_URL_ECS = 'http://localhost:4566';
    try {
      const s = createSession({ region: 'eu-west-1', env: {}, credentials: CREDS, requestHandler: handler });
      await s.client(ECSClient).send(new DescribeClustersCommand({ clusters: ['test'] }));
    } finally {
      if (before === undefined) delete process.env.AWS_ENDPOINT_URL_ECS;
      else process.env.AWS_ENDPOINT_URL_ECS = before;
    }
    assert.equal(seen[0].hostname, 'localhost');
  });
});
