/**
 * `build [SERVICE...]`, `push [SERVICE...]`, and the `--build` of `up` / `plan` / `create`: plan
 * the images of the services that have `build:`, build them with the docker CLI, push them (ECR
 * repository ensured, login with an ECR authorization token), and for `--build` pin the pushed
 * ECR images by digest in the project before it is rendered, so the deployed task definitions
 * run exactly what was built.
 */
import { ECRClient } from '@aws-sdk/client-ecr';
import { DiagnosticBag } from '../diagnostics/diagnostic.js';
import type { LoadedProject } from '../load/project.js';
import { createSession } from '../aws/session.js';
import { withAwsErrors } from '../aws/errors.js';
import { hostFromIo, say, type DeployHost } from '../aws/deploy/host.js';
import { projectTags } from '../synth/project-tags.js';
import { ecrFromClient, type EcrApi } from '../images/ecr.js';
import { planBuilds } from '../images/plan.js';
import { pinImages, publishImages } from '../images/publish.js';
import { runProcess, type ProcessRunner } from '../images/run-process.js';
import type { CommonOptions, Io } from './main.js';

export interface ImageOptions extends CommonOptions {
  /** docker's --progress (plain, tty, auto, quiet, rawjson): docker's output is shown as it comes. */
  progress?: string;
  /** up / plan / create: build and push the images first. */
  build?: boolean;
}

/** What the image commands run with; tests replace the process runner, ECR and the host. */
export interface ImageDeps {
  run: ProcessRunner;
  ecr(region: string, roleArn: string | undefined, io: Io): EcrApi;
  host?: (io: Io) => DeployHost;
}

export const defaultImageDeps: ImageDeps = {
  run: runProcess,
  ecr: (region, roleArn, io) => ecrFromClient(createSession({ region, roleArn, env: io.env }).client(ECRClient)),
};

/** `build` / `push` of the named services (all with `build:` when none is named). */
export async function runImageCommand(cmd: 'build' | 'push', project: LoadedProject, services: string[], o: ImageOptions, io: Io, deps: ImageDeps = defaultImageDeps): Promise<number> {
  const builds = planBuilds({ doc: project.model, project: project.name, only: services });
  const host = deps.host ? deps.host(io) : hostFromIo(io);
  if (builds.length === 0) {
    say(host, 'info', 'no service has `build:`; nothing to do');
    return 0;
  }
  await withAwsErrors(() =>
    publishImages(builds, publishDeps(io, host, deps), { build: cmd === 'build', push: cmd === 'push', progress: o.progress, tags: tagsOf(project, o), roleArn: o.roleArn }),
  );
  return 0;
}

/**
 * `--build`: builds and pushes every service with `build:`, then pins the pushed ECR images by
 * digest in the project model. Runs before any CloudFormation call; a failure throws.
 */
export async function buildForDeploy(project: LoadedProject, o: ImageOptions, io: Io, deps: ImageDeps = defaultImageDeps): Promise<void> {
  const builds = planBuilds({ doc: project.model, project: project.name });
  if (builds.length === 0) return;
  const host = deps.host ? deps.host(io) : hostFromIo(io);
  const pins = await withAwsErrors(() =>
    publishImages(builds, publishDeps(io, host, deps), { build: true, push: true, progress: o.progress, tags: tagsOf(project, o), roleArn: o.roleArn }),
  );
  pinImages(project.model, pins);
}

function publishDeps(io: Io, host: DeployHost, deps: ImageDeps) {
  return { run: deps.run, env: io.env, host, ecr: (region: string, roleArn?: string) => deps.ecr(region, roleArn, io) };
}

/** The tags of the repositories push creates: the project's (x-tags and the compose-x defaults). */
function tagsOf(project: LoadedProject, o: CommonOptions): Array<{ Key: string; Value: string }> {
  const bag = new DiagnosticBag();
  const tags = projectTags(project.model, o.name ?? project.name, bag);
  bag.throwIfErrors();
  return tags.map((t) => ({ Key: String(t.Key), Value: String(t.Value) }));
}
