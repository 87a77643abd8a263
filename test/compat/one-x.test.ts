/** Inputs written for ECS Compose-X 1.x that render here (or are refused plainly). */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../src/load/project.js';
import { ONE_X_SERVICE, ONE_X_TOP_LEVEL } from '../../src/load/schema/one-x-keys.js';
import { KNOWN_SERVICE_EXTENSIONS, KNOWN_TOP_LEVEL_EXTENSIONS } from '../../src/load/schema/validate.js';
import { diagnosticsOf, errorsOf, lintAll, only, renderCompose } from '../helpers/fixtures.js';
import { template } from '../helpers/render.js';
import { shortRate } from '../../src/extensions/x-scaling/index.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const run = (yaml: string) => renderCompose(yaml, { dirs, tmpPrefix: 'cx-1x-' });

describe('1.x compatibility', () => {
  test('depends_on may name a task family: the family stack waits for the whole family', () => {
    const out = run(`
services:
  api:
    image: nginx
    deploy: {labels: {ecs.task.family: backend}}
  db:
    image: postgres
    deploy: {labels: {ecs.task.family: backend}}
  web:
    image: nginx
    depends_on: [backend]
`);
    const root = template(out, 'app.json');
    assert.deepEqual(root.Resources.web.DependsOn, ['backend']);
    lintAll(out);
  });

  test('depends_on on neither a service nor a family is an error listing both', () => {
    const [e] = errorsOf(() =>
      run(`
services:
  api:
    image: nginx
    deploy: {labels: {ecs.task.family: backend}}
  web:
    image: nginx
    depends_on: [frontend]
`),
    );
    assert.equal(e.code, 'CXL1306');
    assert.equal(e.pos?.line, 8);
    assert.match(e.expected ?? '', /task family.*api, backend/);
  });

  test('a service in two families reaches a dependency it shares a family with inside that family; a loop of other dependencies orders nothing', () => {
    const out = run(`
services:
  app01:
    image: nginx
    deploy: {labels: {ecs.task.family: big}}
  app02:
    image: nginx
    depends_on: [app01, big]
    deploy: {labels: {ecs.task.family: you}}
  rproxy:
    image: nginx
    depends_on: [app01, app02]
    deploy: {labels: {ecs.task.family: "big,you"}}
  other:
    image: nginx
    depends_on: [app02]
    deploy: {labels: {ecs.task.family: big}}
`);
    const root = template(out, 'app.json');
    assert.deepEqual(root.Resources.you.DependsOn, ['big']);
    assert.equal(root.Resources.big.DependsOn, undefined);
    const w = only(out.warnings, 'CXR2016');
    assert.equal(w.path, 'services.other.depends_on.app02');
    assert.equal(w.pos?.line, 16);
    lintAll(out);
  });

  test('task families named in depends_on that loop are an error', () => {
    const [e] = errorsOf(() =>
      run(`
services:
  a:
    image: nginx
    depends_on: [fb]
    deploy: {labels: {ecs.task.family: fa}}
  b:
    image: nginx
    depends_on: [fa]
    deploy: {labels: {ecs.task.family: fb}}
`),
    );
    assert.equal(e.code, 'CXR1016');
    assert.match(e.message, /fa -> fb -> fa/);
    assert.equal(e.pos?.line, 5);
  });

  test('an empty x- value means no settings', () => {
    const out = run(`
services:
  web:
    image: nginx
    x-network:
    x-logging:
x-tags:
`);
    assert.ok(out.files.has('web.json'));
    assert.deepEqual(out.warnings.filter((d) => d.code.startsWith('CXV')), []);
  });

  test('a 1.x module not supported yet is named plainly, not called unknown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cx-1x-'));
    dirs.push(dir);
    // Any top-level key of the table (it shrinks as modules land).
    const [key, entry] = Object.entries(ONE_X_TOP_LEVEL)[0]!;
    const serviceKey = Object.keys(ONE_X_SERVICE)[0]!;
    writeFileSync(join(dir, 'compose.yml'), `services:\n  web:\n    image: nginx\n    ${serviceKey}: true\n${key}:\n  lb: {}\n`);
    const { warnings } = loadProject({ files: ['compose.yml'], env: {}, cwd: dir });
    assert.ok(!warnings.some((d) => d.code === 'CXV2002'), JSON.stringify(warnings));
    const lb = warnings.find((d) => d.path === key);
    assert.equal(lb?.code, 'CXV2010');
    assert.ok(lb?.message.startsWith(`\`${key}\` (ECS Compose-X 1.x: ${entry.what}) is not supported yet by this version`), lb?.message);
    assert.equal(lb?.pos?.line, 5);
    assert.ok(lb?.hint);
    assert.equal(warnings.find((d) => d.path === `services.web.${serviceKey}`)?.code, 'CXV2010');
  });

  test('a log retention that is not a CloudWatch value is rounded to the nearest one, with a warning', () => {
    const out = run(`
services:
  web:
    image: nginx
    x-logging:
      RetentionInDays: 1337
`);
    const w = only(out.warnings, 'CXR2017');
    assert.equal(w.pos?.line, 6);
    assert.match(w.message, /1337 .* 1096/);
    const group = template(out, 'web.json').Resources.ServicesLogGroup;
    assert.ok(JSON.stringify(group).includes('1096') || JSON.stringify(template(out, 'app.json')).includes('1096'));
  });

  test('compact rates are written as Application Auto Scaling expects', () => {
    assert.equal(shortRate('rate(1h)'), 'rate(1 hour)');
    assert.equal(shortRate('rate(30m)'), 'rate(30 minutes)');
    assert.equal(shortRate('rate(2d)'), 'rate(2 days)');
    assert.equal(shortRate('rate(1 hour)'), undefined);
    const out = run(`
services:
  web:
    image: nginx
    x-scaling:
      Range: "1-4"
      ScheduledActions:
        - Schedule: rate(1h)
          ScalableTargetAction: {MinCapacity: 1, MaxCapacity: 2}
`);
    const w = only(out.warnings, 'CXA1006');
    assert.equal(w.pos?.line, 8);
    assert.ok(JSON.stringify(template(out, 'web.json')).includes('"rate(1 hour)"'));
    lintAll(out);
  });

  test('Fn::Transform at the top level (1.x macro mode) is refused with what to do instead', () => {
    const ds = diagnosticsOf(() =>
      run(`Fn::Transform:
  Name: compose-x
  Parameters:
    ComposeFiles: [s3://bucket/compose.yml]
services:
  web: {image: nginx}
`),
    );
    const e = only(ds, 'CXL1007');
    assert.equal(e.pos?.line, 1);
    assert.match(e.hint ?? '', /s3:\/\/bucket\/compose\.yml/);
    assert.ok(!ds.some((d) => d.code === 'CXV1001'), JSON.stringify(ds));
  });

  test('x-alarms Services.<service>.Access and a TopicArn with a path are accepted with warnings', () => {
    const out = run(`
services:
  web:
    image: nginx
    x-scaling: {Range: "1-4"}
x-alarms:
  lag:
    Properties:
      ComparisonOperator: GreaterThanOrEqualToThreshold
      EvaluationPeriods: 5
      MetricName: Lag
      Namespace: app
      Period: 60
      Statistic: Sum
      Threshold: 1.0
    Topics:
      - TopicArn: arn:aws:sns:eu-west-1:012346578900:topic/sometopic
    Services:
      web:
        Access: NA
        Scaling:
          Steps:
            - {Count: 1, LowerBound: 0, UpperBound: 1000}
            - {Count: 3, LowerBound: 1000}
`);
    assert.equal(only(out.warnings, 'CXA1212').pos?.line, 20);
    assert.equal(only(out.warnings, 'CXA1105').pos?.line, 17);
    lintAll(out);
  });

  test('a 1.x key named "not supported yet" has no extension of its own here (remove it from the table once built)', () => {
    assert.deepEqual(Object.keys(ONE_X_TOP_LEVEL).filter((k) => KNOWN_TOP_LEVEL_EXTENSIONS.includes(k)), []);
    assert.deepEqual(Object.keys(ONE_X_SERVICE).filter((k) => KNOWN_SERVICE_EXTENSIONS.includes(k)), []);
  });

  test('Services as a list (before 1.0, rejected by 1.1.9) is an error saying what to write', () => {
    const ds = diagnosticsOf(() =>
      run(`
services:
  web: {image: nginx}
x-sns:
  topic:
    Properties: {}
    Services:
      - name: web
        access: Publish
`),
    );
    const e = only(ds, 'CXV1030');
    assert.equal(e.path, 'x-sns.topic.Services');
    assert.equal(e.pos?.line, 7);
    assert.match(e.hint ?? '', /Services: \{web: /);
    assert.equal(ds.filter((d) => d.path === 'x-sns.topic.Services').length, 1, JSON.stringify(ds));
  });
});
