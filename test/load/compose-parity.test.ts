/**
 * Loader behaviour that follows docker compose: what it rejects, how it resolves build args and
 * optional dependencies, how it finds the compose files without -f, and what `config` prints.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject, type LoadOptions } from '../../src/load/project.js';
import { UserError, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { main, type Io } from '../../src/cli/main.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cx-parity-'));
  for (const [n, t] of Object.entries(files)) {
    mkdirSync(join(dir, n, '..'), { recursive: true });
    writeFileSync(join(dir, n), t);
  }
  return dir;
}

function load(files: Record<string, string>, opts: Partial<LoadOptions> = {}) {
  const dir = tree(files);
  const r = loadProject({ env: {}, cwd: dir, files: [], ...opts });
  return { ...r, dir, svc: (n: string) => (r.model.services as Record<string, Record<string, unknown>>)[n] };
}

function errorsOf(fn: () => unknown): Diagnostic[] {
  try {
    fn();
  } catch (e) {
    if (UserError.is(e)) return e.diagnostics.filter((d) => d.severity === 'error');
    throw e;
  }
  assert.fail('expected a UserError');
}

async function cli(files: Record<string, string>, args: string[], env: Record<string, string> = {}, sub = '.') {
  const dir = tree(files);
  let out = '';
  let err = '';
  const io: Io = { out: (s) => (out += s), err: (s) => (err += s), env, cwd: join(dir, sub) };
  const code = await main(args, io);
  return { code, out, err, dir };
}

describe('what docker compose rejects', () => {
  test('a mapping key that is not a string, at the line of the key', () => {
    const errs = errorsOf(() => load({ 'compose.yml': 'services:\n  web:\n    image: x\n    labels:\n      1: one\n      true: yes\n' }, { files: ['compose.yml'] }));
    assert.deepEqual(
      errs.map((d) => [d.code, d.pos?.line, d.pos?.column, d.path]),
      [
        ['CXP1006', 5, 7, 'services.web.labels'],
        ['CXP1006', 6, 7, 'services.web.labels'],
      ],
    );
    assert.match(errs[0].message, /mapping key 1 is a number/);
  });

  test('a quoted number is a string key; x- extensions keep ECS Compose-X 1.x number keys', () => {
    const p = load(
      { 'compose.yml': 'services:\n  web: {image: x, labels: {"1": one}}\nx-elbv2:\n  lb:\n    Services: {"web:web": {port: 80, protocol: HTTP, healthcheck: "80:HTTP"}}\n    Listeners:\n      80: {Protocol: HTTP, Targets: [{name: "web:web"}]}\n' },
      { files: ['compose.yml'] },
    );
    assert.deepEqual(p.svc('web').labels, { '1': 'one' });
    assert.deepEqual(Object.keys(((p.model['x-elbv2'] as Record<string, Record<string, object>>).lb.Listeners)), ['80']);
  });

  test('an empty compose file, alone or with other empty ones', () => {
    for (const text of ['', '# nothing here\n', '{}\n']) {
      const errs = errorsOf(() => load({ 'compose.yml': text }, { files: ['compose.yml'] }));
      assert.deepEqual(
        errs.map((d) => [d.code, d.message, d.pos?.line]),
        [['CXL1006', 'empty compose file', 1]],
        JSON.stringify(text),
      );
    }
    const two = errorsOf(() => load({ 'a.yml': '', 'b.yml': '---\n' }, { files: ['a.yml', 'b.yml'] }));
    assert.deepEqual(two.map((d) => [d.code, d.pos?.file.endsWith('a.yml') ? 'a' : 'b']), [['CXL1006', 'a'], ['CXL1006', 'b']]);
  });

  test('an empty override file next to a real one is fine, as in docker compose', () => {
    const p = load({ 'compose.yml': 'services: {web: {image: x}}\n', 'override.yml': '' }, { files: ['compose.yml', 'override.yml'] });
    assert.equal(p.svc('web').image, 'x');
  });
});

describe('resolution', () => {
  test('build args without a value come from the environment and are dropped when unset', () => {
    const p = load(
      { 'compose.yml': 'services:\n  web:\n    image: x\n    build:\n      context: .\n      args: [SET, EMPTY, UNSET, FIXED=1]\n  other: {image: y, build: {context: ., args: [UNSET]}}\n' },
      { files: ['compose.yml'], env: { SET: 'from-env', EMPTY: '' } },
    );
    assert.deepEqual((p.svc('web').build as Record<string, unknown>).args, { SET: 'from-env', EMPTY: '', FIXED: '1' });
    assert.equal('args' in (p.svc('other').build as object), false);
  });

  test('a value-less build arg may come from .env', () => {
    const p = load({ 'compose.yml': 'services: {web: {image: x, build: {context: ., args: {VERSION: null}}}}\n', '.env': 'VERSION=1.2\n' }, { files: ['compose.yml'] });
    assert.deepEqual((p.svc('web').build as Record<string, unknown>).args, { VERSION: '1.2' });
  });

  test('depends_on a service disabled by profiles stays as written when required: false', () => {
    const p = load(
      { 'compose.yml': 'services:\n  web: {image: x, depends_on: {debug: {condition: service_healthy, required: false}}}\n  debug: {image: y, profiles: [dev]}\n' },
      { files: ['compose.yml'] },
    );
    assert.deepEqual(Object.keys(p.model.services as object), ['web']);
    assert.deepEqual(p.svc('web').depends_on, { debug: { condition: 'service_healthy', required: false } });
  });
});

describe('compose files without -f', () => {
  const base = 'services: {web: {image: base}}\n';
  const over = (tag: string) => `services: {web: {environment: {FROM: ${tag}}}}\n`;

  test('the default names in docker compose order, with the first override next to them', () => {
    const p = load({ 'docker-compose.yml': base, 'compose.yaml': 'services: {web: {image: preferred}}\n', 'docker-compose.override.yml': over('docker'), 'compose.override.yaml': over('compose') });
    assert.equal(p.svc('web').image, 'preferred');
    assert.deepEqual(p.svc('web').environment, { FROM: 'compose' });
    assert.deepEqual(p.files.map((f) => f.slice(p.dir.length + 1)), ['compose.yaml', 'compose.override.yaml']);
    assert.ok(p.warnings.some((w) => w.code === 'CXL2002' && /compose\.yaml, docker-compose\.yml/.test(w.message)));
  });

  for (const name of ['compose.yml', 'docker-compose.yml', 'docker-compose.yaml']) {
    test(`${name} alone`, () => {
      const p = load({ [name]: base });
      assert.deepEqual(p.files.map((f) => f.slice(p.dir.length + 1)), [name]);
    });
  }

  test('a parent directory holds the files; the project is named after it', () => {
    const dir = tree({ 'proj/docker-compose.yml': base, 'proj/docker-compose.override.yml': over('parent'), 'proj/src/deep/.keep': '' });
    const p = loadProject({ env: {}, cwd: join(dir, 'proj', 'src', 'deep'), files: [] });
    assert.equal(p.name, 'proj');
    assert.deepEqual((p.model.services as Record<string, Record<string, unknown>>).web.environment, { FROM: 'parent' });
  });

  test('COMPOSE_FILE with the path separator, or COMPOSE_PATH_SEPARATOR', () => {
    const files = { 'compose.yml': 'services: {web: {image: ignored}}\n', 'a.yml': base, 'b.yml': over('b') };
    const p = load(files, { env: { COMPOSE_FILE: 'a.yml:b.yml' } });
    assert.equal(p.svc('web').image, 'base');
    assert.deepEqual(p.svc('web').environment, { FROM: 'b' });
    const q = load(files, { env: { COMPOSE_FILE: 'b.yml,a.yml', COMPOSE_PATH_SEPARATOR: ',' } });
    assert.equal(q.svc('web').image, 'base');
    const r = load({ ...files, '.env': 'COMPOSE_FILE=a.yml\n' });
    assert.equal(r.svc('web').image, 'base');
  });

  test('nothing found is an error that names the accepted files', () => {
    const errs = errorsOf(() => load({ 'other.yml': base }));
    assert.equal(errs[0].code, 'CXL1001');
    assert.match(errs[0].expected ?? '', /compose\.yaml/);
  });

  test('the CLI runs without -f; -f still wins', async () => {
    const r = await cli({ 'compose.yaml': base, 'x.yml': 'services: {web: {image: from-f}}\n' }, ['config', '--format', 'yaml']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /image: base/);
    const f = await cli({ 'compose.yaml': base, 'x.yml': 'services: {web: {image: from-f}}\n' }, ['config', '-f', 'x.yml', '--format', 'yaml'], { COMPOSE_FILE: 'compose.yaml' });
    assert.match(f.out, /image: from-f/);
  });
});

describe('config output', () => {
  test('a short-syntax secret gets the target /run/secrets/<source>; an explicit target stays', async () => {
    const r = await cli(
      { 'compose.yml': 'services:\n  web:\n    image: x\n    secrets: [token, {source: key, target: /etc/key}]\nsecrets:\n  token: {file: ./t}\n  key: {file: ./k}\n' },
      ['config', '--format', 'json'],
    );
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out) as { services: { web: { secrets: unknown[] } } };
    assert.deepEqual(doc.services.web.secrets, [
      { source: 'token', target: '/run/secrets/token' },
      { source: 'key', target: '/etc/key' },
    ]);
  });

  test('the errors of an empty file and a number key come with file:line', async () => {
    const r = await cli({ 'compose.yml': '', 'b.yml': 'services:\n  web:\n    image: x\n    ports: {8080: 80}\n' }, ['config']);
    assert.equal(r.code, 1);
    assert.match(r.err, /compose\.yml:1:1: error CXL1006: empty compose file/);
    const b = await cli({ 'b.yml': 'services:\n  web:\n    image: x\n    labels:\n      8080: x\n' }, ['config', '-f', 'b.yml']);
    assert.match(b.err, /b\.yml:5:7: error CXP1006/);
  });
});
