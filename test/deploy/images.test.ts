/**
 * `build`, `push` and `up --build` as a user runs them: the real CLI process, a stand-in `docker`
 * first on PATH (test/helpers/docker-stand-in.ts: records its arguments, prints what docker
 * prints, fails on request) and ECR, S3 and CloudFormation in the AWS API emulator. This suite
 * starts its own emulator (it resets it between tests, which must not disturb the other deploy
 * suite) and stops it at the end.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, ListStackResourcesCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeRepositoriesCommand, ECRClient, ListTagsForResourceCommand } from '@aws-sdk/client-ecr';
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { emulatorClientConfig, launch, resetEmulator, type Emulator } from '../emulator/server.js';
import { seed } from '../emulator/seed.js';
import { installDockerStandIn, standInDigest, type DockerStandIn } from '../helpers/docker-stand-in.js';
import { exampleWorkdir, runCli, show, type Run } from './cli-process.js';
import { KAFKA, TEMPLATE_BUCKET } from './emulator-examples.js';

const REGION = 'eu-west-1';
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

let emu: Emulator;
before(async () => {
  emu = await launch();
});
after(async () => {
  await emu?.stop();
});

function cli(args: string[], o: { cwd: string; docker: DockerStandIn; modes?: string[]; env?: Record<string, string> }): Promise<Run> {
  return runCli(emu.endpoint, args, { cwd: o.cwd, env: { ...o.docker.env(o.modes), ...o.env } });
}

function clients() {
  const cfg = emulatorClientConfig(emu.endpoint, REGION);
  return { cfn: new CloudFormationClient(cfg), ecr: new ECRClient(cfg), ecs: new ECSClient(cfg), s3: new S3Client({ ...cfg, forcePathStyle: true }) };
}

async function stacks(): Promise<string[]> {
  const r = await clients().cfn.send(new ListStacksCommand({}));
  return (r.StackSummaries ?? []).filter((s) => s.StackStatus !== 'DELETE_COMPLETE').map((s) => s.StackName ?? '');
}

async function repositories(): Promise<string[]> {
  const r = await clients().ecr.send(new DescribeRepositoriesCommand({}));
  return (r.repositories ?? []).map((x) => x.repositoryName ?? '').sort();
}

/** A project of one service built from ./app, pushed to ECR. */
function app(extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'cx-images-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM public.ecr.aws/docker/library/busybox:1.36\n');
  writeFileSync(
    join(dir, 'docker-compose.yml'),
    `name: shop
x-tags:
  team: orders
services:
  api:
    image: ${ECR}/shop/api:1.0
    build:
      context: ./app
      args: {RELEASE: "1.0"}
    x-ecs: {CpuArchitecture: ARM64}
${extra}`,
  );
  return dir;
}

const builds = (d: DockerStandIn) => d.calls().filter((c) => c.argv.includes('build'));

describe('build and push with docker and ECR', { concurrency: 1 }, () => {
  test('build: docker buildx build with the compose keys, the family platform, one line per step; --progress passes through', async () => {
    await resetEmulator(emu.endpoint);
    const docker = installDockerStandIn();
    const dir = app();
    const r = await cli(['build'], { cwd: dir, docker });
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(
      docker.calls().map((c) => c.argv),
      [
        ['version', '--format', '{{.Server.Version}}'],
        ['buildx', 'version'],
        ['buildx', 'build', '--file', join(dir, 'app', 'Dockerfile'), '--tag', `${ECR}/shop/api:1.0`, '--build-arg', 'RELEASE=1.0', '--platform', 'linux/arm64', '--load', join(dir, 'app')],
      ],
    );
    assert.equal(r.err, `api: building ${ECR}/shop/api:1.0 (linux/arm64)\napi: built ${ECR}/shop/api:1.0\n`);
    assert.deepEqual(await repositories(), [], 'build alone touches no registry');

    const plain = await cli(['build', 'api', '--progress', 'plain'], { cwd: dir, docker, modes: ['no-buildx'] });
    assert.equal(plain.code, 0, show(plain));
    assert.deepEqual(builds(docker).at(-1)?.argv, ['build', '--file', join(dir, 'app', 'Dockerfile'), '--tag', `${ECR}/shop/api:1.0`, '--build-arg', 'RELEASE=1.0', '--platform', 'linux/arm64', '--progress', 'plain', join(dir, 'app')]);
    assert.match(plain.err, /#6 naming to .*shop\/api:1\.0 done/, "docker's own output is shown with --progress");
  });

  test('push: the repository is created once (scan on push, immutable tags from x-ecr, the project tags), login with the token on stdin, digest reported', async () => {
    await resetEmulator(emu.endpoint);
    const docker = installDockerStandIn();
    const dir = app('    x-ecr: {ImageTagMutability: IMMUTABLE}\n');
    const first = await cli(['push'], { cwd: dir, docker });
    assert.equal(first.code, 0, show(first));
    const digest = standInDigest(`${ECR}/shop/api:1.0`);
    assert.equal(
      first.err,
      [
        'api: created ECR repository shop/api (scan on push, immutable tags)',
        `logged in to ${ECR}`,
        `api: pushing ${ECR}/shop/api:1.0 (52.4 MB)`,
        `api: pushed ${ECR}/shop/api@${digest}`,
        '',
      ].join('\n'),
    );
    const c = clients();
    const repos = (await c.ecr.send(new DescribeRepositoriesCommand({}))).repositories ?? [];
    assert.equal(repos.length, 1);
    assert.equal(repos[0].repositoryName, 'shop/api');
    assert.equal(repos[0].imageTagMutability, 'IMMUTABLE');
    assert.equal(repos[0].imageScanningConfiguration?.scanOnPush, true);
    const tags = (await c.ecr.send(new ListTagsForResourceCommand({ resourceArn: repos[0].repositoryArn }))).tags ?? [];
    assert.deepEqual(
      tags.map((t) => [t.Key, t.Value]).sort(),
      [
        ['compose-x::project-name', 'shop'],
        ['compose-x::version', tags.find((t) => t.Key === 'compose-x::version')?.Value],
        ['team', 'orders'],
      ],
    );
    const login = docker.calls().find((x) => x.argv[0] === 'login');
    assert.deepEqual(login, { argv: ['login', '--username', 'AWS', '--password-stdin', `https://${ECR}`], stdin: '123456789012-auth-token' });
    assert.deepEqual(builds(docker), [], 'push does not build');
    assert.deepEqual(docker.calls().filter((x) => x.argv[0] === 'push').map((x) => x.argv), [['push', `${ECR}/shop/api:1.0`]]);

    const again = await cli(['push', 'api'], { cwd: dir, docker });
    assert.equal(again.code, 0, show(again));
    assert.doesNotMatch(again.err, /created ECR repository/);
    assert.deepEqual(await repositories(), ['shop/api'], 'the repository is created once');
  });

  test('up --build with the docker daemon unreachable, or without docker: one error before any AWS call, nothing deployed', async () => {
    await resetEmulator(emu.endpoint);
    const dir = app();
    const docker = installDockerStandIn();
    const down = await cli(['up', '--build', '-n', 'shop'], { cwd: dir, docker, modes: ['no-daemon'] });
    assert.equal(down.code, 1, show(down));
    assert.match(down.err, /error CXU1002: the docker daemon is not reachable: Cannot connect to the Docker daemon/);
    assert.match(down.err, /\n1 error found\.\n$/);
    assert.deepEqual(docker.calls().map((c) => c.argv[0]), ['version'], 'nothing built');

    const empty = mkdtempSync(join(tmpdir(), 'cx-no-docker-'));
    const absent = await cli(['up', '--build', '-n', 'shop'], { cwd: dir, docker, env: { PATH: empty } });
    assert.equal(absent.code, 1, show(absent));
    assert.match(absent.err, /error CXU1001: the docker CLI was not found on PATH/);
    assert.deepEqual(await stacks(), []);
    assert.deepEqual(await repositories(), []);
  });

  test('up --build after a failing build: the build error, nothing pushed, no repository, no stack', async () => {
    await resetEmulator(emu.endpoint);
    const dir = app();
    const docker = installDockerStandIn();
    const r = await cli(['up', '--build', '-n', 'shop'], { cwd: dir, docker, modes: ['fail-build'] });
    assert.equal(r.code, 1, show(r));
    assert.match(r.err, /error CXU1003: the image of service "api" did not build \(docker exited with 1\):\n {4}#0 building/);
    assert.match(r.err, /ERROR: failed to solve: process "\/bin\/sh -c \.\/configure --with-tests" did not complete successfully/);
    assert.deepEqual(docker.calls().filter((c) => c.argv[0] === 'push' || c.argv[0] === 'login'), []);
    assert.deepEqual(await stacks(), []);
    assert.deepEqual(await repositories(), []);
  });

  test('create --build and plan --build: built and pushed first, the uploaded template and the change set carry the digest', async () => {
    await resetEmulator(emu.endpoint);
    await seed(emu.endpoint, REGION, { buckets: [TEMPLATE_BUCKET] });
    const docker = installDockerStandIn();
    const dir = app();
    const pinned = `${ECR}/shop/api@${standInDigest(`${ECR}/shop/api:1.0`)}`;

    const create = await cli(['create', '--build', '-n', 'shop', '--s3-prefix', 'r1'], { cwd: dir, docker });
    assert.equal(create.code, 0, show(create));
    assert.equal(builds(docker).length, 1);
    assert.ok(create.err.includes(`api: pushed ${pinned}`), show(create));
    const uploaded = await clients().s3.send(new ListObjectsV2Command({ Bucket: TEMPLATE_BUCKET.name, Prefix: 'r1/' }));
    const keys = (uploaded.Contents ?? []).map((o) => o.Key ?? '');
    assert.ok(keys.includes('r1/shop.json'), keys.join(', '));
    const bodies = await Promise.all(keys.map(async (k) => (await clients().s3.send(new GetObjectCommand({ Bucket: TEMPLATE_BUCKET.name, Key: k }))).Body!.transformToString()));
    assert.ok(bodies.some((b) => b.includes(`"${pinned}"`)), 'an uploaded template pins the pushed digest');
    assert.deepEqual(await stacks(), [], 'create deploys nothing');

    const plan = await cli(['plan', '--build', '-n', 'shop', '--cleanup'], { cwd: dir, docker });
    assert.equal(plan.code, 0, show(plan));
    assert.equal(builds(docker).length, 2, 'plan --build builds again');
    assert.ok(plan.err.includes(`api: pushed ${pinned}`), show(plan));
    assert.match(plan.out, /Changes to stack shop: \d+ to add, 0 to modify, 0 to remove/);
    assert.deepEqual(await repositories(), ['shop/api'], 'the repository is created once');

    const failing = await cli(['create', '--build', '-n', 'shop', '--s3-prefix', 'r2'], { cwd: dir, docker, modes: ['fail-build'] });
    assert.equal(failing.code, 1, show(failing));
    const after = await clients().s3.send(new ListObjectsV2Command({ Bucket: TEMPLATE_BUCKET.name, Prefix: 'r2/' }));
    assert.equal(after.KeyCount ?? 0, 0, 'nothing uploaded after a failed build');
  });

  test('kafka-connect: up --build builds connect, pushes it to ECR and deploys its task definition pinned by digest', async () => {
    await resetEmulator(emu.endpoint);
    const ex = KAFKA;
    const seeded = await seed(emu.endpoint, REGION, { ...ex.seed, buckets: [...(ex.seed.buckets ?? []), TEMPLATE_BUCKET] });
    assert.ok(seeded.vpcId);
    const dir = exampleWorkdir(ex, 'cx-images-');
    // build.dockerfile is relative to build.context, as in docker compose
    mkdirSync(join(dir, 'connect-cluster', 'connect-cluster'), { recursive: true });
    writeFileSync(join(dir, 'connect-cluster', 'connect-cluster', 'Dockerfile'), 'FROM confluentinc/cp-kafka-connect:7.6.1\n');
    const docker = installDockerStandIn();
    const env = { ...ex.env, REGISTRY_URI: `${ECR}/` };
    const image = `${ECR}/confluentinc/cp-kafka-connect:latest`;
    const pinned = `${ECR}/confluentinc/cp-kafka-connect@${standInDigest(image)}`;

    const up = await cli(['up', '--build', '-n', ex.stack, ...ex.files.flatMap((f) => ['-f', f]), '--lookups', 'lookups.json', '-d', 'out'], { cwd: dir, docker, env });
    assert.equal(up.code, 0, show(up));
    assert.match(up.out, /Stack kafka-connect: CREATE_COMPLETE/);
    assert.deepEqual(
      builds(docker).map((c) => c.argv),
      [['buildx', 'build', '--file', join(dir, 'connect-cluster', 'connect-cluster', 'Dockerfile'), '--tag', image, '--platform', 'linux/amd64', '--load', join(dir, 'connect-cluster')]],
    );
    const lines = up.err.split('\n');
    const order = [`connect: building ${image} (linux/amd64)`, `connect: built ${image}`, 'connect: created ECR repository confluentinc/cp-kafka-connect (scan on push, mutable tags)', `connect: pushed ${pinned}`];
    const at = order.map((l) => lines.indexOf(l));
    assert.ok(at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1])), `progress lines in order:\n${up.err}`);
    assert.ok(at[3] < lines.findIndex((l) => /CREATE_IN_PROGRESS/.test(l)), 'pushed before the stack is created');
    assert.deepEqual(await repositories(), ['confluentinc/cp-kafka-connect']);

    const rendered = readFileSync(join(dir, 'out', 'kafka-connect.json'), 'utf8');
    assert.ok(rendered.includes(`"connectImageUrl": "${pinned}"`), 'the rendered template shows the digest');
    assert.ok(rendered.includes('"connectfilesImageUrl": "public.ecr.aws/compose-x/ecs-files-composer:latest"'), 'images of other registries are left as they are');

    const c = clients();
    const root = await c.cfn.send(new ListStackResourcesCommand({ StackName: ex.stack }));
    const family = root.StackResourceSummaries?.find((r) => r.LogicalResourceId === 'connect')?.PhysicalResourceId;
    const resources = await c.cfn.send(new ListStackResourcesCommand({ StackName: family }));
    const taskDef = resources.StackResourceSummaries?.find((r) => r.ResourceType === 'AWS::ECS::TaskDefinition')?.PhysicalResourceId;
    const td = await c.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDef }));
    const images = Object.fromEntries((td.taskDefinition?.containerDefinitions ?? []).map((d) => [d.name, d.image]));
    assert.equal(images.connect, pinned, 'the deployed task definition runs the pushed digest');
    assert.equal(images['connect-files'], 'public.ecr.aws/compose-x/ecs-files-composer:latest');

    const down = await cli(['down', '--yes', '-n', ex.stack], { cwd: dir, docker, env });
    assert.equal(down.code, 0, show(down));
  });
});
