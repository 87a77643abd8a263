import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { template } from '../../../test/helpers/render.js';
import { diagnosticsOf, LOOKUPS, renderProject, VPC } from '../../../test/helpers/fixtures.js';
import { RecordedLookups, type LookupFile } from '../../lookups/recorded.js';
import { listLookupRequests } from '../../lookups/requests.js';
import { loadProject } from '../../load/project.js';
import { parameterNameOf } from '../../aws/lookup/ssm.js';
import { lineColumn } from './value.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SERVICES = ['services:', '  worker:', '    image: nginx', '  api:', '    image: nginx', ''].join('\n');

/** Renders the compose text in a new folder holding `files` (path → content). */
function render(xssm: string, files: Record<string, string> = {}, lookups: LookupFile['lookups'] = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cx-ssm-'));
  dirs.push(dir);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  writeFileSync(join(dir, 'docker-compose.yml'), SERVICES + xssm + VPC);
  return renderProject(dir, ['docker-compose.yml'], new RecordedLookups(join(dir, 'l.json'), { version: 1, lookups: { ...LOOKUPS, ...lookups } }));
}
const failure = (xssm: string, files: Record<string, string> = {}) => diagnosticsOf(() => render(xssm, files));

function env(t: Record<string, any>, container: string): Record<string, unknown> {
  const c = t.Resources.EcsTaskDefinition.Properties.ContainerDefinitions.find((x: Record<string, any>) => x.Name === container);
  return Object.fromEntries((c.Environment ?? []).map((e: Record<string, any>) => [e.Name, e.Value]));
}

describe('x-ssm_parameter', () => {
  test('a parameter read by a service: ssm stack, outputs used, RO on the parameter ARN only, name variable', () => {
    const out = render('x-ssm_parameter:\n  DeletionPolicy: Retain\n  app-conf:\n    Properties: {Name: /app/conf, Value: abc}\n    Services:\n      worker: {Access: RO}\n');
    const ssm = template(out, 'ssm.json');
    assert.deepEqual(ssm.Resources.appconf.Type, 'AWS::SSM::Parameter');
    assert.equal(ssm.Resources.appconf.DeletionPolicy, 'Retain');
    assert.deepEqual({ ...ssm.Resources.appconf.Properties, Tags: undefined }, { Name: '/app/conf', Type: 'String', Value: 'abc', Tags: undefined });
    assert.deepEqual(Object.keys(ssm.Outputs), ['appconfParameterName', 'appconfParameterArn']);
    assert.deepEqual(ssm.Outputs.appconfParameterArn.Value, { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/conf' });
    const w = template(out, 'worker.json');
    assert.deepEqual(env(w, 'worker'), { APP_CONF: { Ref: 'ssmappconfParameterName' } });
    assert.deepEqual(w.Resources.workerTossm.Properties.PolicyDocument.Statement, [
      {
        Sid: 'ParameterRead',
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParameterHistory', 'ssm:GetParametersByPath'],
        Resource: [{ Ref: 'ssmappconfParameterArn' }],
      },
    ]);
    assert.equal(template(out, 'api.json').Resources.apiTossm, undefined);
  });

  test('access names: RWStrict adds PutParameter, SSMParameterReadPolicy has no DescribeParameters on *', () => {
    const out = render(
      'x-ssm_parameter:\n  a:\n    Properties: {Value: x}\n    Services:\n      worker: {Access: RWStrict, ReturnValues: {ParameterArn: A_ARN}}\n' +
        '  b:\n    Properties: {Name: plain, Value: y}\n    Services:\n      worker: {Access: SSMParameterReadPolicy}\n',
    );
    const w = template(out, 'worker.json');
    const st = w.Resources.workerTossm.Properties.PolicyDocument.Statement;
    assert.deepEqual(
      st.map((s: Record<string, any>) => [s.Sid, s.Action]),
      [
        ['ParameterReadWriteStrict', ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParameterHistory', 'ssm:PutParameter']],
        ['SSMParameterReadPolicy', ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath']],
      ],
    );
    assert.deepEqual(env(w, 'worker'), { A_ARN: { Ref: 'ssmaParameterArn' }, B: { Ref: 'ssmbParameterName' } });
    const ssm = template(out, 'ssm.json');
    // no Name: CloudFormation names it, without a leading slash
    assert.deepEqual(ssm.Outputs.aParameterArn.Value, { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${a}' });
    assert.deepEqual(ssm.Outputs.bParameterArn.Value, { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/plain' });
    assert.equal(ssm.Outputs.bType, undefined);
  });

  test('FromFile relative to the compose file: MinimizeJson, RenderToJson, EncodeToBase64, plain text', () => {
    const out = render(
      'x-ssm_parameter:\n  j:\n    Properties: {Name: /j}\n    MacroParameters: {FromFile: conf/a.json, ValidateJson: true, MinimizeJson: true}\n' +
        '  y:\n    Properties: {Name: /y}\n    MacroParameters: {FromFile: ./conf/a.yaml, ValidateYaml: true, RenderToJson: true}\n' +
        '  b:\n    Properties: {Name: /b, Type: StringList}\n    MacroParameters: {FromFile: conf/t.txt, EncodeToBase64: true}\n' +
        '  t:\n    Properties: {Name: /t}\n    MacroParameters: {FromFile: conf/a.yaml, ValidateYaml: true}\n',
      { 'conf/a.json': '{\n  "a": 1,\n  "b": [1, 2]\n}\n', 'conf/a.yaml': 'key: value\nlist: [a, b]\n', 'conf/t.txt': 'a,b' },
    );
    const r = template(out, 'ssm.json').Resources;
    assert.equal(r.j.Properties.Value, '{"a":1,"b":[1,2]}');
    assert.equal(r.y.Properties.Value, '{"key":"value","list":["a","b"]}');
    assert.deepEqual(r.b.Properties.Value, { 'Fn::Base64': 'a,b' });
    assert.equal(r.b.Properties.Type, 'StringList');
    assert.equal(r.t.Properties.Value, 'key: value\nlist: [a, b]\n');
  });

  test('bad input, all at once: SecureString, missing file, invalid JSON / YAML at their line, no value, bad name, unknown family', () => {
    const ds = failure(
      'x-ssm_parameter:\n  s:\n    Properties: {Type: SecureString, Value: x}\n  m:\n    Properties: {}\n    MacroParameters: {FromFile: nope.json}\n' +
        '  j:\n    Properties: {}\n    MacroParameters: {FromFile: bad.json, ValidateJson: true}\n' +
        '  y:\n    Properties: {}\n    MacroParameters: {FromFile: bad.yaml, ValidateYaml: true}\n' +
        '  e:\n    Properties: {Name: /e}\n  n:\n    Properties: {Name: "a b", Value: x}\n' +
        '  u:\n    Properties: {Value: x}\n    Services:\n      nobody: {Access: RO}\n',
      { 'bad.json': '{\n  "a": 1,\n  "b": [1 2]\n}\n', 'bad.yaml': 'a: 1\nb: [1, 2\n' },
    );
    const byCode = Object.fromEntries(ds.map((d) => [d.code, d]));
    assert.deepEqual(Object.keys(byCode).sort(), ['CXJ1001', 'CXJ1002', 'CXJ1003', 'CXJ1004', 'CXJ1005', 'CXJ1006', 'CXJ1101']);
    assert.match(byCode.CXJ1001.message, /CloudFormation cannot create a SecureString/);
    assert.equal(byCode.CXJ1001.path, 'x-ssm_parameter.s.Properties.Type');
    assert.equal(byCode.CXJ1001.pos?.line, 8); // after the 5 lines of services
    assert.equal(byCode.CXJ1003.pos?.line, 11);
    assert.match(byCode.CXJ1004.pos?.file ?? '', /bad\.json$/);
    assert.equal(byCode.CXJ1004.pos?.line, 3);
    assert.match(byCode.CXJ1005.pos?.file ?? '', /bad\.yaml$/);
    assert.equal(byCode.CXJ1005.pos?.line, 3);
    assert.equal(byCode.CXJ1002.path, 'x-ssm_parameter.e.Properties');
  });

  test('IgnoreInvalidJson keeps the content with a warning; Value wins over FromFile with a warning', () => {
    const out = render(
      'x-ssm_parameter:\n  j:\n    Properties: {}\n    MacroParameters: {FromFile: bad.json, ValidateJson: true, IgnoreInvalidJson: true}\n' +
        '  v:\n    Properties: {Value: given}\n    MacroParameters: {FromFile: bad.json}\n',
      { 'bad.json': '{nope' },
    );
    assert.deepEqual(out.warnings.filter((d) => d.code.startsWith('CXJ')).map((d) => d.code), ['CXJ2002', 'CXJ2001']);
    const r = template(out, 'ssm.json').Resources;
    assert.equal(r.j.Properties.Value, '{nope');
    assert.equal(r.v.Properties.Value, 'given');
  });

  test('a looked-up parameter: literal name and ARN, no ssm stack', () => {
    const arn = 'arn:aws:ssm:eu-west-1:123456789012:parameter/shared/endpoint';
    const out = render('x-ssm_parameter:\n  shared:\n    Lookup: {Tags: [{team: core}]}\n    Services:\n      worker: {Access: ROStrict, ReturnValues: {ParameterArn: SHARED_ARN}}\n', {}, {
      'x-ssm_parameter::shared': { request: { Tags: [{ team: 'core' }] }, result: { ParameterName: '/shared/endpoint', ParameterArn: arn } },
    });
    assert.equal(out.files.has('ssm.json'), false);
    const w = template(out, 'worker.json');
    assert.deepEqual(env(w, 'worker'), { SHARED_ARN: arn });
    assert.deepEqual(w.Resources.workerTossm.Properties.PolicyDocument.Statement[0].Resource, [arn]);
  });

  test('lookup requests and ARN → name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cx-ssm-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'c.yml'), SERVICES + 'x-ssm_parameter:\n  p:\n    Lookup: {Arn: "arn:aws:ssm:eu-west-1:123456789012:parameter/x"}\n');
    const model = loadProject({ files: [join(dir, 'c.yml')], env: {}, cwd: dir }).model;
    assert.deepEqual(
      listLookupRequests(model).map((r) => [r.key, r.kind, r.request]),
      [['x-ssm_parameter::p', 'resource', { Arn: 'arn:aws:ssm:eu-west-1:123456789012:parameter/x' }]],
    );
    assert.equal(parameterNameOf('arn:aws:ssm:eu-west-1:123456789012:parameter/a/b'), '/a/b');
    assert.equal(parameterNameOf('arn:aws:ssm:eu-west-1:123456789012:parameter/x'), 'x');
    assert.equal(parameterNameOf('arn:aws:sns:eu-west-1:123456789012:x'), undefined);
    assert.equal(parameterNameOf('arn:aws:ssm:eu-west-1:123456789012:parameter/'), undefined);
    assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
  });
});
