// Runs every compiled test file with node's built-in test runner, then the real cfn-lint over
// every template the tests rendered (collected by test/helpers/lint-collector.ts into the folder
// CX_CFN_LINT_DIR) and over the goldens' expected/ templates: any finding fails the run.
//   node scripts/run-tests.mjs [node --test options...]
//   CX_SKIP_CFN_LINT=1 skips the cfn-lint step (e.g. when running a subset by hand).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { formatFinding, lintFiles, readIndex, storeTemplate, templateFiles } from './cfn-lint.mjs';

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const lintDir = mkdtempSync(join(tmpdir(), 'cx-cfn-lint-collected-'));
let keepLintDir = false;
process.on('exit', () => {
  if (!keepLintDir) rmSync(lintDir, { recursive: true, force: true });
});

const files = [...find('dist/src'), ...find('dist/test')];
const extra = process.argv.slice(2);
const started = Date.now();
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...extra, ...files], {
  stdio: 'inherit',
  env: { ...process.env, CX_CFN_LINT_DIR: lintDir },
});
const testsTook = (Date.now() - started) / 1000;
if (r.status !== 0) process.exit(r.status ?? 1);
if (process.env.CX_SKIP_CFN_LINT) {
  console.log('cfn-lint step skipped (CX_SKIP_CFN_LINT)');
  process.exit(0);
}

// The goldens' expected templates are linted too, also when no test rendered them; stored like
// the collected ones, a golden identical to a render is linted once.
for (const f of templateFiles(readdirSync('examples').map((d) => join('examples', d, 'expected')).filter((d) => existsSync(d)))) {
  storeTemplate(lintDir, f, readFileSync(f, 'utf8'), f);
}
const origins = readIndex(lintDir);
const all = [...origins.keys()].sort().map((f) => join(lintDir, f));
const lintStarted = Date.now();
const { findings, problems } = await lintFiles(all);
const lintTook = (Date.now() - lintStarted) / 1000;

for (const f of findings) {
  const from = [...(origins.get(f.file.slice(lintDir.length + 1)) ?? [])];
  console.log(formatFinding(f));
  for (const o of from.slice(0, 3)) console.log(`    from ${o}`);
  if (from.length > 3) console.log(`    and ${from.length - 3} more`);
}
for (const p of problems) console.error(p);
console.log(
  `cfn-lint: ${all.length} distinct templates (rendered by the tests or golden) ` +
    `in ${lintTook.toFixed(1)} s; tests took ${testsTook.toFixed(1)} s`,
);
if (problems.length > 0) {
  console.error('cfn-lint could not lint the templates: failing the run');
  process.exit(1);
}
if (findings.length > 0) {
  keepLintDir = true;
  console.error(`cfn-lint: ${findings.length} finding(s) in templates produced by the tests: failing the run (see above; templates kept in ${lintDir})`);
  process.exit(1);
}
