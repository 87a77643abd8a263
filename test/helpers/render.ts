/**
 * Test helper: renders compose files given as text (or an example folder) through the real
 * loader and renderer, without touching the output directory.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../src/load/project.js';
import { RecordedLookups, type LookupFile } from '../../src/lookups/recorded.js';
import { render, type RenderOutput } from '../../src/synth/render.js';
import { extensionsFor } from '../../src/extensions/all.js';
import type { Extension } from '../../src/synth/context.js';
import { collectRender } from './lint-collector.js';

export interface RenderFixture {
  /** File name → YAML text, merged in the order given. */
  files: Record<string, string>;
  lookups?: LookupFile['lookups'];
  name?: string;
  format?: 'json' | 'yaml';
  env?: Record<string, string>;
  /** Which templates go to the cfn-lint gate (see lint-collector.ts); default all. */
  lint?: (file: string) => boolean;
}

export function renderText(f: RenderFixture): RenderOutput {
  const dir = mkdtempSync(join(tmpdir(), 'cx-render-'));
  for (const [name, text] of Object.entries(f.files)) writeFileSync(join(dir, name), text);
  return renderFolder(dir, Object.keys(f.files), { name: f.name, format: f.format, env: f.env, lookups: f.lookups, lint: f.lint });
}

export function renderFolder(
  dir: string,
  files: string[],
  opts: {
    name?: string;
    format?: 'json' | 'yaml';
    env?: Record<string, string>;
    lookups?: LookupFile['lookups'];
    lookupFile?: string;
    lint?: (file: string) => boolean;
    /** Extensions to apply (default: those the CLI loads for the project). */
    extensions?: readonly Extension[];
  } = {},
): RenderOutput {
  const project = loadProject({ files: files.map((f) => join(dir, f)), env: opts.env ?? {}, cwd: dir });
  let lookups: RecordedLookups;
  if (opts.lookups) lookups = new RecordedLookups(join(dir, 'lookups.json'), { version: 1, lookups: opts.lookups });
  else {
    const r = RecordedLookups.read(opts.lookupFile ?? join(dir, 'compose-x.lookups.json'));
    if (!(r instanceof RecordedLookups)) throw new Error(r.message);
    lookups = r;
  }
  const out = render({ doc: project.model, stackName: opts.name ?? project.name, lookups, format: opts.format ?? 'json', extensions: opts.extensions ?? extensionsFor(project.model) });
  collectRender(out, opts.name ?? project.name, opts.lint);
  return out;
}

/** Parsed JSON of one rendered template. */
export function template(out: RenderOutput, file: string): Record<string, any> {
  const text = out.files.get(file);
  if (text === undefined) throw new Error(`no file ${file}; have ${[...out.files.keys()].join(', ')}`);
  return JSON.parse(text);
}

/** The environment of container `container` of a family template, as name → value. */
export function containerEnv(t: Record<string, any>, container: string): Record<string, unknown> {
  const c = t.Resources.EcsTaskDefinition.Properties.ContainerDefinitions.find((x: Record<string, any>) => x.Name === container);
  return Object.fromEntries((c.Environment ?? []).map((e: Record<string, any>) => [e.Name, e.Value]));
}

/** The AWS::EC2::SecurityGroupIngress resources of a template. */
export function ingressRules(t: Record<string, any>): Record<string, any>[] {
  return Object.values(t.Resources).filter((r: any) => r.Type === 'AWS::EC2::SecurityGroupIngress') as Record<string, any>[];
}

export function writeFixture(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

/**
 * A resource's properties without the tags every taggable resource carries (`Tags`,
 * `FileSystemTags`, ...), for tests about the other properties.
 */
export function untagged(props: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (props === undefined) return undefined;
  return Object.fromEntries(Object.entries(props).filter(([k]) => !k.endsWith('Tags')));
}
