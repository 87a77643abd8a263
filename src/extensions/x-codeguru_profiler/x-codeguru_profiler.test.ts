import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { template } from '../../../test/helpers/render.js';
import { diagnosticsOf, lintAll, only, renderWithVpc } from '../../../test/helpers/fixtures.js';
import type { LookupFile } from '../../lookups/recorded.js';

const SERVICES = 'services:\n  api:\n    image: nginx\n  worker:\n    image: nginx\n';
const ARN = 'arn:aws:codeguru-profiler:eu-west-1:123456789012:profilingGroup/shared-profiles';
const LOOKUPS: LookupFile['lookups'] = { 'x-codeguru_profiler::shared': { request: { Tags: [{ team: 'perf' }] }, result: { Arn: ARN, ProfileName: 'shared-profiles' } } };
const render = (x: string) => renderWithVpc(SERVICES + x, { name: 'cg', lookups: LOOKUPS });

function env(t: Record<string, any>): Record<string, unknown> {
  const c = t.Resources.EcsTaskDefinition.Properties.ContainerDefinitions[0];
  return Object.fromEntries((c.Environment ?? []).map((e: Record<string, any>) => [e.Name, e.Value]));
}

describe('x-codeguru_profiler', () => {
  test('new group named after the stack id, agent permissions on it, the agent variables; a looked-up group', () => {
    const out = render(
      [
        'x-codeguru_profiler:',
        '  Profiler01:',
        '    Properties: {}',
        '    Services:',
        '      api: {Access: RW}',
        '  named:',
        '    Properties: {ProfilingGroupName: checkout}',
        '    MacroParameters: {AppendStackId: true}',
        '  shared:',
        '    Lookup: {Tags: [{team: perf}]}',
        '    Services:',
        '      worker: {Access: RW, ReturnValues: {ProfileName: PROFILER_GROUP}}',
        '',
      ].join('\n'),
    );
    const cg = template(out, 'codeguruprofiler.json');
    assert.equal(cg.Resources.Profiler01.Type, 'AWS::CodeGuruProfiler::ProfilingGroup');
    assert.equal(cg.Resources.Profiler01.Properties.ProfilingGroupName['Fn::Sub'][0], 'Profiler01-${StackId}');
    assert.equal(cg.Resources.named.Properties.ProfilingGroupName['Fn::Sub'][0], 'checkout-${StackId}');
    const api = template(out, 'api.json');
    assert.deepEqual(env(api), { AWS_CODEGURU_PROFILER_GROUP_NAME: { Ref: 'codeguruprofilerProfiler01ProfileName' }, AWS_CODEGURU_PROFILER_GROUP_ARN: { Ref: 'codeguruprofilerProfiler01Arn' } });
    assert.deepEqual(api.Resources.apiTocodeguruprofiler.Properties.PolicyDocument.Statement, [
      { Sid: 'RW', Effect: 'Allow', Action: ['codeguru-profiler:ConfigureAgent', 'codeguru-profiler:PostAgentProfile'], Resource: [{ Ref: 'codeguruprofilerProfiler01Arn' }] },
    ]);
    const worker = template(out, 'worker.json');
    assert.deepEqual(env(worker), { PROFILER_GROUP: 'shared-profiles' });
    assert.deepEqual(worker.Resources.workerTocodeguruprofiler.Properties.PolicyDocument.Statement[0].Resource, [ARN]);
    lintAll(out);
  });

  test('an unknown return value and a bad recorded lookup are errors at their line', () => {
    const ds = diagnosticsOf(() =>
      renderWithVpc(SERVICES + 'x-codeguru_profiler:\n  p:\n    Properties: {}\n    Services:\n      api: {Access: RW, ReturnValues: {Name: X}}\n  shared:\n    Lookup: {Tags: [{team: perf}]}\n', {
        lookups: { 'x-codeguru_profiler::shared': { request: { Tags: [{ team: 'perf' }] }, result: { Arn: ARN } } },
      }),
    );
    assert.equal(only(ds, 'CXX1002').pos?.line, 10);
    const bad = only(ds, 'CXF1101');
    assert.equal(bad.pos?.line, 12);
    assert.match(bad.message, /lacks ProfileName/);
  });
});
