/**
 * User mistakes read well: each is reported with file:line:column, the key path, what was
 * expected and a hint, with exit code 1, no stack trace, and nothing written.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Io } from '../../src/cli/main.js';

interface Run {
  code: number;
  out: string;
  err: string;
  dir: string;
}

async function run(files: Record<string, string>, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'cx-cli-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  let out = '';
  let err = '';
  const io: Io = { out: (s) => (out += s), err: (s) => (err += s), env, cwd: dir };
  const code = await main(args, io);
  return { code, out, err, dir };
}

const compose = (text: string) => ({ 'docker-compose.yml': text });

async function expectError(text: string, code: string, line: number, extra: RegExp[] = [], env: Record<string, string> = {}) {
  const r = await run(compose(text), ['render', '-f', 'docker-compose.yml', '-n', 'app', '-d', 'out'], env);
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, new RegExp(`docker-compose\\.yml:${line}:\\d+: error ${code}`), r.err);
  for (const re of extra) assert.match(r.err, re, r.err);
  assert.doesNotMatch(r.err, /\n\s+at .*\.js:\d+/, 'no stack trace');
  assert.equal(existsSync(join(r.dir, 'out')), false, 'nothing written');
  return r;
}

describe('user errors', () => {
  test('a list item where a mapping key belongs', async () => {
    await expectError('services:\n  web:\n    image: nginx\n    - ports: 80\n', 'CXP1001', 4, [/hint: a list item/]);
  });

  test('a duplicate key', async () => {
    await expectError('services:\n  web:\n    image: nginx\n    image: httpd\n', 'CXP1004', 4, [/already defined at line 3/, /at: services\.web\.image/]);
  });

  test('an unknown key in a service, with a suggestion', async () => {
    await expectError('services:\n  web:\n    image: nginx\n    enviroment:\n      A: 1\n', 'CXV1001', 4, [/services\.web\.enviroment/, /environment/]);
  });

  test('a wrong type', async () => {
    await expectError('services:\n  web:\n    image: nginx\n    ports: 80\n', 'CXV10\\d\\d', 4, [/at: services\.web\.ports/, /expected: .*sequence/]);
  });

  test('a required variable that is unset', async () => {
    await expectError('services:\n  web:\n    image: nginx:${TAG:?must be set}\n', 'CXI1001', 3, [/TAG/, /must be set/]);
  });

  test('an invalid port', async () => {
    await expectError('services:\n  web:\n    image: nginx\n    ports:\n      - "99999:80"\n', 'CXM1001', 5, [/services\.web\.ports\[0\]/]);
  });

  test('an undefined volume', async () => {
    await expectError('services:\n  web:\n    image: nginx\n    volumes:\n      - data:/data\n', 'CXL1303', 5, [/volume "data"/, /hint: declare it/]);
  });

  test('an undefined secret', async () => {
    await expectError('services:\n  web:\n    image: nginx\n    secrets:\n      - token\n', 'CXL1304', 5, [/secret "token"/]);
  });

  test('a depends_on cycle', async () => {
    await expectError(
      'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on:\n      - a\n',
      'CXL1307',
      8,
      [/cycle: a -> b -> a/],
    );
  });

  test('an unknown predefined alarm name', async () => {
    await expectError(
      'services:\n  web:\n    image: nginx\n    x-alarms:\n      Predefined:\n        HighCpu: {}\n',
      'CXV1\\d{3}',
      6,
      [/HighCpuUsageAndMaxScaledOut/],
    );
  });

  test('all problems are reported together', async () => {
    const r = await run(compose('services:\n  web:\n    image: nginx\n    volumes: [data:/a]\n    secrets: [s]\n'), ['config', '-f', 'docker-compose.yml']);
    assert.equal(r.code, 1);
    assert.match(r.err, /CXL1303/);
    assert.match(r.err, /CXL1304/);
    assert.match(r.err, /2 errors found/);
  });

  test('interpolation, schema and value problems of one file are reported in one run', async () => {
    const r = await run(
      compose('services:\n  web:\n    image: nginx\n    deploy:\n      replicaz: 2\n      resources:\n        limits:\n          memory: lots\n    read_only: maybe\n'),
      ['config', '-f', 'docker-compose.yml'],
    );
    assert.equal(r.code, 1);
    assert.match(r.err, /docker-compose\.yml:5:\d+: error CXV1001/);
    assert.match(r.err, /docker-compose\.yml:8:\d+: error CXM1003/);
    assert.match(r.err, /docker-compose\.yml:9:\d+: error CXI1003/);
    assert.match(r.err, /3 errors found/);
  });

  test('a missing compose file names the file and suggests the extension', async () => {
    const r = await run({ 'aws.yml': 'services: {}\n' }, ['config', '-f', 'aws']);
    assert.equal(r.code, 1);
    assert.match(r.err, /compose file not found: aws/);
    assert.match(r.err, /did you mean aws\.yml/);
  });
});

describe('warnings', () => {
  test('unknown x- keys and ignored compose keys warn but do not fail', async () => {
    const r = await run(compose('services:\n  web:\n    image: nginx\n    restart: always\n    x-custom: 1\n'), ['render', '-f', 'docker-compose.yml', '-n', 'app', '-d', 'out']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /docker-compose\.yml:5:\d+: warning CXV2002/);
    assert.match(r.err, /docker-compose\.yml:4:\d+: warning CXR2001: `restart` is ignored/);
    assert.ok(existsSync(join(r.dir, 'out', 'app.json')));
  });
});

describe('commands', () => {
  test('version needs nothing', async () => {
    const r = await run({}, ['version']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^ECS ComposeX \d+\.\d+\.\d+/);
  });

  test('up without an AWS region stops with a one-line explanation', async () => {
    const r = await run(compose('services: {web: {image: x}}\n'), ['up', '-f', 'docker-compose.yml', '-n', 'x'], { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' });
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /CXW1001/);
    assert.match(r.err, /--region/);
    assert.doesNotMatch(r.err, /\n\s+at .*\.js:\d+/);
  });

  test('-p is accepted for the name', async () => {
    const r = await run(compose('services: {web: {image: x}}\n'), ['config', '-p', 'MyApp', '-f', 'docker-compose.yml', '--format', 'yaml']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^name: myapp$/m);
  });

  test('--help on a command', async () => {
    const r = await run({}, ['render', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /--docker-compose-file/);
  });
});
