import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { loadProject } from '../load/project.js';
import { buildArguments, buildxNeeds } from './docker.js';
import { parseEcrImage, pinnedImage } from './ecr-ref.js';
import { planBuilds } from './plan.js';

function project(yaml: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cx-img-'));
  writeFileSync(join(dir, 'docker-compose.yml'), yaml);
  return { dir, p: loadProject({ files: [join(dir, 'docker-compose.yml')], env, projectName: 'shop' }) };
}

function failure(fn: () => unknown): Diagnostic[] {
  try {
    fn();
  } catch (e) {
    if (UserError.is(e)) return e.diagnostics;
    throw e;
  }
  assert.fail('expected a UserError');
}

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

describe('build plan', () => {
  test('each compose build key becomes its docker buildx argument', () => {
    const { dir, p } = project(`
secrets:
  npmrc: {file: ./npmrc}
  token: {environment: GH_TOKEN}
services:
  api:
    image: ${ECR}/shop/api:1.4
    build:
      context: ./app
      dockerfile: docker/Dockerfile.prod
      args: {VERSION: "1.4", EMPTY: ""}
      target: runtime
      platforms: [linux/amd64, linux/arm64]
      labels: {team: web}
      cache_from: ["type=registry,ref=${ECR}/shop/api:cache"]
      cache_to: ["type=inline"]
      secrets: [npmrc, {source: token, target: gh}]
      ssh: [default, "deploy=/home/me/.ssh/id_ed25519"]
      tags: ["${ECR}/shop/api:latest"]
      network: host
      extra_hosts: ["registry.local:10.0.0.5"]
      no_cache: true
      pull: true
      additional_contexts: {base: "docker-image://alpine:3.20"}
`);
    const [b] = planBuilds({ doc: p.model, project: p.name });
    assert.deepEqual(buildArguments(b, { buildx: true, progress: 'plain' }), [
      'buildx', 'build',
      '--file', join(dir, 'app', 'docker/Dockerfile.prod'),
      '--tag', `${ECR}/shop/api:1.4`,
      '--tag', `${ECR}/shop/api:latest`,
      '--build-arg', 'VERSION=1.4',
      '--build-arg', 'EMPTY=',
      '--target', 'runtime',
      '--platform', 'linux/amd64,linux/arm64',
      '--label', 'team=web',
      '--cache-from', `type=registry,ref=${ECR}/shop/api:cache`,
      '--cache-to', 'type=inline',
      '--secret', `id=npmrc,src=${join(dir, 'npmrc')}`,
      '--secret', 'id=gh,env=GH_TOKEN',
      '--ssh', 'default',
      '--ssh', 'deploy=/home/me/.ssh/id_ed25519',
      '--build-context', 'base=docker-image://alpine:3.20',
      '--network', 'host',
      '--add-host', 'registry.local:10.0.0.5',
      '--no-cache',
      '--pull',
      '--progress', 'plain',
      '--load',
      join(dir, 'app'),
    ]);
    assert.deepEqual(buildxNeeds(b), ['several platforms (linux/amd64, linux/arm64)', 'cache_to', 'additional_contexts']);
    assert.deepEqual(b.ecr, { registry: ECR, account: '123456789012', region: 'eu-west-1', repository: 'shop/api', tag: '1.4' });
  });

  test('platform: the task family runtime (ARM64 → linux/arm64), else the service platform; classic docker build without buildx', () => {
    const { dir, p } = project(`
services:
  arm:
    image: arm
    build: ./arm
    x-ecs: {CpuArchitecture: ARM64}
  sidecar:
    image: side
    build: ./side
    deploy: {labels: {ecs.task.family: arm}}
  x86:
    image: x86
    build: .
  explicit:
    image: e
    build: .
    platform: linux/arm64/v8
`);
    const builds = planBuilds({ doc: p.model, project: p.name });
    assert.deepEqual(
      builds.map((b) => [b.service, b.platforms]),
      [
        ['arm', ['linux/arm64']],
        ['explicit', ['linux/arm64/v8']],
        ['sidecar', ['linux/arm64']],
        ['x86', ['linux/amd64']],
      ],
    );
    assert.deepEqual(buildArguments(builds[0], { buildx: false }), ['build', '--file', join(dir, 'arm', 'Dockerfile'), '--tag', 'arm', '--platform', 'linux/arm64', join(dir, 'arm')]);
    assert.deepEqual(buildxNeeds(builds[0]), []);
  });

  test('only the named services; a service without image is tagged <project>-<service>; inline Dockerfile goes on stdin', () => {
    const { p } = project(`
services:
  web: {build: {context: ., dockerfile_inline: "FROM nginx"}}
  worker: {image: w, build: .}
  db: {image: postgres}
`);
    const [web] = planBuilds({ doc: p.model, project: p.name, only: ['web'] });
    assert.equal(web.image, 'shop-web');
    assert.equal(web.imageGiven, false);
    assert.equal(web.dockerfileInline, 'FROM nginx');
    assert.deepEqual(buildArguments(web, { buildx: true }).slice(0, 4), ['buildx', 'build', '--file', '-']);
    assert.deepEqual(planBuilds({ doc: p.model, project: p.name }).map((b) => b.service), ['web', 'worker']);
  });

  test('unknown services, services without build: and build secrets without a source are reported at once', () => {
    const { p } = project(`
secrets:
  managed: {x-secrets: {Name: /app/key}}
services:
  web:
    image: w
    build: {context: ., secrets: [managed, missing]}
  db: {image: postgres}
`);
    const named = failure(() => planBuilds({ doc: p.model, project: p.name, only: ['nope', 'db'] }));
    assert.deepEqual(named.map((d) => d.code), ['CXU1011', 'CXU1012']);
    assert.match(named[0].expected ?? '', /one of: db, web/);
    const secrets = failure(() => planBuilds({ doc: p.model, project: p.name }));
    assert.deepEqual(secrets.map((d) => [d.code, d.path]), [
      ['CXU1013', 'services.web.build.secrets[0]'],
      ['CXU1013', 'services.web.build.secrets[1]'],
    ]);
    assert.match(secrets[0].message, /has neither `file:` nor `environment:`/);
    assert.match(secrets[1].message, /is not defined under the top-level `secrets:`/);
  });

  test('x-ecr settings; 1.x keys that are not acted on warn', () => {
    const { p } = project(`
services:
  web:
    image: ${ECR}/web
    build: .
    x-ecr: {ImageTagMutability: IMMUTABLE, ScanOnPush: false, InterpolateWithDigest: true, VulnerabilitiesScan: {Thresholds: {CRITICAL: 0}}}
`);
    const [b] = planBuilds({ doc: p.model, project: p.name });
    assert.deepEqual(b.settings, { imageTagMutability: 'IMMUTABLE', scanOnPush: false, roleArn: undefined });
    assert.deepEqual(p.warnings.map((d) => [d.code, d.path]), [
      ['CXU2002', 'services.web.x-ecr.InterpolateWithDigest'],
      ['CXU2001', 'services.web.x-ecr.VulnerabilitiesScan'],
    ]);
    const bad = failure(() => project(`services:\n  web: {image: w, x-ecr: {ImageTagMutability: SOMETIMES}}\n`));
    assert.equal(bad[0].path, 'services.web.x-ecr.ImageTagMutability');
  });

  test('1.x x-docker_opts.InterpolateWithDigest: accepted, the image kept as written (CXU2002); other keys refused', () => {
    const { p } = project(`services:\n  web: {image: nginx:1.27, x-docker_opts: {InterpolateWithDigest: true}}\n  api: {image: nginx:1.27, x-docker_opts: {InterpolateWithDigest: false}}\n`);
    assert.deepEqual(p.warnings.map((d) => [d.code, d.path]), [['CXU2002', 'services.web.x-docker_opts.InterpolateWithDigest']]);
    const bad = failure(() => project(`services:\n  web: {image: w, x-docker_opts: {Pull: true}}\n`));
    assert.equal(bad[0].path, 'services.web.x-docker_opts.Pull');
  });
});

describe('ECR image references', () => {
  test('ECR repositories are recognised, other registries are not', () => {
    assert.deepEqual(parseEcrImage(`${ECR}/team/app`), { registry: ECR, account: '123456789012', region: 'eu-west-1', repository: 'team/app', tag: 'latest' });
    assert.equal(parseEcrImage('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:v1')?.region, 'cn-north-1');
    for (const other of ['nginx:1.27', 'public.ecr.aws/compose-x/ecs-files-composer:latest', 'ghcr.io/a/b:1', 'registry.local:5000/app']) {
      assert.equal(parseEcrImage(other), undefined, other);
    }
    const digest = `sha256:${'a'.repeat(64)}`;
    assert.equal(pinnedImage(parseEcrImage(`${ECR}/app:v1`)!, digest), `${ECR}/app@${digest}`);
  });
});
