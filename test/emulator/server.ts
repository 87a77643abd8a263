/**
 * The AWS API emulator the deploy tests run against: moto, started by test/emulator/launch.py with
 * the patches of patches.py. `.ci/run` starts one and exports CX_EMULATOR_ENDPOINT; without it the
 * suite starts its own on a free loopback port and stops it at the end. A machine without python3
 * or moto fails the suite loudly: the deploy tests never skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const EMULATOR_REGION = 'eu-west-1';
/** moto's default account. */
export const EMULATOR_ACCOUNT = '123456789012';

export interface Emulator {
  endpoint: string;
  /** Stops the emulator when this process started it. */
  stop(): Promise<void>;
}

const LAUNCHER = resolve('test/emulator/launch.py');

export async function emulator(): Promise<Emulator> {
  const given = process.env.CX_EMULATOR_ENDPOINT;
  if (given) {
    await waitUntilUp(given, 10_000);
    return { endpoint: given.replace(/\/+$/, ''), stop: async () => {} };
  }
  return launch();
}

/** Starts test/emulator/launch.py with `python` on a free port; rejects, saying what is missing, when it cannot. */
export function launch(python = process.env.PYTHON ?? 'python3'): Promise<Emulator> {
  const child = spawn(python, [LAUNCHER, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  return new Promise((ok, fail) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the AWS API emulator did not start within 60 s:\n${stderr}`));
    }, 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(new Error(`cannot run ${python} ${LAUNCHER} (the deploy tests need python3 with moto 5): ${e.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the AWS API emulator exited with ${code} (the deploy tests need python3 with moto 5):\n${stderr}`));
    });
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      ok({ endpoint: m[1], stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

async function waitUntilUp(endpoint: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(`${endpoint}/moto-api/`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`the AWS API emulator at ${endpoint} (CX_EMULATOR_ENDPOINT) does not answer`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Forgets every resource: each example starts from an empty account. */
export async function resetEmulator(endpoint: string): Promise<void> {
  const r = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!r.ok) throw new Error(`emulator reset failed: ${r.status}`);
}

export function emulatorClientConfig(endpoint: string, region = EMULATOR_REGION) {
  return { endpoint, region, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
}

/**
 * The environment of a CLI process against the emulator: its endpoint for every service, fake
 * credentials, no profile or config file of the machine, no instance metadata lookups.
 */
export function cliEnv(endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'cx-emu-home-'));
  const keep = ['PATH', 'SYSTEMROOT', 'TMPDIR', 'LANG'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k] as string;
  return {
    ...env,
    HOME: home,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: EMULATOR_REGION,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    ...extra,
  };
}
