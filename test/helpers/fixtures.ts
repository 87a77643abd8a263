/**
 * Test fixtures shared by the extension and synth tests: a looked-up VPC with its recorded
 * lookups, rendering one compose text in a fresh folder, picking diagnostics out of a render
 * that must fail, and linting every template of a render.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { EXTENSIONS, extensionsFor } from '../../src/extensions/all.js';
import { loadProject } from '../../src/load/project.js';
import { RecordedLookups, type LookupFile } from '../../src/lookups/recorded.js';
import type { Extension } from '../../src/synth/context.js';
import { render, type RenderOutput } from '../../src/synth/render.js';
import { assertLintClean } from './cfn-lint.js';
import { collectRender } from './lint-collector.js';

type Lookups = LookupFile['lookups'];

/** The two subnets `subnet-<p>1` and `subnet-<p>2`, as a recorded subnet lookup lists them. */
export const subnets = (p: string) => [{ SubnetId: `subnet-${p}1` }, { SubnetId: `subnet-${p}2` }];

/**
 * Seven lines of `x-vpc:` YAML (ending in a newline) looking up the VPC tagged `Name: main` and its
 * App / Public / Storage subnets tagged `<tag>: app|public|storage`.
 */
export function vpcLookupYaml(tag = 'tier'): string {
  return [
    'x-vpc:',
    '  Lookup:',
    '    VpcId: {Tags: [{Name: main}]}',
    `    AppSubnets: {Tags: [{${tag}: app}]}`,
    `    PublicSubnets: {Tags: [{${tag}: public}]}`,
    `    StorageSubnets: {Tags: [{${tag}: storage}]}`,
    '',
  ].join('\n');
}

/** The recorded answer to {@link vpcLookupYaml}`(tag)`: vpc-0123 with subnets subnet-a*, subnet-b*, subnet-c*. */
export function vpcLookupRecord(tag = 'tier'): Lookups[string] {
  return {
    request: {
      VpcId: { Tags: [{ Name: 'main' }] },
      AppSubnets: { Tags: [{ [tag]: 'app' }] },
      PublicSubnets: { Tags: [{ [tag]: 'public' }] },
      StorageSubnets: { Tags: [{ [tag]: 'storage' }] },
    },
    result: { VpcId: 'vpc-0123', Subnets: { AppSubnets: subnets('a'), PublicSubnets: subnets('b'), StorageSubnets: subnets('c') } },
  };
}

/** `x-vpc` YAML of a looked-up VPC (subnets by tag `tier`); append it to a compose text. */
export const VPC = vpcLookupYaml();
/** The recorded lookups answering {@link VPC}. */
export const LOOKUPS: Lookups = { 'x-vpc': vpcLookupRecord() };

/** The registered extensions, plus those of `extra` not registered (yet). */
export function withExtensions(...extra: Extension[]): Extension[] {
  return [...EXTENSIONS, ...extra.filter((e) => !EXTENSIONS.includes(e))];
}

export interface ComposeOptions {
  /** Root stack name (default `app`). */
  name?: string;
  /** Recorded lookups (default none). */
  lookups?: Lookups;
  /** Extensions to apply (default: those the CLI applies to the project). */
  extensions?: Extension[];
  /** Prefix of the temporary folder's name (default `cx-`). */
  tmpPrefix?: string;
  /** Each temporary folder made is pushed here (for the caller to remove). */
  dirs?: string[];
}

/** Renders the folder's `files` (JSON format, empty environment) with the lookups given. */
export function renderProject(
  dir: string,
  files: string[],
  lookups: RecordedLookups,
  opts: { name?: string; extensions?: Extension[] } = {},
): RenderOutput {
  const project = loadProject({ files: files.map((f) => join(dir, f)), env: {}, cwd: dir });
  const out = render({ doc: project.model, stackName: opts.name ?? 'app', lookups, format: 'json', extensions: opts.extensions ?? extensionsFor(project.model) });
  collectRender(out, opts.name ?? 'app');
  return out;
}

/** Renders `yaml` as the docker-compose.yml of a new temporary folder, with recorded lookups only. */
export function renderCompose(yaml: string, opts: ComposeOptions = {}): RenderOutput {
  const dir = mkdtempSync(join(tmpdir(), opts.tmpPrefix ?? 'cx-'));
  opts.dirs?.push(dir);
  writeFileSync(join(dir, 'docker-compose.yml'), yaml);
  const lookups = new RecordedLookups(join(dir, 'l.json'), { version: 1, lookups: opts.lookups ?? {} });
  return renderProject(dir, ['docker-compose.yml'], lookups, opts);
}

/**
 * Renders `yaml` followed by {@link VPC}, with {@link LOOKUPS} and the `lookups` given (those
 * win on the same key).
 */
export function renderWithVpc(yaml: string, opts: ComposeOptions = {}): RenderOutput {
  return renderCompose(yaml + VPC, { ...opts, lookups: { ...LOOKUPS, ...opts.lookups } });
}

/**
 * The diagnostics of the UserError `fn` throws (other errors are thrown again); fails with
 * `message` when `fn` returns.
 */
export function diagnosticsOf(fn: () => unknown, message = 'render succeeded'): Diagnostic[] {
  try {
    fn();
  } catch (e) {
    if (UserError.is(e)) return e.diagnostics;
    throw e;
  }
  assert.fail(message);
}

/** The error-severity diagnostics of the UserError `fn` throws, as {@link diagnosticsOf}. */
export function errorsOf(fn: () => unknown, message = 'expected a UserError'): Diagnostic[] {
  return diagnosticsOf(fn, message).filter((d) => d.severity === 'error');
}

/** The one diagnostic of `ds` with code `code` (fails unless there is exactly one). */
export function only(ds: Diagnostic[], code: string): Diagnostic {
  const found = ds.filter((d) => d.code === code);
  assert.equal(found.length, 1, JSON.stringify(ds, null, 1));
  return found[0];
}

/**
 * The first error at `path` or below it, which must be in docker-compose.yml at `line` (fails
 * when there is none).
 */
export function errorAt(ds: Diagnostic[], path: string, line: number): Diagnostic {
  const found = ds.filter((d) => d.severity === 'error' && d.path !== undefined && (d.path === path || d.path.startsWith(`${path}.`) || d.path.startsWith(`${path}[`)));
  assert.ok(found.length >= 1, JSON.stringify(ds, null, 1));
  assert.match(found[0].pos?.file ?? '', /docker-compose\.yml$/);
  assert.equal(found[0].pos?.line, line, JSON.stringify(found[0]));
  return found[0];
}

/**
 * Lints every template of a render (not the .params.json / .config.json files), each labelled
 * `<label>/<file>`, or `<file>` without a label.
 */
export function lintAll(out: RenderOutput, label?: string): void {
  for (const [name, text] of out.files) {
    if (name.endsWith('.params.json') || name.endsWith('.config.json')) continue;
    assertLintClean(JSON.parse(text), label === undefined ? name : `${label}/${name}`);
  }
}
