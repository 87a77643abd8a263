#!/usr/bin/env node
// Lints CloudFormation templates with the real cfn-lint (the `cfn-lint` on PATH) and requires zero
// findings, warnings included. The one exception: W3002 ("may only work with 'package' cli
// command") on a root template, whose nested stacks' TemplateURLs are relative until upload.
//
//   node scripts/cfn-lint.mjs DIR_OR_FILE...    (or: npm run cfn-lint -- DIR_OR_FILE...)
//
// Folders are searched recursively for *.json / *.yaml / *.yml templates; the .params.json and
// .config.json files written next to the templates are not templates and are skipped. Exit code 0
// when clean, 1 on any finding, 2 when cfn-lint could not run. cfn-lint takes about 2 s to start,
// so all files go into as few processes as possible (one per core, at most 2 by default).
//
// scripts/run-tests.mjs uses the same functions on every template the tests rendered.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Rules ignored on root templates (templates holding AWS::CloudFormation::Stack resources). */
export const ROOT_IGNORED_RULES = ['W3002'];

const TEMPLATE_EXT = /\.(json|ya?ml)$/;

/** True for a file name that is a template (not a .params.json / .config.json file). */
export function isTemplateName(name) {
  return TEMPLATE_EXT.test(name) && !/\.(params|config)\.json$/.test(name);
}

/** True when the template text has nested stacks, i.e. it is a root template. */
export function isRootTemplate(text) {
  return text.includes('AWS::CloudFormation::Stack');
}

/** True when the text looks like a CloudFormation template (has a Resources or format version key). */
export function looksLikeTemplate(text) {
  return /(^|[{,])\s*"?(AWSTemplateFormatVersion|Resources)"?\s*:/m.test(text);
}

/**
 * The template files among `paths`: files as given; folders searched recursively for template
 * names whose text looks like a template (so compose files and lookups next to them are skipped).
 */
export function templateFiles(paths) {
  const out = [];
  const walk = (p) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const n of readdirSync(p).sort()) walk(join(p, n));
    else if (isTemplateName(p) && looksLikeTemplate(readFileSync(p, 'utf8'))) out.push(p);
  };
  for (const p of paths) {
    const st = statSync(p);
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}

/** The index of a collection folder: `<file>\t<origin>` lines. */
export const INDEX_FILE = 'index.tsv';

/**
 * Stores one template in the collection folder `dir` under the hash of its text (JSON laid out
 * the same way whatever its source, so identical documents share one file and are linted once)
 * and records where it came from in the index. Returns the stored file's name.
 */
export function storeTemplate(dir, name, text, origin) {
  const ext = /\.ya?ml$/.test(name) ? '.yaml' : '.json';
  const body = ext === '.json' ? JSON.stringify(JSON.parse(text), null, 2) + '\n' : text;
  const file = createHash('sha256').update(body).digest('hex').slice(0, 20) + ext;
  try {
    writeFileSync(join(dir, file), body, { flag: 'wx' });
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
  }
  appendFileSync(join(dir, INDEX_FILE), `${file}\t${origin.replace(/[\t\n]/g, ' ')}\n`);
  return file;
}

/** The index of the collection folder `dir`: stored file name → the origins recorded for it. */
export function readIndex(dir) {
  const origins = new Map();
  let text = '';
  try {
    text = readFileSync(join(dir, INDEX_FILE), 'utf8');
  } catch {
    return origins;
  }
  for (const line of text.split('\n')) {
    const [file, origin] = line.split('\t');
    if (!file) continue;
    if (!origins.has(file)) origins.set(file, new Set());
    origins.get(file).add(origin);
  }
  return origins;
}

/** Parses one line of `cfn-lint --format parseable`: `file:line:col:endLine:endCol:RULE:message`. */
export function parseLine(line) {
  const m = /^(.*?):(\d+):(\d+):(\d+):(\d+):([EWI]\d+):(.*)$/.exec(line);
  if (!m) return undefined;
  return { file: m[1], line: Number(m[2]), column: Number(m[3]), rule: m[6], message: m[7] };
}

function runOne(files) {
  return new Promise((done) => {
    const child = spawn('cfn-lint', ['--format', 'parseable', '--', ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => done({ status: -1, out, err: err + String(e) }));
    child.on('close', (status) => done({ status, out, err }));
  });
}

/**
 * Lints `files` with cfn-lint in up to `jobs` parallel processes. Returns the findings (W3002
 * dropped on root templates) and the problems that kept cfn-lint from linting (unparsed output,
 * cfn-lint missing or failing).
 */
export async function lintFiles(files, { jobs = 2 } = {}) {
  if (files.length === 0) return { findings: [], problems: [] };
  const n = Math.max(1, Math.min(jobs, files.length));
  const chunks = Array.from({ length: n }, (_, i) => files.filter((_, j) => j % n === i));
  const roots = new Set(files.filter((f) => isRootTemplate(readFileSync(f, 'utf8'))).map((f) => resolve(f)));
  const findings = [];
  const problems = [];
  for (const r of await Promise.all(chunks.map(runOne))) {
    // cfn-lint's exit code is a bit mask: 2 error, 4 warning, 8 informational; 1 means it failed.
    if (r.status === null || r.status < 0 || (r.status & 1) === 1 || r.status > 15) {
      problems.push(`cfn-lint exited with ${r.status}: ${r.err.trim() || r.out.trim()}`);
    }
    for (const line of r.out.split('\n')) {
      if (line.trim() === '') continue;
      const f = parseLine(line);
      if (f === undefined) problems.push(`unexpected cfn-lint output: ${line}`);
      else if (!(ROOT_IGNORED_RULES.includes(f.rule) && roots.has(resolve(f.file)))) findings.push(f);
    }
  }
  return { findings, problems };
}

/** `file:line:col RULE message` */
export function formatFinding(f) {
  return `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`;
}

async function main(args) {
  if (args.length === 0 || args.includes('-h') || args.includes('--help')) {
    console.log('usage: node scripts/cfn-lint.mjs DIR_OR_FILE...\nLints every template with cfn-lint; fails on any finding (W3002 on root templates excepted).');
    return args.length === 0 ? 2 : 0;
  }
  const files = templateFiles(args);
  const started = Date.now();
  const { findings, problems } = await lintFiles(files);
  for (const f of findings) console.log(formatFinding(f));
  for (const p of problems) console.error(p);
  const took = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length > 0) {
    console.error(`cfn-lint could not lint ${files.length} template(s)`);
    return 2;
  }
  console.log(`cfn-lint: ${files.length} template(s), ${findings.length} finding(s) in ${took} s`);
  return findings.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
