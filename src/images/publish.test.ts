import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { DeployHost } from '../aws/deploy/host.js';
import type { EcrApi, NewRepository } from './ecr.js';
import { parseEcrImage } from './ecr-ref.js';
import type { ImageBuild } from './plan.js';
import { formatBytes, pinImages, publishImages, type PublishOptions } from './publish.js';
import type { ProcessResult, RunOptions } from './run-process.js';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const DIGEST = `sha256:${'b'.repeat(64)}`;

function image(service: string, img: string, over: Partial<ImageBuild> = {}): ImageBuild {
  return {
    service,
    image: img,
    imageGiven: true,
    ecr: parseEcrImage(img),
    extraTags: [],
    settings: { imageTagMutability: 'MUTABLE', scanOnPush: true },
    context: `/src/${service}`,
    dockerfile: `/src/${service}/Dockerfile`,
    args: [],
    platforms: ['linux/amd64'],
    labels: [],
    cacheFrom: [],
    cacheTo: [],
    secrets: [],
    ssh: [],
    extraHosts: [],
    additionalContexts: [],
    noCache: false,
    pull: false,
    ...over,
  };
}

/** A docker that answers as the real one, recording calls; `answer` overrides some. */
function fakeDocker(answer: (argv: string[]) => Partial<ProcessResult> | undefined = () => undefined) {
  const calls: string[][] = [];
  const run = async (cmd: string, argv: string[], _o?: RunOptions): Promise<ProcessResult> => {
    assert.equal(cmd, 'docker');
    calls.push(argv);
    const given = answer(argv);
    if (given) return { code: 0, stdout: '', stderr: '', ...given };
    if (argv[0] === 'version') return { code: 0, stdout: '27.3.1\n', stderr: '' };
    if (argv[0] === 'push') return { code: 0, stdout: `latest: digest: ${DIGEST} size: 1570\n`, stderr: '' };
    if (argv[0] === 'image') return { code: 0, stdout: '1234567\n', stderr: '' };
    if (argv[1] === 'imagetools') return { code: 0, stdout: `Name: x\nDigest:    ${DIGEST}\n`, stderr: '' };
    return { code: 0, stdout: '', stderr: '' };
  };
  return { calls, run };
}

function fakeEcr(existing: string[] = []) {
  const created: NewRepository[] = [];
  const logins: string[] = [];
  const api: EcrApi = {
    repositoryExists: async (_r, name) => existing.includes(name) || created.some((c) => c.name === name),
    createRepository: async (r) => {
      created.push(r);
      return true;
    },
    login: async (registryId) => {
      logins.push(registryId);
      return { username: 'AWS', password: 'secret-token', endpoint: `https://${ECR}` };
    },
  };
  return { api, created, logins };
}

function host() {
  const lines: string[] = [];
  const h: DeployHost = { live: false, interactive: false, notify: (m) => lines.push(m.text), confirm: async () => false };
  return { h, lines };
}

const opts = (o: Partial<PublishOptions> = {}): PublishOptions => ({ build: true, push: true, tags: [{ Key: 'team', Value: 'web' }], ...o });

async function failure(p: Promise<unknown>): Promise<Diagnostic[]> {
  try {
    await p;
  } catch (e) {
    if (UserError.is(e)) return e.diagnostics;
    throw e;
  }
  assert.fail('expected a UserError');
}

describe('publishing images', () => {
  test('ECR images are pinned by digest; other registries are pushed and left as they are; one login per registry', async () => {
    const docker = fakeDocker();
    const ecr = fakeEcr(['shop/worker']);
    const { h, lines } = host();
    const builds = [image('api', `${ECR}/shop/api:1.0`), image('worker', `${ECR}/shop/worker:1.0`), image('web', 'ghcr.io/acme/web:1.0')];
    const pins = await publishImages(builds, { run: docker.run, env: {}, host: h, ecr: () => ecr.api }, opts());
    assert.deepEqual([...pins], [
      ['api', `${ECR}/shop/api@${DIGEST}`],
      ['worker', `${ECR}/shop/worker@${DIGEST}`],
    ]);
    assert.deepEqual(ecr.created.map((r) => [r.name, r.scanOnPush, r.imageTagMutability, r.tags]), [['shop/api', true, 'MUTABLE', [{ Key: 'team', Value: 'web' }]]]);
    assert.deepEqual(ecr.logins, ['123456789012']);
    assert.deepEqual(docker.calls.filter((c) => c[0] === 'login'), [['login', '--username', 'AWS', '--password-stdin', `https://${ECR}`]]);
    const builtAt = docker.calls.map((c) => c.includes('build')).lastIndexOf(true);
    const firstPush = docker.calls.findIndex((c) => c[0] === 'push');
    assert.ok(builtAt < firstPush, 'every image is built before anything is pushed');
    assert.ok(lines.includes(`web: pushed ghcr.io/acme/web:1.0 (${DIGEST})\n`));
    assert.ok(lines.includes(`api: pushing ${ECR}/shop/api:1.0 (1.2 MB)\n`));

    const doc = { services: { api: { image: `${ECR}/shop/api:1.0` }, web: { image: 'ghcr.io/acme/web:1.0' } } };
    pinImages(doc, pins);
    assert.deepEqual(doc.services, { api: { image: `${ECR}/shop/api@${DIGEST}` }, web: { image: 'ghcr.io/acme/web:1.0' } });
  });

  test('several platforms: buildx pushes as it builds and the digest comes from the registry', async () => {
    const docker = fakeDocker();
    const ecr = fakeEcr();
    const b = image('api', `${ECR}/shop/api:1.0`, { platforms: ['linux/amd64', 'linux/arm64'] });
    const pins = await publishImages([b], { run: docker.run, env: {}, host: host().h, ecr: () => ecr.api }, opts());
    const build = docker.calls.find((c) => c.includes('build'));
    assert.equal(build?.at(-2), '--push');
    assert.ok(docker.calls.some((c) => c[1] === 'imagetools'));
    assert.ok(!docker.calls.some((c) => c[0] === 'push'));
    assert.equal(pins.get('api'), `${ECR}/shop/api@${DIGEST}`);
  });

  test('without buildx: what needs it is reported per service; push needs an image', async () => {
    const noBuildx = fakeDocker((argv) => (argv[0] === 'buildx' && argv[1] === 'version' ? { code: 1, stderr: "docker: 'buildx' is not a docker command." } : undefined));
    const needs = await failure(
      publishImages([image('api', `${ECR}/a:1`, { cacheTo: ['type=inline'] }), image('web', `${ECR}/w:1`)], { run: noBuildx.run, env: {}, host: host().h, ecr: () => fakeEcr().api }, opts({ push: false })),
    );
    assert.deepEqual(needs.map((d) => [d.code, d.message]), [['CXU1006', 'service "api" needs docker buildx for cache_to, and `docker buildx version` fails']]);

    const docker = fakeDocker();
    const noImage = await failure(publishImages([image('api', 'shop-api', { imageGiven: false })], { run: docker.run, env: {}, host: host().h, ecr: () => fakeEcr().api }, opts()));
    assert.deepEqual(noImage.map((d) => d.code), ['CXU1010']);
    assert.deepEqual(docker.calls, [], 'nothing runs when an image has nowhere to go');
  });

  test('a failed push stops before the next image; a digest that cannot be read is an error', async () => {
    const docker = fakeDocker((argv) => (argv[0] === 'push' ? { code: 1, stderr: 'denied: requested access to the resource is denied' } : undefined));
    const ecr = fakeEcr();
    const d = await failure(publishImages([image('api', `${ECR}/a:1`), image('web', `${ECR}/w:1`)], { run: docker.run, env: {}, host: host().h, ecr: () => ecr.api }, opts({ build: false })));
    assert.equal(d[0].code, 'CXU1004');
    assert.match(d[0].message, /denied: requested access/);
    assert.equal(docker.calls.filter((c) => c[0] === 'push').length, 1);

    const silent = fakeDocker((argv) => (argv[0] === 'push' ? { stdout: 'pushed\n' } : argv[0] === 'image' && argv[3] !== '{{.Size}}' ? { code: 1 } : argv[1] === 'imagetools' ? { code: 1 } : undefined));
    const nd = await failure(publishImages([image('api', `${ECR}/a:1`)], { run: silent.run, env: {}, host: host().h, ecr: () => fakeEcr().api }, opts({ build: false })));
    assert.equal(nd[0].code, 'CXU1007');
  });

  test('sizes as docker shows them', () => {
    assert.deepEqual([0, 999, 1000, 52_428_800, 1_500_000_000].map(formatBytes), ['0 B', '999 B', '1.0 kB', '52.4 MB', '1.5 GB']);
  });
});
