/**
 * Building and pushing the images of an ImageBuild list, in this order: static checks (an image
 * to push to, buildx for what needs it), the docker probe (CLI and daemon), every build, then for
 * ECR images the repository (created when missing), one login per registry and the push. Returns
 * the images to deploy pinned by digest (`repo@sha256:...`), ECR images only: images of other
 * registries are pushed as they are and left unpinned. Progress is one line per step and service.
 */
import { DiagnosticBag, UserError } from '../diagnostics/diagnostic.js';
import type { DeployHost } from '../aws/deploy/host.js';
import { say } from '../aws/deploy/host.js';
import { buildxNeeds, dockerBuild, dockerLogin, dockerPush, imageSize, probeDocker, repoDigest, type DockerRun } from './docker.js';
import { pinnedImage } from './ecr-ref.js';
import type { EcrApi } from './ecr.js';
import { ImageCodes, type ImageBuild } from './plan.js';
import type { ProcessRunner } from './run-process.js';

export interface PublishDeps {
  run: ProcessRunner;
  env: Record<string, string | undefined>;
  /** The ECR API of a region, as a role when given. */
  ecr(region: string, roleArn?: string): EcrApi;
  host: DeployHost;
}

export interface PublishOptions {
  build: boolean;
  push: boolean;
  progress?: string;
  /** Tags of the repositories push creates. */
  tags: Array<{ Key: string; Value: string }>;
  /** --role-arn: the role for ECR calls of services without x-ecr RoleArn. */
  roleArn?: string;
}

/** Builds and/or pushes; returns service → image pinned by digest (ECR images that were pushed). */
export async function publishImages(builds: ImageBuild[], deps: PublishDeps, o: PublishOptions): Promise<Map<string, string>> {
  const pins = new Map<string, string>();
  if (builds.length === 0) return pins;
  if (o.push) {
    const bag = new DiagnosticBag();
    for (const b of builds.filter((x) => !x.imageGiven)) {
      bag.error({
        code: ImageCodes.NoImage,
        message: `service "${b.service}" has \`build:\` but no \`image:\` to push to`,
        path: `services.${b.service}`,
        expected: 'image: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>',
        hint: 'set `image:` to the ECR repository the image goes to (it is created when missing)',
      });
    }
    bag.throwIfErrors();
  }
  const info = await probeDocker(deps.run, deps.env);
  if (!info.buildx) {
    const missing = builds.map((b) => ({ b, needs: buildxNeeds(b) })).filter((x) => x.needs.length > 0);
    if (o.build && missing.length > 0) {
      throw new UserError(
        missing.map(({ b, needs }) => ({
          code: ImageCodes.NeedsBuildx,
          severity: 'error' as const,
          message: `service "${b.service}" needs docker buildx for ${needs.join(', ')}, and \`docker buildx version\` fails`,
          hint: 'install the buildx plugin (Docker Desktop and recent Docker Engine packages have it)',
        })),
      );
    }
  }
  const docker: DockerRun = { run: deps.run, env: deps.env, onLine: (l) => say(deps.host, 'info', l) };
  // Several platforms cannot be loaded into the local image store: buildx pushes them as it builds.
  const pushedByBuild = (b: ImageBuild) => o.push && info.buildx && b.platforms.length > 1;

  if (o.build) {
    for (const b of builds.filter((x) => !pushedByBuild(x))) {
      say(deps.host, 'info', `${b.service}: building ${b.image} (${b.platforms.join(', ')})`);
      await dockerBuild(docker, b, { buildx: info.buildx, progress: o.progress });
      say(deps.host, 'info', `${b.service}: built ${b.image}`);
    }
  }
  if (!o.push) return pins;

  const logins = new Set<string>();
  for (const b of builds) {
    if (b.ecr) {
      const ecr = deps.ecr(b.ecr.region, b.settings.roleArn ?? o.roleArn);
      await ensureRepository(ecr, b, o.tags, deps.host);
      if (!logins.has(b.ecr.registry)) {
        const login = await ecr.login(b.ecr.account);
        await dockerLogin(docker, login.endpoint, login.username, login.password);
        logins.add(b.ecr.registry);
        say(deps.host, 'info', `logged in to ${b.ecr.registry}`);
      }
    }
    let digest: string;
    if (o.build && pushedByBuild(b)) {
      say(deps.host, 'info', `${b.service}: building and pushing ${b.image} (${b.platforms.join(', ')})`);
      await dockerBuild(docker, b, { buildx: true, progress: o.progress, push: true });
      digest = await repoDigest(docker, b.service, b.image);
    } else {
      const size = await imageSize(docker, b.image);
      say(deps.host, 'info', `${b.service}: pushing ${b.image}${size > 0 ? ` (${formatBytes(size)})` : ''}`);
      digest = await dockerPush(docker, b.service, b.image, o.progress);
      for (const t of b.extraTags) await dockerPush(docker, b.service, t, o.progress);
    }
    if (b.ecr) {
      const pinned = pinnedImage(b.ecr, digest);
      pins.set(b.service, pinned);
      say(deps.host, 'info', `${b.service}: pushed ${pinned}`);
    } else {
      say(deps.host, 'info', `${b.service}: pushed ${b.image} (${digest})`);
    }
  }
  return pins;
}

async function ensureRepository(ecr: EcrApi, b: ImageBuild, tags: Array<{ Key: string; Value: string }>, host: DeployHost): Promise<void> {
  if (!b.ecr) return;
  const { account, repository } = b.ecr;
  if (await ecr.repositoryExists(account, repository)) return;
  const created = await ecr.createRepository({
    registryId: account,
    name: repository,
    scanOnPush: b.settings.scanOnPush,
    imageTagMutability: b.settings.imageTagMutability,
    tags,
  });
  if (created) {
    const how = [b.settings.scanOnPush ? 'scan on push' : 'no scan on push', b.settings.imageTagMutability === 'IMMUTABLE' ? 'immutable tags' : 'mutable tags'];
    say(host, 'info', `${b.service}: created ECR repository ${repository} (${how.join(', ')})`);
  }
}

/** Bytes as docker shows sizes (decimal units). */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** Where the digest of a pushed ECR image replaces its tag in the compose model. */
export function pinImages(doc: { services?: unknown }, pins: Map<string, string>): void {
  const services = doc.services as Record<string, Record<string, unknown>> | undefined;
  if (!services) return;
  for (const [svc, image] of pins) if (services[svc]) services[svc].image = image;
}
