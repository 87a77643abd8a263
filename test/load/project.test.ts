/** The whole loader on small projects: variables, names, profiles, extends, tags, documents. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadProject, type LoadOptions } from '../../src/load/project.js';
import { UserError } from '../../src/diagnostics/diagnostic.js';

function project(files: Record<string, string>, opts: Partial<LoadOptions> & { order?: string[] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cx-proj-'));
  for (const [n, t] of Object.entries(files)) {
    mkdirSync(join(dir, n, '..'), { recursive: true });
    writeFileSync(join(dir, n), t);
  }
  const order = opts.order ?? Object.keys(files).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'));
  const r = loadProject({ env: {}, cwd: dir, ...opts, files: order });
  return { ...r, dir, svc: (n: string) => (r.model.services as Record<string, Record<string, unknown>>)[n] };
}

describe('variables', () => {
  test('.env in the project directory; the environment wins over it', () => {
    const p = project({ 'compose.yml': 'services: {web: {image: "nginx:${TAG}", environment: {A: "${A}"}}}\n', '.env': 'TAG=1.25\nA=from-dotenv\n' }, { env: { A: 'from-env' } });
    assert.equal(p.svc('web').image, 'nginx:1.25');
    assert.deepEqual(p.svc('web').environment, { A: 'from-env' });
  });

  test('--env-file replaces .env', () => {
    const p = project({ 'compose.yml': 'services: {web: {image: "nginx:${TAG:-x}"}}\n', '.env': 'TAG=dot\n', 'prod.env': 'TAG=prod\n' }, { envFiles: ['prod.env'] });
    assert.equal(p.svc('web').image, 'nginx:prod');
  });

  test('a value-less environment entry is taken from the variables, or stays null', () => {
    const p = project({ 'compose.yml': 'services: {web: {image: x, environment: [SET, UNSET]}}\n' }, { env: { SET: 'yes' } });
    assert.deepEqual(p.svc('web').environment, { SET: 'yes', UNSET: null });
  });

  test('${!VAR} is kept for the container, ${AWS::Region} for CloudFormation', () => {
    const p = project({ 'compose.yml': 'services: {web: {image: x, environment: {B: "${!BUCKET}", R: "${AWS::Region}"}}}\n' });
    assert.deepEqual(p.svc('web').environment, { B: '${BUCKET}', R: '${AWS::Region}' });
  });
});

describe('project name', () => {
  test('-n/-p first, then COMPOSE_PROJECT_NAME, then name:, then the folder', () => {
    const files = { 'compose.yml': 'name: from_file\nservices: {web: {image: x}}\n' };
    assert.equal(project(files, { projectName: 'Cli' }).name, 'cli');
    assert.equal(project(files, { env: { COMPOSE_PROJECT_NAME: 'envname' } }).name, 'envname');
    assert.equal(project(files).name, 'from_file');
    const p = project({ 'compose.yml': 'services: {web: {image: x}}\n' });
    assert.equal(p.name, basename(p.dir).toLowerCase().replace(/[^a-z0-9_-]/g, ''));
  });

  test('COMPOSE_PROJECT_NAME can be interpolated', () => {
    const p = project({ 'compose.yml': 'services: {web: {image: x, environment: {P: "${COMPOSE_PROJECT_NAME}"}}}\n' }, { projectName: 'shop' });
    assert.deepEqual(p.svc('web').environment, { P: 'shop' });
  });
});

describe('profiles', () => {
  const files = { 'compose.yml': 'services:\n  web: {image: x}\n  debug: {image: y, profiles: [dev]}\n  all: {image: z, profiles: [a, b]}\n' };
  test('services with profiles are off unless a profile is active', () => {
    assert.deepEqual(Object.keys(project(files).model.services as object).sort(), ['web']);
    assert.deepEqual(Object.keys(project(files, { profiles: ['dev'] }).model.services as object).sort(), ['debug', 'web']);
    assert.deepEqual(Object.keys(project(files, { env: { COMPOSE_PROFILES: 'b' } }).model.services as object).sort(), ['all', 'web']);
    assert.deepEqual(Object.keys(project(files, { profiles: ['*'] }).model.services as object).sort(), ['all', 'debug', 'web']);
  });

  test('depending on a disabled service is an error unless required: false', () => {
    assert.throws(
      () => project({ 'compose.yml': 'services:\n  web: {image: x, depends_on: [debug]}\n  debug: {image: y, profiles: [dev]}\n' }),
      (e: unknown) => UserError.is(e) && e.diagnostics.some((d) => d.code === 'CXL1201'),
    );
    const p = project({ 'compose.yml': 'services:\n  web: {image: x, depends_on: {debug: {condition: service_started, required: false}}}\n  debug: {image: y, profiles: [dev]}\n' });
    assert.deepEqual(p.svc('web').depends_on, { debug: { condition: 'service_started', required: false } });
  });
});

describe('extends and files', () => {
  test('extends from another file resolves its relative paths against that file', () => {
    const p = project(
      {
        'compose.yml': 'services:\n  web:\n    extends: {file: common/base.yml, service: base}\n    environment: {B: "2"}\n',
        'common/base.yml': 'services:\n  base:\n    image: x\n    build: ./ctx\n    environment: {A: "1"}\n',
      },
      { order: ['compose.yml'] },
    );
    assert.deepEqual(p.svc('web').environment, { A: '1', B: '2' });
    assert.equal((p.svc('web').build as { context: string }).context, join(p.dir, 'common', 'ctx'));
    assert.equal(p.svc('web').extends, undefined);
  });

  test('several YAML documents in one file merge like several files', () => {
    const p = project({ 'compose.yml': 'services: {web: {image: x, environment: {A: "1"}}}\n---\nservices: {web: {environment: {B: "2"}}}\n' });
    assert.deepEqual(p.svc('web').environment, { A: '1', B: '2' });
  });

  test('!reset and !override across files', () => {
    const p = project({
      'a.yml': 'services:\n  web:\n    image: x\n    ports: ["80:80"]\n    environment: {A: "1", B: "2"}\n',
      'b.yml': 'services:\n  web:\n    ports: !reset []\n    environment: !override {C: "3"}\n',
    });
    assert.equal(p.svc('web').ports, undefined);
    assert.deepEqual(p.svc('web').environment, { C: '3' });
  });

  test('env_file is folded into environment; explicit environment wins', () => {
    const p = project({ 'compose.yml': 'services: {web: {image: x, env_file: app.env, environment: {A: explicit}}}\n', 'app.env': 'A=file\nB=file\n' });
    assert.deepEqual(p.svc('web').environment, { A: 'explicit', B: 'file' });
    assert.equal(p.svc('web').env_file, undefined);
  });
});
