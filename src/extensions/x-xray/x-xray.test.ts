/**
 * Tests of x-xray / x-ray and of the managed-sidecar mechanism it uses: the daemon container,
 * the waits, the task size, the address given to the containers, the bridge-mode links, the
 * task role rights, and a compose service already named xray-daemon.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RenderOutput } from '../../synth/render.js';
import { diagnosticsOf, only, renderCompose } from '../../../test/helpers/fixtures.js';
import { XRAY_DAEMON_ACTIONS } from './index.js';

function run(yaml: string): RenderOutput {
  return renderCompose(yaml, { tmpPrefix: 'cx-xray-' });
}

function family(out: RenderOutput, name: string): Record<string, any> {
  return JSON.parse(out.files.get(`${name}.json`) as string).Resources;
}

function containers(out: RenderOutput, name: string): Record<string, any>[] {
  return family(out, name).EcsTaskDefinition.Properties.ContainerDefinitions;
}

test('x-xray: true adds the daemon first, the family waits for it, the task grows to hold it', () => {
  const out = run(`services:
  web:
    image: nginx
    deploy: {resources: {reservations: {cpus: "0.25", memory: 512M}}}
    depends_on: [init]
    x-xray: true
  init:
    image: busybox
    deploy: {labels: {ecs.task.family: web, ecs.depends.condition: SUCCESS}}
`);
  const defs = containers(out, 'web');
  assert.deepEqual(defs.map((c) => c.Name), ['xray-daemon', 'init', 'web']);
  const [daemon, init, web] = defs;
  assert.equal(daemon.Essential, false);
  assert.equal(daemon.Cpu, 32);
  assert.equal(daemon.Memory, 256);
  assert.equal(daemon.PortMappings, undefined, 'no published port: reached on 127.0.0.1');
  assert.deepEqual(daemon.LogConfiguration.Options['awslogs-group'], { Ref: 'ServicesLogGroup' });
  assert.equal(daemon.LogConfiguration.Options['awslogs-stream-prefix'], 'xray-daemon');
  for (const c of [init, web]) {
    assert.deepEqual(c.DependsOn[0], { ContainerName: 'xray-daemon', Condition: 'START' });
    assert.deepEqual(c.Environment.find((e: any) => e.Name === 'AWS_XRAY_DAEMON_ADDRESS'), { Name: 'AWS_XRAY_DAEMON_ADDRESS', Value: '127.0.0.1:2000' });
  }
  assert.deepEqual(web.DependsOn[1], { ContainerName: 'init', Condition: 'SUCCESS' });
  // 256 + 32 CPU units and 512 + 256 MiB: 512 CPU units / 1024 MiB (without the daemon 256 / 512).
  const td = family(out, 'web').EcsTaskDefinition.Properties;
  assert.equal(td.Cpu, '512');
  assert.equal(td.Memory, '1024');
  const policy = family(out, 'web').XRayDaemonAccess.Properties;
  assert.deepEqual(policy.Roles, [{ Ref: 'EcsTaskRole' }]);
  assert.deepEqual(policy.PolicyDocument.Statement, [{ Sid: 'XRayDaemonWrite', Effect: 'Allow', Action: XRAY_DAEMON_ACTIONS, Resource: '*' }]);
});

test('x-ray (1.x spelling) with OverrideImage; false everywhere adds nothing', () => {
  const out = run(`services:
  web:
    image: nginx
    x-ray: {OverrideImage: "amazon/aws-xray-daemon:3.3.12"}
  worker:
    image: busybox
    x-xray: false
`);
  assert.equal(containers(out, 'web')[0].Name, 'xray-daemon');
  const params = JSON.parse(out.files.get('web.params.json') as string) as { ParameterKey: string; ParameterValue: string }[];
  assert.equal(params.find((p) => p.ParameterKey === 'xraydaemonImageUrl')?.ParameterValue, 'amazon/aws-xray-daemon:3.3.12');
  assert.deepEqual(containers(out, 'worker').map((c) => c.Name), ['worker']);
  assert.equal(family(out, 'worker').XRayDaemonAccess, undefined);
  assert.equal(containers(out, 'worker')[0].Environment, undefined);
});

test('bridge network mode links the containers to the daemon by name', () => {
  const out = run(`services:
  web:
    image: nginx
    network_mode: bridge
    deploy: {labels: {ecs.compute.platform: EC2}, resources: {limits: {memory: 256M}}}
    x-xray: true
`);
  const [daemon, web] = containers(out, 'web');
  assert.equal(daemon.Name, 'xray-daemon');
  assert.deepEqual(web.Links, ['xray-daemon']);
  assert.equal(web.Environment.find((e: any) => e.Name === 'AWS_XRAY_DAEMON_ADDRESS').Value, 'xray-daemon:2000');
  assert.equal(family(out, 'web').EcsTaskDefinition.Properties.Memory, '512');
});

test('a service named xray-daemon in the family is used as written, with a warning', () => {
  const out = run(`services:
  web:
    image: nginx
    x-xray: true
  xray-daemon:
    image: my/daemon
    deploy: {labels: {ecs.task.family: web}}
`);
  const w = only(out.warnings, 'CXO2001');
  assert.equal(w.path, 'services.web.x-xray');
  assert.equal(w.pos?.line, 4);
  const defs = containers(out, 'web');
  assert.deepEqual(defs.map((c) => c.Name).sort(), ['web', 'xray-daemon']);
  const web = defs.find((c) => c.Name === 'web');
  assert.equal(web?.Environment[0].Value, '127.0.0.1:2000');
});

test('a wrong x-xray value is a schema error at its line', () => {
  const ds = diagnosticsOf(() => run(`services:
  web:
    image: nginx
    x-xray: {Image: foo}
`));
  const e = ds.find((d) => d.severity === 'error');
  assert.equal(e?.pos?.line, 4, JSON.stringify(ds));
  assert.match(e?.path ?? '', /^services\.web\.x-xray/);
});
