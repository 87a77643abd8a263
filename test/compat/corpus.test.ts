/**
 * The 1.x corpus test: every case of the use-case corpus (base file + one module file) has the
 * status test/compat/expectations.json gives it, and every template rendered has no cfn-lint
 * finding. The corpus is read from the folder named by CX_1X_CORPUS; without it the test says
 * that it skipped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LookupFile } from '../../src/lookups/recorded.js';
import { cfnLintAvailable, cfnLintFiles } from '../helpers/cfn-lint-cli.js';
import { CORPUS_ENV, corpusCases, corpusDir, renderCase } from './corpus.js';

const HERE = resolve(process.cwd(), 'test', 'compat');
const NOT_COMPOSE = 'not a compose file';
/** CX_1X_CORPUS_UPDATE=1 rewrites the statuses in expectations.json from this run (review the diff). */
const UPDATE = process.env.CX_1X_CORPUS_UPDATE === '1';

interface Expectation {
  status: string;
  /** Why (for errors: what 1.1.9 says, or why we refuse). */
  why?: string;
  /** cfn-lint rules a known defect elsewhere still triggers in this case's templates (each with its reason in `why`). */
  knownLint?: string[];
}

const expectations = JSON.parse(readFileSync(join(HERE, 'expectations.json'), 'utf8')) as Record<string, Expectation>;

/** The lookups recorded for a case: test/compat/lookups/<case with / as __>.json, or none. */
function recordedLookups(file: string): LookupFile['lookups'] {
  const p = join(HERE, 'lookups', `${file.replace(/\//g, '__').replace(/\.ya?ml$/, '')}.json`);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as LookupFile).lookups : {};
}

const dir = corpusDir();

if (dir === undefined) {
  test('1.x use-case corpus', { skip: `skipped: set ${CORPUS_ENV} to the use-cases/ folder of ECS Compose-X 1.x to render its corpus` }, () => {});
} else {
  const cases = corpusCases(dir);

  test('the expectations table lists exactly the cases of the corpus', () => {
    assert.deepEqual(Object.keys(expectations).sort(), cases);
  });

  test('every case has its expected status, and every template it renders passes cfn-lint', (t) => {
    const lintDir = mkdtempSync(join(tmpdir(), 'cx-corpus-'));
    try {
      const wrong: string[] = [];
      const templates: string[] = [];
      const seen = new Set<string>();
      let rendered = 0;
      for (const file of cases) {
        const expected = expectations[file]?.status;
        if (expected === NOT_COMPOSE) continue;
        const r = renderCase(dir, file, recordedLookups(file));
        if (r.status !== expected && UPDATE) {
          // A changed status drops its old reason: the reason of a new error is written by hand.
          const before = expectations[file];
          const keepWhy = (r.status.startsWith('error') && before?.status.startsWith('error')) || before?.knownLint !== undefined;
          expectations[file] = { status: r.status, ...(before?.knownLint ? { knownLint: before.knownLint } : {}), ...(keepWhy && before?.why ? { why: before.why } : {}) };
        } else if (r.status !== expected) {
          const errors = r.diagnostics.filter((d) => d.severity === 'error').slice(0, 3);
          wrong.push(`${file}: expected "${expected}", got "${r.status}"${errors.map((d) => `\n    ${d.pos ? `${d.pos.file.slice(dir.length + 1)}:${d.pos.line}: ` : ''}${d.code} ${d.message}`).join('')}`);
        }
        if (r.files.size > 0) rendered++;
        // Many cases share templates: each distinct one is linted once, under the first case's name.
        const caseDir = join(lintDir, file.replace(/\//g, '__'));
        for (const [name, text] of r.files) {
          if (name.endsWith('.params.json') || name.endsWith('.config.json') || seen.has(text)) continue;
          seen.add(text);
          mkdirSync(caseDir, { recursive: true });
          writeFileSync(join(caseDir, name), text);
          templates.push(join(caseDir, name));
        }
      }
      t.diagnostic(`${rendered} of ${cases.length} corpus files render`);
      if (UPDATE) writeFileSync(join(HERE, 'expectations.json'), `${JSON.stringify(expectations, null, 2)}\n`);
      assert.deepEqual(wrong, [], `cases whose status changed (update test/compat/expectations.json when intended):\n${wrong.join('\n')}`);
      if (!cfnLintAvailable()) {
        assert.fail('cfn-lint is not on PATH: the corpus templates cannot be linted');
      }
      const known = (file: string, rule: string): boolean => {
        const caseName = file.slice(lintDir.length + 1).split('/')[0];
        return cases.some((c) => c.replace(/\//g, '__') === caseName && (expectations[c]?.knownLint ?? []).includes(rule));
      };
      const findings = cfnLintFiles(templates).filter((f) => !known(f.file, f.rule));
      assert.deepEqual(findings.map((f) => `${f.file.slice(lintDir.length + 1)}:${f.line}: ${f.rule} ${f.message.slice(0, 300)}`), []);
    } finally {
      rmSync(lintDir, { recursive: true, force: true });
    }
  });
}
