/**
 * A stand-in for the docker CLI in tests: `installDockerStandIn()` writes an executable `docker`
 * into a scratch folder to put first on PATH. It records each call (arguments, and stdin when it
 * reads it) as a JSON line and prints what docker prints for the commands the tool runs: version,
 * buildx version, build, image inspect, login, push (with a digest derived from the image name),
 * buildx imagetools inspect. CX_DOCKER_MODE (comma-separated) makes it fail like docker does:
 * `no-daemon` (daemon unreachable), `no-buildx`, `fail-build`.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface DockerCall {
  argv: string[];
  stdin?: string;
}

export interface DockerStandIn {
  /** Put first on PATH. */
  binDir: string;
  /** The environment the CLI needs to use it (PATH, the log file, the modes). */
  env(modes?: string[]): Record<string, string>;
  calls(): DockerCall[];
}

/** The digest the stand-in reports for an image pushed under this name. */
export function standInDigest(image: string): string {
  return `sha256:${createHash('sha256').update(image).digest('hex')}`;
}

export function installDockerStandIn(): DockerStandIn {
  const binDir = mkdtempSync(join(tmpdir(), 'cx-docker-'));
  const log = join(binDir, 'calls.jsonl');
  const script = fileURLToPath(import.meta.url);
  writeFileSync(join(binDir, 'docker'), `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`);
  chmodSync(join(binDir, 'docker'), 0o755);
  return {
    binDir,
    env: (modes = []) => ({ PATH: `${binDir}:${process.env.PATH ?? ''}`, CX_DOCKER_LOG: log, CX_DOCKER_MODE: modes.join(',') }),
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => JSON.parse(l) as DockerCall)
        : [],
  };
}

function standIn(argv: string[]): number {
  const modes = new Set((process.env.CX_DOCKER_MODE ?? '').split(',').filter(Boolean));
  const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : s + '\n');
  const err = (s: string) => process.stderr.write(s.endsWith('\n') ? s : s + '\n');
  const readsStdin = argv.includes('--password-stdin') || (argv.includes('--file') && argv[argv.indexOf('--file') + 1] === '-');
  const call: DockerCall = { argv };
  if (readsStdin) call.stdin = readFileSync(0, 'utf8');
  if (process.env.CX_DOCKER_LOG) appendFileSync(process.env.CX_DOCKER_LOG, JSON.stringify(call) + '\n');
  const [a, b] = argv;
  const image = argv[argv.length - 1];

  if (a === 'version') {
    if (modes.has('no-daemon')) {
      out('');
      err('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
      return 1;
    }
    out('27.3.1');
    return 0;
  }
  if (a === 'buildx' && b === 'version') {
    if (modes.has('no-buildx')) {
      err("docker: 'buildx' is not a docker command.\nSee 'docker --help'");
      return 1;
    }
    out('github.com/docker/buildx v0.17.1 257815a');
    return 0;
  }
  if (a === 'build' || (a === 'buildx' && b === 'build')) {
    const tag = argv[argv.indexOf('--tag') + 1];
    err('#0 building with "default" instance using docker driver');
    err('#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s');
    if (modes.has('fail-build')) {
      err('#5 [2/2] RUN ./configure --with-tests');
      err('#5 0.211 /bin/sh: ./configure: not found');
      err('#5 ERROR: process "/bin/sh -c ./configure --with-tests" did not complete successfully: exit code: 127');
      err('ERROR: failed to solve: process "/bin/sh -c ./configure --with-tests" did not complete successfully: exit code: 127');
      return 1;
    }
    err(`#6 exporting to image\n#6 naming to ${tag} done`);
    if (argv.includes('--push')) err(`#6 pushing manifest for ${tag}@${standInDigest(tag)} 0.2s done`);
    err('#6 DONE 0.3s');
    return 0;
  }
  if (a === 'image' && b === 'inspect') {
    const format = argv[argv.indexOf('--format') + 1];
    if (format === '{{.Size}}') out('52428800');
    else out(JSON.stringify([`${image.replace(/:[\w][\w.-]*$/, '')}@${standInDigest(image)}`]));
    return 0;
  }
  if (a === 'login') {
    out('Login Succeeded');
    return 0;
  }
  if (a === 'push') {
    const repo = image.replace(/:[\w][\w.-]*$/, '');
    const tag = image.slice(repo.length + 1) || 'latest';
    out(`The push refers to repository [${repo}]`);
    out('5f70bf18a086: Preparing\n5f70bf18a086: Pushed');
    out(`${tag}: digest: ${standInDigest(image)} size: 1570`);
    return 0;
  }
  if (a === 'buildx' && b === 'imagetools') {
    out(`Name:      ${image}\nMediaType: application/vnd.oci.image.index.v1+json\nDigest:    ${standInDigest(image)}`);
    return 0;
  }
  err(`docker stand-in: unexpected command: docker ${argv.join(' ')}`);
  return 125;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = standIn(process.argv.slice(2));
}
