import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs';
import { UserError } from '../diagnostics/diagnostic.js';
import { loadProject } from '../load/project.js';
import { createSession, type AwsSession } from '../aws/session.js';
import { ensureLookups } from './ensure.js';

const ecs = mockClient(ECSClient);
afterEach(() => ecs.reset());

const CREDS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };
const model = (cluster: string) => ({ services: { web: { image: 'nginx' } }, 'x-cluster': { Lookup: { ClusterName: cluster, RoleArn: '' } } });
const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'cx-ensure-')), 'compose-x.lookups.json');
const withAws = (calls: string[] = []) => (o: { region?: string; roleArn?: string }): AwsSession => {
  calls.push(`${o.region}|${o.roleArn}`);
  return createSession({ region: o.region ?? 'eu-west-1', env: {}, credentials: CREDS });
};
const neverAws = (): AwsSession => assert.fail('no AWS session expected');

function answerCluster(name: string): void {
  ecs.on(DescribeClustersCommand, { clusters: [name] }).resolves({
    clusters: [{ clusterName: name, clusterArn: `arn:aws:ecs:eu-west-1:123456789012:cluster/${name}`, status: 'ACTIVE', capacityProviders: [], defaultCapacityProviderStrategy: [] }],
  });
}

describe('ensureLookups', () => {
  it('everything recorded (the kafka-connect example) → no AWS session at all, the file untouched', async () => {
    const src = join(process.cwd(), 'examples', 'kafka-connect');
    const project = loadProject({ files: ['docker-compose.yml', 'aws.yml', 'vpc.yml'].map((f) => join(src, f)), env: {}, cwd: src });
    const file = tmpFile();
    copyFileSync(join(src, 'compose-x.lookups.json'), file);
    const before = readFileSync(file, 'utf8');
    const r = await ensureLookups(project, file, { refresh: false, clientsFactory: neverAws });
    assert.deepEqual([r.resolved, r.written], [[], false]);
    assert.equal(readFileSync(file, 'utf8'), before);
    assert.ok(!('error' in r.lookups.get('x-cluster', { ClusterName: 'test' }, undefined, '')));
  });

  it('a missing entry with credentials → resolved, written, then readable by render; a second run does nothing', async () => {
    answerCluster('prod');
    const file = tmpFile();
    writeFileSync(file, JSON.stringify({ version: 1, lookups: { 'x-s3::other': { request: { Arn: 'arn:aws:s3:::o' }, result: { BucketName: 'o', Arn: 'arn:aws:s3:::o' } } } }));
    const calls: string[] = [];
    const r = await ensureLookups({ model: model('prod') }, file, { refresh: false, region: 'eu-west-3', roleArn: 'arn:aws:iam::123456789012:role/x', clientsFactory: withAws(calls) });
    assert.deepEqual([r.resolved, r.written], [['x-cluster'], true]);
    assert.deepEqual(calls, ['eu-west-3|arn:aws:iam::123456789012:role/x']);
    const got = r.lookups.get('x-cluster', { ClusterName: 'prod' }, undefined, '');
    assert.deepEqual(got, { result: { ClusterName: 'prod', ClusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod', CapacityProviders: [], DefaultCapacityProviderStrategy: [] } });
    const data = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(Object.keys(data.lookups), ['x-cluster', 'x-s3::other']);
    assert.ok(readFileSync(file, 'utf8').endsWith('}\n'));

    const again = await ensureLookups({ model: model('prod') }, file, { refresh: false, clientsFactory: neverAws });
    assert.deepEqual([again.resolved, again.written], [[], false]);
  });

  it('a changed request is resolved again; --refresh-lookups resolves every lookup', async () => {
    answerCluster('a');
    answerCluster('b');
    const file = tmpFile();
    await ensureLookups({ model: model('a') }, file, { refresh: false, clientsFactory: withAws() });
    const changed = await ensureLookups({ model: model('b') }, file, { refresh: false, clientsFactory: withAws() });
    assert.deepEqual(changed.resolved, ['x-cluster']);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).lookups['x-cluster'].result.ClusterName, 'b');
    const before = ecs.commandCalls(DescribeClustersCommand).length;
    const refreshed = await ensureLookups({ model: model('b') }, file, { refresh: true, clientsFactory: withAws() });
    assert.deepEqual([refreshed.resolved, refreshed.written], [['x-cluster'], false]);
    assert.equal(ecs.commandCalls(DescribeClustersCommand).length, before + 1);
  });

  it('a missing entry without credentials → an error naming the lookup, the file and what to run; nothing written', async () => {
    const file = tmpFile();
    const noCreds = () =>
      createSession({
        region: 'eu-west-1',
        env: {},
        credentials: async () => {
          throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
        },
      });
    await assert.rejects(ensureLookups({ model: model('prod') }, file, { refresh: false, clientsFactory: noCreds }), (e: unknown) => {
      assert.ok(UserError.is(e));
      assert.equal(e.diagnostics.length, 1);
      const d = e.diagnostics[0];
      assert.equal(d.code, 'CXW1002');
      assert.equal(d.message, `lookup x-cluster is not recorded in ${file}, and no AWS credentials found`);
      assert.match(d.hint ?? '', /aws sso login/);
      assert.match(d.hint ?? '', /render again to record it/);
      return true;
    });
    assert.equal(existsSync(file), false);
  });

  it('a missing entry without a region → CXW1001 with the same advice', async () => {
    const file = tmpFile();
    const dir = mkdtempSync(join(tmpdir(), 'cx-home-'));
    await assert.rejects(ensureLookups({ model: model('prod') }, file, { refresh: false, env: { HOME: dir } }), (e: unknown) => {
      assert.ok(UserError.is(e));
      assert.equal(e.diagnostics[0].code, 'CXW1001');
      assert.match(e.diagnostics[0].hint ?? '', /--region/);
      assert.match(e.diagnostics[0].message, /lookup x-cluster is not recorded/);
      return true;
    });
  });
});
