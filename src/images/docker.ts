/**
 * The docker CLI, as `build`, `push` and `--build` use it: a probe (CLI present, daemon reachable,
 * buildx available), `docker [buildx] build` arguments from an ImageBuild, login with the password
 * on stdin, push, and reading the digest of what was pushed.
 */
import { UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { ImageCodes, type ImageBuild } from './plan.js';
import type { ProcessResult, ProcessRunner } from './run-process.js';

export interface DockerInfo {
  buildx: boolean;
  serverVersion: string;
}

export interface BuildOptions {
  buildx: boolean;
  /** `--progress` given on the command line (docker's output is then shown as it comes). */
  progress?: string;
  /** buildx: `--push` (several platforms cannot be loaded into the local image store). */
  push?: boolean;
}

const lastLines = (r: ProcessResult, n = 12): string =>
  `${r.stderr}\n${r.stdout}`
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-n)
    .join('\n');

const fail = (d: Omit<Diagnostic, 'severity'>): never => {
  throw new UserError([{ ...d, severity: 'error' }]);
};

/** Checks the docker CLI and its daemon; one CXU error when either is missing. */
export async function probeDocker(run: ProcessRunner, env: Record<string, string | undefined>): Promise<DockerInfo> {
  const v = await run('docker', ['version', '--format', '{{.Server.Version}}'], { env });
  if (v.notFound) {
    fail({
      code: ImageCodes.DockerMissing,
      message: 'the docker CLI was not found on PATH; images with `build:` cannot be built',
      hint: 'install Docker (or a docker-compatible CLI named `docker`) and run again; nothing was deployed',
    });
  }
  if (v.code !== 0 || v.stdout.trim() === '') {
    fail({
      code: ImageCodes.DaemonUnreachable,
      message: `the docker daemon is not reachable: ${lastLines(v, 3).split('\n').pop() || `docker version exited with ${v.code}`}`,
      hint: 'start Docker (or set DOCKER_HOST / the docker context) and run again; nothing was deployed',
    });
  }
  const bx = await run('docker', ['buildx', 'version'], { env });
  return { buildx: bx.code === 0, serverVersion: v.stdout.trim() };
}

/** The arguments of `docker build` / `docker buildx build` for one image. */
export function buildArguments(b: ImageBuild, o: BuildOptions): string[] {
  const a: string[] = o.buildx ? ['buildx', 'build'] : ['build'];
  if (b.dockerfileInline !== undefined) a.push('--file', '-');
  else if (b.dockerfile) a.push('--file', b.dockerfile);
  for (const t of [b.image, ...b.extraTags]) a.push('--tag', t);
  for (const [k, v] of b.args) a.push('--build-arg', `${k}=${v}`);
  if (b.target) a.push('--target', b.target);
  if (b.platforms.length > 0) a.push('--platform', b.platforms.join(','));
  for (const [k, v] of b.labels) a.push('--label', `${k}=${v}`);
  for (const c of b.cacheFrom) a.push('--cache-from', c);
  for (const c of b.cacheTo) a.push('--cache-to', c);
  for (const s of b.secrets) a.push('--secret', s.src !== undefined ? `id=${s.id},src=${s.src}` : `id=${s.id},env=${s.env}`);
  for (const s of b.ssh) a.push('--ssh', s);
  for (const [k, v] of b.additionalContexts) a.push('--build-context', `${k}=${v}`);
  if (b.network) a.push('--network', b.network);
  for (const h of b.extraHosts) a.push('--add-host', h);
  if (b.shmSize) a.push('--shm-size', b.shmSize);
  if (b.noCache) a.push('--no-cache');
  if (b.pull) a.push('--pull');
  if (o.progress) a.push('--progress', o.progress);
  if (o.buildx) a.push(o.push ? '--push' : '--load');
  a.push(b.context);
  return a;
}

/** What the classic builder (no buildx) cannot do for an image, named for the message. */
export function buildxNeeds(b: ImageBuild): string[] {
  const needs: string[] = [];
  if (b.platforms.length > 1) needs.push(`several platforms (${b.platforms.join(', ')})`);
  if (b.cacheTo.length > 0) needs.push('cache_to');
  if (b.additionalContexts.length > 0) needs.push('additional_contexts');
  return needs;
}

export interface DockerRun {
  run: ProcessRunner;
  env: Record<string, string | undefined>;
  /** Each line of docker's output, when it is shown as it comes (`--progress`). */
  onLine?: (line: string) => void;
}

export async function dockerBuild(d: DockerRun, b: ImageBuild, o: BuildOptions): Promise<void> {
  const r = await d.run('docker', buildArguments(b, o), { env: d.env, stdin: b.dockerfileInline, onLine: o.progress ? d.onLine : undefined });
  if (r.code !== 0) {
    fail({
      code: ImageCodes.BuildFailed,
      message: `the image of service "${b.service}" did not build (docker exited with ${r.code}):\n${indent(lastLines(r))}`,
      hint: 'fix the Dockerfile or the build settings; nothing was pushed or deployed',
    });
  }
}

/** The size in bytes of a local image (0 when docker does not say). */
export async function imageSize(d: DockerRun, image: string): Promise<number> {
  const r = await d.run('docker', ['image', 'inspect', '--format', '{{.Size}}', image], { env: d.env });
  const n = Number(r.stdout.trim());
  return r.code === 0 && Number.isFinite(n) ? n : 0;
}

/** `docker login` with the password on stdin (docker keeps it in its own credential store). */
export async function dockerLogin(d: DockerRun, registry: string, username: string, password: string): Promise<void> {
  const r = await d.run('docker', ['login', '--username', username, '--password-stdin', registry], { env: d.env, stdin: password });
  if (r.code !== 0) {
    fail({
      code: ImageCodes.LoginFailed,
      message: `docker could not log in to ${registry}:\n${indent(lastLines(r, 4))}`,
      hint: 'check the docker credential helper configuration (~/.docker/config.json) and the ECR permissions (ecr:GetAuthorizationToken)',
    });
  }
}

const DIGEST = /digest: (sha256:[a-f0-9]{64})/;

/** `docker push`; returns the digest docker reports. */
export async function dockerPush(d: DockerRun, service: string, image: string, progress?: string): Promise<string> {
  const r = await d.run('docker', ['push', image], { env: d.env, onLine: progress ? d.onLine : undefined });
  if (r.code !== 0) {
    fail({
      code: ImageCodes.PushFailed,
      message: `the image of service "${service}" could not be pushed to ${image}:\n${indent(lastLines(r, 6))}`,
      hint: 'check that you may push to the repository (ecr:InitiateLayerUpload, ecr:PutImage, ...) and that the tag is not immutable and taken; nothing was deployed',
    });
  }
  return DIGEST.exec(r.stdout)?.[1] ?? (await repoDigest(d, service, image));
}

/** The digest of a pushed image from docker's RepoDigests, else from the registry (buildx imagetools). */
export async function repoDigest(d: DockerRun, service: string, image: string): Promise<string> {
  const repo = image.replace(/:[\w][\w.-]*$/, '');
  const local = await d.run('docker', ['image', 'inspect', '--format', '{{json .RepoDigests}}', image], { env: d.env });
  if (local.code === 0) {
    try {
      const found = (JSON.parse(local.stdout) as string[]).find((r) => r.startsWith(`${repo}@`));
      if (found) return found.slice(repo.length + 1);
    } catch {
      // not JSON: ask the registry
    }
  }
  const remote = await d.run('docker', ['buildx', 'imagetools', 'inspect', image], { env: d.env });
  const m = /^Digest:\s+(sha256:[a-f0-9]{64})/m.exec(remote.stdout);
  if (remote.code === 0 && m) return m[1];
  return fail({
    code: ImageCodes.NoDigest,
    message: `the digest of the image pushed for service "${service}" (${image}) could not be read`,
    hint: 'check `docker buildx imagetools inspect` on the image; nothing was deployed',
  });
}

const indent = (s: string) =>
  s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
