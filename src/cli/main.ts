/**
 * The command line: ECS Compose-X 1.x compatible commands and flags, plus docker compose's
 * --env-file / --profile / --project-directory. Exit codes are decided here only:
 * 0 success, 1 user error, 2 internal error.
 */
import { Command, CommanderError, Option } from 'commander';
import { UserError, formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadedProject } from '../load/project.js';
import { versionLine } from '../version.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** stderr is a terminal: progress may be drawn live. */
  isTTY?: boolean;
  /** Asks a question on the terminal (absent when stdin is not one). */
  prompt?: (question: string) => Promise<string>;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stderr.isTTY === true,
  prompt: process.stdin.isTTY ? askOnTerminal : undefined,
};

async function askOnTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

export interface CommonOptions {
  dockerComposeFile: string[];
  name?: string;
  outputDir?: string;
  format: 'json' | 'yaml';
  region?: string;
  bucketName?: string;
  s3Prefix?: string;
  roleArn?: string;
  disableRollback?: boolean;
  loglevel?: string;
  envFile?: string[];
  profile?: string[];
  projectDirectory?: string;
  lookups?: string;
  refreshLookups?: boolean;
  /** plan: apply the change set without asking. */
  apply?: boolean;
  /** plan: delete the change set without asking. */
  cleanup?: boolean;
  /** up / plan / create: build and push the images of services with `build:` first. */
  build?: boolean;
  /** build / push / --build: docker's --progress. */
  progress?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

function addCommonOptions(cmd: Command, opts: { renderFlags: boolean }): Command {
  cmd
    .option('-f, --docker-compose-file <file>', 'compose file (repeatable, merged in order; default: COMPOSE_FILE, else compose.yaml / docker-compose.yml and its override)', collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'yaml']).default('json'))
    .option('--env-file <file>', 'file with variables for interpolation (repeatable; default <project dir>/.env)', collect)
    .option('--profile <profile>', 'enable services of this profile (repeatable)', collect)
    .option('--project-directory <dir>', 'project directory (default: the folder of the first compose file)')
    .addOption(new Option('--loglevel <level>', 'log level').choices(['FATAL', 'ERROR', 'WARNING', 'WARN', 'INFO', 'DEBUG']).default('INFO'));
  if (opts.renderFlags) {
    cmd
      .option('-n, --name <name>', 'stack / project name (-p is accepted too)')
      .option('-d, --output-dir <dir>', 'directory to write the templates to')
      .option('--region <region>', 'AWS region')
      .option('-b, --bucket-name <bucket>', 'S3 bucket for templates')
      .option('--s3-prefix <prefix>', 'S3 key prefix for templates')
      .option('--role-arn <arn>', 'IAM role to assume for AWS calls')
      .option('--disable-rollback', 'disable rollback on stack failure')
      .option('--lookups <file>', 'recorded lookup results (default: compose-x.lookups.json next to the first compose file)')
      .option('--refresh-lookups', 'resolve every lookup against AWS again and record the results');
  } else {
    cmd.option('-n, --name <name>', 'project name (-p is accepted too)').option('-d, --output-dir <dir>', 'accepted for compatibility; unused');
  }
  return cmd;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let exitCode = 0;
  const program = new Command();
  program
    .name('ecs-compose-x')
    .description('Turn docker-compose files and x- extensions into AWS CloudFormation for Amazon ECS')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run with --help for usage)');

  const guard = (fn: (o: CommonOptions) => Promise<number> | number) => async (o: CommonOptions) => {
    exitCode = await runGuarded(() => fn(o), io, o.loglevel);
  };

  addCommonOptions(program.command('config').description('print the resolved compose project (like docker compose config)'), {
    renderFlags: false,
  }).action(
    guard(async (o) => {
      const project = await load(o, io);
      const { formatConfig } = await import('../output/config-format.js');
      const { pruneUnused, withSecretTargets } = await import('../load/normalize.js');
      io.out(formatConfig(withSecretTargets(pruneUnused(project.model)), o.format));
      return 0;
    }),
  );

  addCommonOptions(program.command('render').description('render the CloudFormation templates to a local directory'), {
    renderFlags: true,
  }).action(
    guard(async (o) => {
      const project = await load(o, io);
      const { runRender } = await import('./render-command.js');
      return runRender(project, o, io);
    }),
  );

  for (const [cmd, what] of [
    ['create', 'render and upload the templates to S3'],
    ['up', 'create or update the stack through a change set and follow it to the end'],
    ['plan', 'create a change set and show what would change'],
  ] as const) {
    const c = addCommonOptions(program.command(cmd).description(what), { renderFlags: true });
    if (cmd === 'plan') {
      c.option('--apply', 'apply the change set without asking').option('--cleanup', 'delete the change set without asking (never the stack)');
    }
    c.option('--build', 'build and push the images of services with `build:` first, and deploy them pinned by digest').addOption(progressOption());
    c.action(
      guard(async (o) => {
        const project = await load(o, io);
        if (o.build) {
          const { buildForDeploy } = await import('./image-commands.js');
          await buildForDeploy(project, o, io);
        }
        const { runDeployCommand } = await import('./deploy-commands.js');
        return runDeployCommand(cmd, project, o, io);
      }),
    );
  }

  for (const [cmd, what] of [
    ['build', 'build the images of services with `build:` (all, or those named) with docker'],
    ['push', 'push the images of services with `build:` (ECR repositories created when missing)'],
  ] as const) {
    const c = addCommonOptions(program.command(cmd).argument('[services...]', 'services to build / push (default: every service with `build:`)').description(what), {
      renderFlags: false,
    }).addOption(progressOption());
    if (cmd === 'push') c.option('--role-arn <arn>', 'IAM role to assume for the ECR calls (x-ecr RoleArn wins)');
    c.action(async (services: string[], o: CommonOptions) => {
      exitCode = await runGuarded(
        async () => {
          const project = await load(o, io);
          const { runImageCommand } = await import('./image-commands.js');
          return runImageCommand(cmd, project, services, o, io);
        },
        io,
        o.loglevel,
      );
    });
  }

  const awsFlags = (c: Command) =>
    c
      .option('--region <region>', 'AWS region')
      .option('--role-arn <arn>', 'IAM role to assume for AWS calls')
      .addOption(new Option('--loglevel <level>', 'log level').choices(['FATAL', 'ERROR', 'WARNING', 'WARN', 'INFO', 'DEBUG']).default('INFO'));
  awsFlags(program.command('init').description('prepare the AWS account (ECS account settings, default bucket)'))
    .option('-b, --bucket-name <bucket>', 'bucket to create instead of ecs-composex-<account>-<region>')
    .action(
      guard(async (o) => {
        const { runInitCommand } = await import('./deploy-commands.js');
        return runInitCommand(o, io);
      }),
    );

  for (const [cmd, what] of [
    ['down', 'delete the stack and follow the deletion'],
    ['status', 'show the stack state, its services and latest events'],
  ] as const) {
    const c = awsFlags(program.command(cmd).description(what))
      .option('-n, --name <name>', 'stack name (default: the project name of -f)')
      .option('-f, --docker-compose-file <file>', 'compose file, to take the project name from', collect, [])
      .option('--project-directory <dir>', 'project directory');
    if (cmd === 'down') c.option('-y, --yes', 'do not ask for confirmation');
    c.action(
      guard(async (o) => {
        const name = await stackNameOf(o, io);
        const { runDownCommand, runStatusCommand } = await import('./deploy-commands.js');
        const target = { name, region: o.region, roleArn: o.roleArn, yes: (o as { yes?: boolean }).yes };
        return cmd === 'down' ? runDownCommand(target, io) : runStatusCommand(target, io);
      }),
    );
  }

  program
    .command('version')
    .description('print the version')
    .action(() => {
      io.out(versionLine());
    });

  if (argv.length === 0) {
    io.out(program.helpInformation());
    return 0;
  }
  // ECS Compose-X 1.x accepts -n and -p for the name; commander takes one short flag per option.
  const args = argv.map((a) => (a === '-p' ? '-n' : a.startsWith('-p=') ? `-n=${a.slice(3)}` : a));
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 1;
    }
    io.err(`internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 2;
  }
  return exitCode;
}

function progressOption(): Option {
  return new Option('--progress <mode>', "docker's build and push output: shown as it comes in this mode (default: one line per step)").choices(['auto', 'plain', 'tty', 'quiet', 'rawjson']);
}

/** Heavy modules are imported on demand so `version` and `--help` start fast. */
async function load(o: CommonOptions, io: Io): Promise<LoadedProject> {
  const { loadProject } = await import('../load/project.js');
  const project = loadProject({
    files: o.dockerComposeFile,
    env: io.env,
    cwd: io.cwd,
    projectDirectory: o.projectDirectory,
    envFiles: o.envFile,
    profiles: o.profile,
    projectName: o.name,
  });
  printDiagnostics(project.warnings, io, o.loglevel);
  // Without -f, the files found stand for -f from here on (e.g. where the lookups file lives).
  if (o.dockerComposeFile.length === 0) o.dockerComposeFile = project.files;
  return project;
}

/** `-n`, else the project name of the compose files given with -f. */
async function stackNameOf(o: CommonOptions, io: Io): Promise<string> {
  if (o.name) return o.name;
  if (o.dockerComposeFile.length > 0) return (await load(o, io)).name;
  throw new UserError([
    { code: 'CXD5003', severity: 'error', message: 'no stack name given', hint: 'pass -n <stack name>, or -f <compose file> to use its project name' },
  ]);
}

export function printDiagnostics(ds: Diagnostic[], io: Io, loglevel = 'INFO'): void {
  const quietWarnings = loglevel === 'ERROR' || loglevel === 'FATAL';
  for (const d of ds) {
    if (d.severity === 'warning' && quietWarnings) continue;
    io.err(formatDiagnostic(d, io.cwd) + '\n');
  }
}

async function runGuarded(fn: () => Promise<number> | number, io: Io, loglevel?: string): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (UserError.is(e)) {
      printDiagnostics(e.diagnostics, io, loglevel);
      const n = e.diagnostics.filter((d) => d.severity === 'error').length;
      io.err(`${n} error${n === 1 ? '' : 's'} found.\n`);
      return 1;
    }
    io.err(`internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 2;
  }
}
