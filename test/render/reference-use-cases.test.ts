/**
 * The use-cases of ECS Compose-X 1.x for the modules of MODULES render, lint-clean, with a base compose file of ours defining the families they
 * target and recorded lookups made up for what they look up. The reference is read where it is
 * installed (REFERENCE_DIR, default /work/ref); without it these tests are skipped. Its
 * negative-testing files, and those of REFUSED, must fail with diagnostics.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { loadProject } from '../../src/load/project.js';
import { RecordedLookups, type LookupFile } from '../../src/lookups/recorded.js';
import { listLookupRequests } from '../../src/lookups/requests.js';
import { render } from '../../src/synth/render.js';
import { extensionsFor } from '../../src/extensions/all.js';
import { VPC } from '../helpers/fixtures.js';
import { fakeResult } from '../helpers/fake-lookups.js';
import { lintTemplate, formatFinding } from '../helpers/cfn-lint.js';

const REF = process.env.REFERENCE_DIR ?? '/work/ref';
const CASES = join(REF, 'use-cases');
const MODULES = ['elbv2', 'acm', 'wafv2_webacl', 'kinesis', 'firehose', 'kms', 'elasticache', 'rds', 'ssm', 'sqs', 'sns', 'codeguru', 'events', 'aps'];

const BASE = `services:
  app01:
    image: nginx
    ports: [5000]
    deploy: {labels: {ecs.task.family: bignicefamily}}
    x-scaling: {Range: 1-5}
  app02:
    image: nginx
    ports: [5000]
    deploy: {labels: {ecs.task.family: youtoo}}
  app03:
    image: nginx
    ports: [5000]
    x-scaling: {Range: 1-5}
  rproxy:
    image: nginx
    ports: [80, 5000]
    deploy: {labels: {ecs.task.family: "bignicefamily,youtoo"}}
  dummy:
    image: nginx
${VPC}`;

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function renderUseCase(file: string, text?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'cx-ref-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'base.yml'), BASE);
  if (text === undefined) copyFileSync(file, join(dir, 'module.yml'));
  else writeFileSync(join(dir, 'module.yml'), text);
  // 1.x reads MacroParameters.FromFile and ScrapingConfigurationFile from its working directory,
  // the repository root (`./use-cases/ssm/test_json.json`); here such paths are relative to the compose file.
  const folder = dirname(file);
  mkdirSync(join(dir, 'use-cases', basename(folder)), { recursive: true });
  for (const f of readdirSync(folder)) if (statSync(join(folder, f)).isFile()) copyFileSync(join(folder, f), join(dir, 'use-cases', basename(folder), f));
  const project = loadProject({ files: [join(dir, 'base.yml'), join(dir, 'module.yml')], env: {}, cwd: dir });
  const lookups: LookupFile['lookups'] = {};
  for (const req of listLookupRequests(project.model)) lookups[req.key] = { request: req.request, result: fakeResult(req) };
  return render({ doc: project.model, stackName: 'usecase', lookups: new RecordedLookups(join(dir, 'l.json'), { version: 1, lookups }), format: 'json', extensions: extensionsFor(project.model) });
}

/**
 * Use-cases refused with this error code: written in a form 1.1.9 rejects too (e.g. `Services` as
 * a list), or that cannot deploy as written; `fixed` (when given) makes them render lint-clean.
 */
const REFUSED: Record<string, { code: string; fixed?: (text: string) => string }> = {
  'kinesis/create_lookup.yml': { code: 'CXV1030' },
  // a quoted string continued on lines indented less than its key (PyYAML accepts it, YAML 1.2
  // does not); with the continuation indented, and without the legacy x-s3 AccessControl of its
  // bucket (cfn-lint W3045, another module's part), the case renders lint-clean
  'firehose/create_only.yml': { code: 'CXP1001', fixed: (t) => t.replace(/\n {16}\| strftime/g, '\n                    | strftime').replace(/\n +AccessControl: BucketOwnerFullControl/, '') },
  'elasticache/create_only_legacy.yml': { code: 'CXV1030' },
  'elasticache/subnets_override_legacy.yml': { code: 'CXV1030' },
  // a placeholder CloudFormation would refuse: a channelUri that is no SNS topic ARN
  'codeguru/top_level.yml': { code: 'CXV1005' },
  // four parameters share the Name /some/yet-other-parameter (cfn-lint E3019; CloudFormation fails);
  // with a Name each, the case renders lint-clean
  'ssm/simple_parameter.yml': { code: 'CXJ1008', fixed: (t) => { let i = 0; return t.replace(/yet-other-parameter/g, () => `yet-other-parameter-${i++}`); } },
};

function assertLintClean(out: ReturnType<typeof renderUseCase>): void {
  const findings: string[] = [];
  for (const [name, text] of out.files) {
    if (name.endsWith('.params.json') || name.endsWith('.config.json')) continue;
    for (const f of lintTemplate(JSON.parse(text))) findings.push(`${name}: ${formatFinding(f)}`);
  }
  assert.deepEqual(findings, []);
}

/**
 * Cases whose only problem lies in another module's part of the file, with the one problem they
 * must show (the case fails when it shows another, or none).
 */
const OTHER_MODULE: Readonly<Record<string, RegExp>> = {
  'rds/lookup_rds_with_iam_access.yml': /^module\.yml:66 CXV1002 `Access` must be a mapping, not a string$/m, // x-s3 string Access
  'rds/rds_with_iam_access.yml': /^s3\.json: W3045 .*AccessControl/, // the use-case's own x-s3 bucket Properties
};

const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('test_')).sort().map((f) => join(dir, f)) : []);

describe('1.x use-cases of the rendered modules', { skip: !existsSync(CASES) && `no reference at ${REF}` }, () => {
  for (const m of MODULES) {
    for (const file of files(join(CASES, m))) {
      const refused = REFUSED[`${m}/${file.split('/').pop()}`];
      if (refused) {
        test(`${m}/${file.split('/').pop()} is refused with ${refused.code}${refused.fixed ? ', renders lint-clean once fixed' : ''}`, () => {
          assert.throws(() => renderUseCase(file), (e: unknown) => UserError.is(e) && e.diagnostics.some((d) => d.code === refused.code && d.pos !== undefined));
          if (refused.fixed) assertLintClean(renderUseCase(file, refused.fixed(readFileSync(file, 'utf8'))));
        });
        continue;
      }
      const known = OTHER_MODULE[`${m}/${file.split('/').pop()}`];
      test(`${m}/${file.split('/').pop()} renders lint-clean${known ? ' but for another module' : ''}`, () => {
        let out;
        try {
          out = renderUseCase(file);
        } catch (e) {
          if (!UserError.is(e)) throw e;
          const errors = e.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.pos?.file.split('/').pop()}:${d.pos?.line} ${d.code} ${d.message}`);
          if (known) {
            assert.ok(errors.some((x) => known.test(x)), 'the known problem shows');
            return assert.deepEqual(errors.filter((x) => !known.test(x)), [], 'only the known problem');
          }
          assert.fail(errors.join('\n'));
        }
        const findings: string[] = [];
        for (const [name, text] of out.files) {
          if (name.endsWith('.params.json') || name.endsWith('.config.json')) continue;
          for (const f of lintTemplate(JSON.parse(text))) findings.push(`${name}: ${formatFinding(f)}`);
        }
        if (known) {
          assert.ok(findings.some((f) => known.test(f)), 'the known problem shows');
          assert.deepEqual(findings.filter((f) => !known.test(f)), []);
        } else assert.deepEqual(findings, []);
      });
    }
  }
  for (const file of ['wrong_dlq.yml', 'wrong_subscription.yml'].map((f) => join(CASES, 'sqs', 'negative-testing', f)).filter(existsSync)) {
    test(`sqs/negative-testing/${file.split('/').pop()} is refused with diagnostics`, () => {
      assert.throws(() => renderUseCase(file), (e: unknown) => UserError.is(e) && e.diagnostics.some((d) => d.severity === 'error' && d.code.startsWith('CXQ') && d.pos !== undefined));
    });
  }
  for (const file of ['elbv2', 'rds'].flatMap((m) => files(join(CASES, m, 'negative-testing')).map((f) => [m, f] as const))) {
    test(`${file[0]}/negative-testing/${file[1].split('/').pop()} is refused with diagnostics`, () => {
      assert.throws(() => renderUseCase(file[1]), (e: unknown) => UserError.is(e) && e.diagnostics.some((d) => d.severity === 'error' && d.pos !== undefined));
    });
  }
});

describe('1.x use-cases of x-prometheus', { skip: !existsSync(CASES) && `no reference at ${REF}` }, () => {
  // blog.features.yml of the folder is a whole project (the corpus test renders it); the others configure app03.
  for (const name of ['prometheus_config_file.yml', 'prometheus_custom_options.yml', 'prometheus_enabled.yml']) {
    test(`prometheus/${name} renders lint-clean with the CloudWatch agent in app03`, () => {
      const out = renderUseCase(join(CASES, 'prometheus', name));
      const defs = JSON.parse(out.files.get('app03.json') as string).Resources.EcsTaskDefinition.Properties.ContainerDefinitions;
      assert.deepEqual(defs.map((c: { Name: string }) => c.Name), ['cloudwatch-agent', 'app03']);
      assertLintClean(out);
    });
  }
});

describe('1.x use-cases of FireLens', { skip: !existsSync(CASES) && `no reference at ${REF}` }, () => {
  test('firelens/advanced_firehose is refused as 1.1.9 refuses it: awsfirelens options without Name', () => {
    const file = join(CASES, 'firelens', 'advanced_firehose', 'test_advanced_firehose.yaml');
    assert.throws(
      () => renderUseCase(file),
      (e: unknown) =>
        UserError.is(e) &&
        e.diagnostics.some((d) => d.code === 'CXO1006' && d.path === 'services.web2.logging.options' && d.pos?.file.endsWith('module.yml') === true),
    );
  });
});
