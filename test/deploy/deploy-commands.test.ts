/**
 * The CLI deploy commands with a real compose project rendered and fake AWS: `create` upload keys,
 * content types, encryption and TemplateURL rewrite (root last); `up` deploying what was uploaded;
 * `init`; `down`/`status` by name.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadProject } from '../../src/load/project.js';
import type { CommonOptions, Io } from '../../src/cli/main.js';
import { runDeployCommand, runDownCommand, runInitCommand, runStatusCommand, type DeployDeps } from '../../src/cli/deploy-commands.js';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { BUCKET, world, type World } from '../fake-aws/world.js';
import { FakeS3 } from '../fake-aws/fake-s3.js';
import { collectTemplate, isTemplateName } from '../helpers/lint-collector.js';
import { loadExtensions } from '../../src/extensions/index.js';

// Render imports the code of the extensions a project needs on demand: file reads, which virtual
// time (clock.run) does not drive. Importing them all once first leaves only cached imports.
before(() => loadExtensions());

// Every template the deploy commands upload (TemplateURLs rewritten) goes to the cfn-lint gate.
const worlds: World[] = [];
after(() => {
  for (const w of worlds) for (const o of w.s3.objects.values()) if (isTemplateName(o.key)) collectTemplate(o.key, o.body, 'deploy upload');
});

const COMPOSE = `services:
  web:
    image: nginx
    ports: ["80:80"]
  worker:
    image: busybox
`;

function project(dir: string) {
  writeFileSync(join(dir, 'docker-compose.yml'), COMPOSE);
  return loadProject({ files: [join(dir, 'docker-compose.yml')], env: {}, cwd: dir });
}

function setup(format: 'json' | 'yaml' = 'json') {
  const w = world();
  worlds.push(w);
  const dir = mkdtempSync(join(tmpdir(), 'cx-deploy-'));
  let out = '';
  let err = '';
  const io: Io = { out: (s) => (out += s), err: (s) => (err += s), env: {}, cwd: dir };
  const deps: DeployDeps = { apis: () => w.ctx.apis, clock: w.clock, random: () => 0.5, host: () => w.host };
  const opts: CommonOptions = { dockerComposeFile: ['docker-compose.yml'], name: 'app', format, loglevel: 'ERROR' };
  return { w, dir, io, deps, opts, proj: project(dir), output: () => ({ out, err }) };
}

function keysOf(w: World): string[] {
  return w.s3.calls.filter((c) => c.op === 'putObject').map((c) => (c.input as { Key: string }).Key);
}

describe('create', () => {
  test('uploads every file under the generated prefix, root last, SSE and content types, TemplateURLs rewritten', async () => {
    const s = setup();
    const code = await s.w.clock.run(runDeployCommand('create', s.proj, s.opts, s.io, s.deps));
    assert.equal(code, 0, s.w.host.text());
    const keys = keysOf(s.w);
    // 2024-05-17 09:30 UTC, random 0.5 → 800000
    assert.ok(keys.every((k) => k.startsWith('2024/05/17/0930/800000/')), keys.join(', '));
    assert.equal(keys.at(-1), '2024/05/17/0930/800000/app.json', 'root template uploaded last');
    assert.ok(keys.some((k) => k.endsWith('.params.json')));
    for (const c of s.w.s3.calls.filter((x) => x.op === 'putObject')) {
      const i = c.input as { Bucket: string; ContentType: string; ServerSideEncryption: string };
      assert.equal(i.Bucket, BUCKET, 'default bucket from STS account and region');
      assert.equal(i.ContentType, 'application/json');
      assert.equal(i.ServerSideEncryption, 'AES256');
    }
    const root = JSON.parse(s.w.s3.objects.get(`${BUCKET}/2024/05/17/0930/800000/app.json`)?.body ?? '{}');
    const nested = Object.entries(root.Resources as Record<string, { Type: string; Properties: { TemplateURL: string } }>).filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack');
    assert.ok(nested.length >= 2);
    for (const [id, r] of nested) {
      assert.equal(r.Properties.TemplateURL, `https://${BUCKET}.s3.eu-west-1.amazonaws.com/2024/05/17/0930/800000/${id}.json`);
      assert.ok(s.w.s3.objectAt(r.Properties.TemplateURL), `${id} is uploaded where the root points`);
    }
    assert.equal(s.w.host.text('result').trim(), `https://${BUCKET}.s3.eu-west-1.amazonaws.com/2024/05/17/0930/800000/app.json`);
  });

  test('-b and --s3-prefix; YAML templates are rewritten as YAML with the YAML content type', async () => {
    const s = setup('yaml');
    s.w.s3.buckets.add('my.bucket');
    const code = await s.w.clock.run(runDeployCommand('create', s.proj, { ...s.opts, bucketName: 'my.bucket', s3Prefix: 'releases/v1' }, s.io, s.deps));
    assert.equal(code, 0);
    const puts = s.w.s3.calls.filter((c) => c.op === 'putObject').map((c) => c.input as { Key: string; ContentType: string; Bucket: string });
    assert.ok(puts.every((p) => p.Bucket === 'my.bucket' && p.Key.startsWith('releases/v1/')));
    assert.equal(puts.find((p) => p.Key === 'releases/v1/app.yaml')?.ContentType, 'application/x-yaml');
    assert.equal(puts.find((p) => p.Key.endsWith('.params.json'))?.ContentType, 'application/json');
    const root = parse(s.w.s3.objects.get('my.bucket/releases/v1/app.yaml')?.body ?? '') as { Resources: Record<string, { Type: string; Properties: { TemplateURL: string } }> };
    const urls = Object.values(root.Resources).filter((r) => r.Type === 'AWS::CloudFormation::Stack').map((r) => r.Properties.TemplateURL);
    assert.ok(urls.length > 0 && urls.every((u) => /^https:\/\/s3\.eu-west-1\.amazonaws\.com\/my\.bucket\/releases\/v1\/\w+\.yaml$/.test(u)), urls.join(', '));
  });

  test('up deploys what create uploaded, nested stacks included', async () => {
    const s = setup();
    const code = await s.w.clock.run(runDeployCommand('up', s.proj, s.opts, s.io, s.deps));
    assert.equal(code, 0, s.w.host.text());
    const stack = s.w.cfn.stack('app');
    assert.equal(stack?.status, 'CREATE_COMPLETE');
    assert.ok(s.w.cfn.allStacks.filter((x) => x.parentId === stack?.id).length >= 2, 'nested stacks created from the uploaded templates');
  });

  test('AWS errors become one user diagnostic', async () => {
    const s = setup();
    s.deps.apis = () => ({ ...s.w.ctx.apis, s3: new FakeS3([]) });
    await assert.rejects(s.w.clock.run(runDeployCommand('create', s.proj, s.opts, s.io, s.deps)), (e: unknown) => {
      assert.ok(UserError.is(e));
      assert.match(e.diagnostics[0].message, /NoSuchBucket/);
      return true;
    });
  });
});

describe('init, down, status commands', () => {
  test('init sets the ECS defaults and creates the default bucket privately; a second run is fine', async () => {
    const s = setup();
    s.w.s3.buckets.clear();
    assert.equal(await s.w.clock.run(runInitCommand({}, s.io, s.deps)), 0);
    assert.deepEqual(
      s.w.ecs.settings.map((x) => `${x.name}=${x.value}`),
      ['awsvpcTrunking=enabled', 'serviceLongArnFormat=enabled', 'taskLongArnFormat=enabled', 'containerInstanceLongArnFormat=enabled', 'containerInsights=enabled'],
    );
    const create = s.w.s3.calls.find((c) => c.op === 'createBucket')?.input as { Bucket: string; CreateBucketConfiguration: { LocationConstraint: string } };
    assert.equal(create.Bucket, BUCKET);
    assert.equal(create.CreateBucketConfiguration.LocationConstraint, 'eu-west-1');
    const pab = s.w.s3.calls.find((c) => c.op === 'putPublicAccessBlock')?.input as { PublicAccessBlockConfiguration: Record<string, boolean> };
    assert.deepEqual(Object.values(pab.PublicAccessBlockConfiguration), [true, true, true, true]);
    assert.ok(s.w.s3.calls.some((c) => c.op === 'putBucketEncryption'));
    assert.match(s.w.host.text('result'), /created/);
    assert.equal(await s.w.clock.run(runInitCommand({}, s.io, s.deps)), 0);
    assert.match(s.w.host.text('result'), /already exists/);
  });

  test('init refuses a bucket name owned by someone else', async () => {
    const s = setup();
    s.deps.apis = () => ({ ...s.w.ctx.apis, s3: new FakeS3([], ['taken']) });
    await assert.rejects(s.w.clock.run(runInitCommand({ bucketName: 'taken' }, s.io, s.deps)), (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXD5020');
  });

  test('status then down --yes by name', async () => {
    const s = setup();
    assert.equal(await s.w.clock.run(runDeployCommand('up', s.proj, s.opts, s.io, s.deps)), 0);
    assert.equal(await s.w.clock.run(runStatusCommand({ name: 'app' }, s.io, s.deps)), 0);
    assert.match(s.w.host.text('result'), /Stack app: CREATE_COMPLETE/);
    assert.equal(await s.w.clock.run(runDownCommand({ name: 'app', yes: true }, s.io, s.deps)), 0);
    assert.equal(s.w.cfn.stack('app'), undefined);
  });
});
