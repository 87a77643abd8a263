/**
 * The deploy commands of the CLI (`create`, `up`, `plan`, `init`, `down`, `status`): render the
 * project when needed, build the AWS clients from the session, and run the command against them
 * with a DeployHost over the CLI's Io. AWS failures become user diagnostics.
 */
import { resolve } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ECSClient } from '@aws-sdk/client-ecs';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import type { LoadedProject } from '../load/project.js';
import { writeOutput } from '../output/write.js';
import { ensureLookups } from '../lookups/ensure.js';
import { render } from '../synth/render.js';
import { loadExtensions } from '../extensions/index.js';
import { createSession } from '../aws/session.js';
import { withAwsErrors } from '../aws/errors.js';
import { cfnFromClient, ecsFromClient, s3FromClient, stsFromClient, type DeployApis } from '../aws/deploy/api.js';
import { systemClock, type Clock } from '../aws/deploy/clock.js';
import type { DeployContext } from '../aws/deploy/context.js';
import { hostFromIo, say, type DeployHost } from '../aws/deploy/host.js';
import { runCreate } from '../aws/deploy/create.js';
import { runUp } from '../aws/deploy/up.js';
import { runPlan } from '../aws/deploy/plan.js';
import { runInit } from '../aws/deploy/init.js';
import { runDown } from '../aws/deploy/down.js';
import { runStatus } from '../aws/deploy/status.js';
import type { CommonOptions, Io } from './main.js';
import { printDiagnostics } from './main.js';
import { lookupFilePath } from './render-command.js';

export interface AwsTarget {
  region?: string;
  roleArn?: string;
}

/** What the commands run with; tests replace the AWS APIs, the clock and the host. */
export interface DeployDeps {
  apis(target: AwsTarget, io: Io): DeployApis;
  clock: Clock;
  random: () => number;
  host?: (io: Io) => DeployHost;
}

export const defaultDeps: DeployDeps = {
  apis: (target, io) => {
    const session = createSession({ region: target.region, roleArn: target.roleArn, env: io.env });
    return {
      region: session.region,
      cfn: cfnFromClient(session.client(CloudFormationClient)),
      s3: s3FromClient(session.client(S3Client)),
      sts: stsFromClient(session.client(STSClient)),
      ecs: ecsFromClient(session.client(ECSClient)),
    };
  },
  clock: systemClock,
  random: Math.random,
};

export type DeployCommand = 'create' | 'up' | 'plan';

/** `create`, `up`, `plan`: render, upload, then (up/plan) deploy. */
export async function runDeployCommand(cmd: DeployCommand, project: LoadedProject, o: CommonOptions, io: Io, deps: DeployDeps = defaultDeps): Promise<number> {
  const stackName = o.name ?? project.name;
  const files = await renderFiles(project, stackName, o, io);
  return withAwsErrors(async () => {
    const ctx = context(o, io, deps);
    const created = await runCreate(ctx, { files, rootFile: `${stackName}.${o.format}`, bucket: o.bucketName, prefix: o.s3Prefix });
    if (cmd === 'create') {
      say(ctx.host, 'result', created.rootUrl);
      return 0;
    }
    const req = { stackName, templateUrl: created.rootUrl, disableRollback: o.disableRollback };
    if (cmd === 'up') return runUp(ctx, req);
    return runPlan(ctx, { ...req, apply: o.apply, cleanup: o.cleanup });
  });
}

export interface InitOptions extends AwsTarget {
  bucketName?: string;
}

export function runInitCommand(o: InitOptions, io: Io, deps: DeployDeps = defaultDeps): Promise<number> {
  return withAwsErrors(() => runInit(context(o, io, deps), { bucket: o.bucketName }));
}

export interface StackOptions extends AwsTarget {
  name: string;
  yes?: boolean;
}

export function runDownCommand(o: StackOptions, io: Io, deps: DeployDeps = defaultDeps): Promise<number> {
  return withAwsErrors(() => runDown(context(o, io, deps), { stackName: o.name, yes: o.yes }));
}

export function runStatusCommand(o: StackOptions, io: Io, deps: DeployDeps = defaultDeps): Promise<number> {
  return withAwsErrors(() => runStatus(context(o, io, deps), { stackName: o.name }));
}

function context(o: AwsTarget, io: Io, deps: DeployDeps): DeployContext {
  return {
    apis: deps.apis({ region: o.region, roleArn: o.roleArn }, io),
    host: deps.host ? deps.host(io) : hostFromIo(io),
    clock: deps.clock,
    random: deps.random,
  };
}

/** Renders in memory; also writes the files when -d is given. */
async function renderFiles(project: LoadedProject, stackName: string, o: CommonOptions, io: Io): Promise<Map<string, string>> {
  const ensured = await ensureLookups(project, lookupFilePath(o, io), { refresh: !!o.refreshLookups, region: o.region, roleArn: o.roleArn, env: io.env });
  printDiagnostics(ensured.warnings, io, o.loglevel);
  const lookups = ensured.lookups;
  const out = render({ doc: project.model, stackName, lookups, format: o.format, extensions: await loadExtensions(project.model) });
  printDiagnostics(out.warnings, io, o.loglevel);
  if (o.outputDir) await writeOutput(resolve(io.cwd, o.outputDir), out.files);
  return out.files;
}
