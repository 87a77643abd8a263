/**
 * The loader pipeline: compose files → one resolved compose project (plain data, canonical
 * long forms, positions kept). Stages, in order, per file and per YAML document:
 * parse → interpolate → extends → merge; then, on the merged model: schema validation →
 * canonical forms → profiles → normalisation → consistency checks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { DiagnosticBag, UserError, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseYamlFile } from './parse.js';
import { DEFAULT_FILE_NAMES, discoverComposeFiles } from './discover.js';
import { interpolateString, interpolateTree, type VarLookup } from './interpolate.js';
import { parseDotEnv } from './dotenv.js';
import { resolveExtends } from './extends.js';
import { mergeFiles, resolveTags } from './merge.js';
import { validateProject } from './schema/validate.js';
import { canonicalize } from './canonical.js';
import { applyProfiles } from './profiles.js';
import { normalize } from './normalize.js';
import { checkConsistency } from './consistency.js';
import { checkLegacyServicesLists } from './legacy-forms.js';
import { carryAll, isMapping, keyPos, type Mapping } from './positions.js';

/** Interpolation problems of one value (required variable, bad syntax, bad typed value). */
const VALUE_ERRORS = new Set(['CXI1001', 'CXI1002', 'CXI1003']);

export interface LoadOptions {
  /** Compose files, merged in order (relative to cwd); none: COMPOSE_FILE or the default names. */
  files: string[];
  /** Process environment (variables for interpolation). */
  env: Record<string, string | undefined>;
  cwd?: string;
  projectDirectory?: string;
  envFiles?: string[];
  profiles?: string[];
  /** Project name given on the command line (-p / -n). */
  projectName?: string;
}

export interface LoadedProject {
  name: string;
  /** The compose files loaded, absolute (those given with -f, else the ones found). */
  files: string[];
  workingDir: string;
  /** The resolved project: canonical compose data with x- extensions. */
  model: Mapping;
  warnings: Diagnostic[];
  /** Variables used for interpolation (environment over .env). */
  variables: Map<string, string>;
}

/** Loads and resolves compose files. Throws UserError with every problem found. */
export function loadProject(opts: LoadOptions): LoadedProject {
  const cwd = opts.cwd ?? process.cwd();
  const bag = new DiagnosticBag();
  const files = opts.files.length > 0 ? opts.files.map((f) => resolve(cwd, f)) : discoverComposeFiles({ ...opts, cwd }, bag);
  if (files.length === 0) {
    bag.error({
      code: 'CXL1001',
      message: `no compose file given, and none found in ${opts.projectDirectory ? resolve(cwd, opts.projectDirectory) : cwd} or its parent directories`,
      expected: `-f FILE, COMPOSE_FILE, or one of ${DEFAULT_FILE_NAMES.join(', ')}`,
      hint: 'pass one or more files with -f, e.g. `-f docker-compose.yml -f aws.yml`',
    });
    bag.throwIfErrors();
  }
  const shown = (i: number): string => opts.files[i] ?? relative(cwd, files[i]);
  const workingDir = opts.projectDirectory ? resolve(cwd, opts.projectDirectory) : dirname(files[0]);

  const variables = loadVariables(opts, cwd, workingDir, bag);
  bag.throwIfErrors();

  const texts = new Map<string, string>();
  for (const [i, file] of files.entries()) {
    if (!existsSync(file)) {
      bag.error({
        code: 'CXL1002',
        message: `compose file not found: ${shown(i)}`,
        hint: existsSync(`${file}.yml`) ? `did you mean ${shown(i)}.yml?` : existsSync(`${file}.yaml`) ? `did you mean ${shown(i)}.yaml?` : opts.files.length > 0 ? 'check the path given with -f' : 'check COMPOSE_FILE',
      });
      continue;
    }
    texts.set(file, readFileSync(file, 'utf8'));
  }
  bag.throwIfErrors();

  // Parse every file first: the project name may come from a `name:` key.
  const parsed = files.flatMap((f) => parseYamlFile(texts.get(f) ?? '', f, bag));
  bag.throwIfErrors();

  const name = projectName(opts, variables, parsed.map((p) => p.tree), workingDir, bag);
  variables.set('COMPOSE_PROJECT_NAME', name);
  const lookup: VarLookup = (n) => variables.get(n);

  const warnedUnset = new Set<string>();
  const interpolate = (tree: unknown, file: string): unknown => {
    const local = new DiagnosticBag();
    const out = interpolateTree(tree, lookup, file, local);
    for (const d of local.items) {
      // one warning per unset variable across the whole project
      if (d.severity === 'warning' && d.code === 'CXI2001') {
        if (warnedUnset.has(d.message)) continue;
        warnedUnset.add(d.message);
      }
      bag.add(d);
    }
    return out;
  };
  const loadOtherFile = (path: string): Mapping | undefined => {
    if (!existsSync(path)) return undefined;
    const docs = parseYamlFile(readFileSync(path, 'utf8'), path, bag);
    const tree = docs[0] ? interpolate(docs[0].tree, path) : {};
    return isMapping(tree) ? resolveTags(tree) : {};
  };

  let model: Mapping | undefined;
  for (const doc of parsed) {
    if (!isMapping(doc.tree)) {
      bag.error({
        code: 'CXL1003',
        message: 'a compose file must be a mapping at its top level',
        pos: { file: doc.file, line: 1, column: 1 },
        expected: 'mapping with keys such as services, volumes, networks',
      });
      continue;
    }
    const interpolated = interpolate(doc.tree, doc.file) as Mapping;
    const extended = resolveExtends(interpolated, doc.file, bag, loadOtherFile);
    model = model === undefined ? resolveTags(extended) : mergeFiles(model, extended, bag);
  }
  if (model === undefined || Object.keys(model).length === 0) {
    // docker compose refuses a project whose files hold nothing at all.
    for (const file of files) {
      if (parsed.some((d) => d.file === file && !(isMapping(d.tree) && Object.keys(d.tree).length === 0))) continue;
      bag.error({
        code: 'CXL1006',
        message: 'empty compose file',
        pos: { file, line: 1, column: 1 },
        expected: 'a mapping with at least `services:`',
        hint: 'check that -f names the right file; a compose file needs at least one service',
      });
    }
  }
  // Interpolation errors concern single values: go on to schema validation so that every problem
  // is reported at once. Anything else (structure, merge, extends) stops here.
  if (bag.errors.some((d) => !VALUE_ERRORS.has(d.code))) bag.throwIfErrors();
  model ??= {};

  if ('version' in model) {
    bag.warn({
      code: 'CXL2001',
      message: '`version` is obsolete and ignored',
      pos: keyPos(model, 'version'),
      path: 'version',
      hint: 'remove the `version` key',
    });
    const copy: Mapping = { ...model };
    carryAll(copy, model);
    delete copy.version;
    model = copy;
  }

  dropEmptyExtensions(model);
  checkLegacyServicesLists(model, bag);
  if ('Fn::Transform' in model) {
    const transform = model['Fn::Transform'];
    const files = isMapping(transform) && isMapping(transform.Parameters) && Array.isArray(transform.Parameters.ComposeFiles) ? transform.Parameters.ComposeFiles.filter((f) => typeof f === 'string') : [];
    bag.error({
      code: 'CXL1007',
      message: '`Fn::Transform` at the top level is the CloudFormation macro mode of ECS Compose-X 1.x, which this version does not offer: it renders the templates itself',
      pos: keyPos(model, 'Fn::Transform'),
      path: 'Fn::Transform',
      expected: 'compose files with services (and x- keys) at the top level',
      hint: `download the compose files the macro reads${files.length > 0 ? ` (${files.join(', ')})` : ''} and render them: \`ecs-compose-x render -f <file> -f <file>\``,
    });
    const copy: Mapping = { ...model };
    carryAll(copy, model);
    delete copy['Fn::Transform'];
    model = copy;
  }
  const schemaBag = new DiagnosticBag();
  validateProject(model, schemaBag);
  const reported = new Set(bag.errors.map((d) => d.path));
  for (const d of schemaBag.items) if (!(d.severity === 'error' && reported.has(d.path))) bag.add(d);
  if (bag.hasErrors()) {
    // Also report the values the canonical stage rejects (sizes, durations, ports), so that one run
    // shows every problem; on a document with schema errors that stage may stumble, which is fine.
    const canonicalBag = new DiagnosticBag();
    try {
      canonicalize(model, { projectDir: workingDir, bag: canonicalBag });
    } catch {
      // the schema errors already explain what is wrong
    }
    const seen = new Set(bag.errors.map((d) => d.path));
    for (const d of canonicalBag.errors) if (!seen.has(d.path)) bag.add(d);
    bag.throwIfErrors();
  }

  model = canonicalize(model, { projectDir: workingDir, bag });
  bag.throwIfErrors();

  const active = new Set(
    opts.profiles && opts.profiles.length > 0
      ? opts.profiles
      : (variables.get('COMPOSE_PROFILES') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  );
  model = applyProfiles(model, active, bag);
  model = normalize(model, {
    projectName: name,
    lookup,
    bag,
    readEnvFile: (p) => (existsSync(p) ? parseDotEnv(readFileSync(p, 'utf8'), p, lookup) : undefined),
  });
  checkConsistency(model, bag);
  bag.throwIfErrors();

  const ordered: Mapping = { name };
  carryAll(ordered, model);
  for (const [k, v] of Object.entries(model)) if (k !== 'name') ordered[k] = v;
  return { name, files, workingDir, model: ordered, warnings: sortDiagnostics(bag.warnings), variables };
}

/**
 * An `x-` key written with nothing after it (`x-network:`) means "no settings", as in 1.x: it is
 * dropped, at the top level, in services and in the secrets and networks sections.
 */
function dropEmptyExtensions(model: Mapping): void {
  const drop = (node: unknown) => {
    if (!isMapping(node)) return;
    for (const [k, v] of Object.entries(node)) if (k.startsWith('x-') && v === null) delete node[k];
  };
  drop(model);
  for (const section of ['services', 'secrets', 'networks', 'volumes']) {
    const entries = model[section];
    if (isMapping(entries)) for (const entry of Object.values(entries)) drop(entry);
  }
}

function loadVariables(opts: LoadOptions, cwd: string, workingDir: string, bag: DiagnosticBag): Map<string, string> {
  const vars = new Map<string, string>();
  const envFiles = opts.envFiles && opts.envFiles.length > 0 ? opts.envFiles.map((f) => resolve(cwd, f)) : [resolve(workingDir, '.env')];
  const explicit = !!(opts.envFiles && opts.envFiles.length > 0);
  const fromEnv: VarLookup = (n) => opts.env[n] ?? vars.get(n);
  for (const f of envFiles) {
    if (!existsSync(f)) {
      if (explicit) bag.error({ code: 'CXL1004', message: `env file not found: ${f}`, hint: 'check the path given with --env-file' });
      continue;
    }
    try {
      for (const [k, v] of parseDotEnv(readFileSync(f, 'utf8'), f, fromEnv)) vars.set(k, v);
    } catch (e) {
      if (UserError.is(e)) for (const d of e.diagnostics) bag.add(d);
      else throw e;
    }
  }
  // The environment wins over .env files.
  for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) vars.set(k, v);
  return vars;
}

function projectName(opts: LoadOptions, vars: Map<string, string>, trees: unknown[], workingDir: string, bag: DiagnosticBag): string {
  let raw = opts.projectName ?? vars.get('COMPOSE_PROJECT_NAME');
  if (!raw) {
    for (const t of trees) {
      if (isMapping(t) && typeof t.name === 'string') {
        try {
          raw = interpolateString(t.name, (n) => vars.get(n)).value;
        } catch {
          raw = t.name;
        }
      }
    }
  }
  raw ??= basename(workingDir);
  const normalized = normalizeProjectName(raw);
  if (!normalized) {
    bag.error({
      code: 'CXL1005',
      message: `invalid project name "${raw}"`,
      expected: 'lower-case letters, digits, dashes and underscores, starting with a letter or digit',
      hint: 'set a name with -n NAME',
    });
    bag.throwIfErrors();
  }
  return normalized;
}

/** docker compose's rule: lower case, only [a-z0-9_-], no leading `_` or `-`. */
export function normalizeProjectName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}
