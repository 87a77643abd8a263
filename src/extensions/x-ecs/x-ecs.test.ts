/**
 * Tests of where tasks run: launch type, capacity provider strategies checked against the
 * cluster, the cluster default strategy, the ecs.compute.platform label, runtime platform.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupFile } from '../../lookups/recorded.js';
import type { RenderOutput } from '../../synth/render.js';
import { errorsOf, renderCompose, withExtensions } from '../../../test/helpers/fixtures.js';
import { xEcs } from './index.js';
import { xCluster } from '../x-cluster/index.js';

const EXT = withExtensions(xEcs, xCluster);

function run(yaml: string, lookups: LookupFile['lookups'] = {}): RenderOutput {
  return renderCompose(yaml, { lookups, extensions: EXT, tmpPrefix: 'cx-ecs-' });
}

function service(out: RenderOutput, family = 'web'): Record<string, any> {
  return JSON.parse(out.files.get(`${family}.json`) as string).Resources.EcsServiceDefinition.Properties;
}

function taskDef(out: RenderOutput, family = 'web'): Record<string, any> {
  return JSON.parse(out.files.get(`${family}.json`) as string).Resources.EcsTaskDefinition.Properties;
}

function lookup(providers: string[], strategy: { CapacityProvider: string; Weight?: number; Base?: number }[]): LookupFile['lookups'] {
  return {
    'x-cluster': {
      request: { ClusterName: 'prod' },
      result: { ClusterName: 'prod', ClusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod', CapacityProviders: providers, DefaultCapacityProviderStrategy: strategy },
    },
  };
}

const LOOKUP = `x-cluster:
  Lookup: prod
`;

type StrategyEntry = { CapacityProvider: string; Weight?: number; Base?: number };

/**
 * Service web (nginx) whose x-ecs.CapacityProviderStrategy (line 5) lists `entries` from line 6,
 * one key a line in the order given, followed by `cluster` (default: the cluster lookup).
 */
function withStrategy(entries: StrategyEntry[], cluster = LOOKUP): string {
  const lines = entries.flatMap((e) => Object.entries(e).map(([k, v], i) => `${i === 0 ? '        - ' : '          '}${k}: ${v}\n`));
  return `services:\n  web:\n    image: nginx\n    x-ecs:\n      CapacityProviderStrategy:\n${lines.join('')}${cluster}`;
}

/** FARGATE and the Auto Scaling group provider my-asg (line 8), weight 1 each. */
const FARGATE_AND_ASG = withStrategy([{ CapacityProvider: 'FARGATE', Weight: 1 }, { CapacityProvider: 'my-asg', Weight: 1 }]);

const FARGATE_BOTH = lookup(['FARGATE', 'FARGATE_SPOT'], [{ CapacityProvider: 'FARGATE_SPOT', Weight: 2 }, { CapacityProvider: 'FARGATE', Weight: 1 }]);

test('the default cluster decides through its default strategy: no LaunchType, no strategy on the service', () => {
  const s = service(run('services:\n  web:\n    image: nginx\n'));
  assert.equal(s.LaunchType, undefined);
  assert.equal(s.CapacityProviderStrategy, undefined);
  assert.deepEqual(taskDef(run('services:\n  web:\n    image: nginx\n')).RequiresCompatibilities, ['FARGATE']);
});

test('x-ecs.CapacityProviderStrategy is set on the service, without LaunchType', () => {
  const out = run(
    withStrategy([{ CapacityProvider: 'FARGATE_SPOT', Weight: 3 }, { CapacityProvider: 'FARGATE', Base: 1, Weight: 1 }]),
    FARGATE_BOTH,
  );
  const s = service(out);
  assert.equal(s.LaunchType, undefined);
  assert.deepEqual(s.CapacityProviderStrategy, [
    { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
    { CapacityProvider: 'FARGATE', Base: 1, Weight: 1 },
  ]);
});

test('a provider the cluster does not have is an error at its line, listing the available providers', () => {
  const errs = errorsOf(() => run(FARGATE_AND_ASG, lookup(['FARGATE'], [])));
  const e = errs.find((d) => d.code === 'CXR1050');
  assert.ok(e, JSON.stringify(errs));
  assert.equal(e.path, 'services.web.x-ecs.CapacityProviderStrategy[1].CapacityProvider');
  assert.equal(e.pos?.line, 8);
  assert.match(e.message, /my-asg/);
  assert.match(e.message, /cluster prod/);
  assert.equal(e.expected, 'one of: FARGATE');
});

test('a provider missing from a new cluster hints at x-cluster.Properties.CapacityProviders', () => {
  const [e] = errorsOf(() => run(withStrategy([{ CapacityProvider: 'FARGATE_SPOT' }], 'x-cluster:\n  Properties:\n    CapacityProviders: [FARGATE]\n')));
  assert.equal(e.code, 'CXR1050');
  assert.equal(e.pos?.line, 6);
  assert.match(e.hint ?? '', /x-cluster\.Properties\.CapacityProviders/);
});

test('mixing Fargate and Auto Scaling group providers is an error', () => {
  const errs = errorsOf(() => run(FARGATE_AND_ASG, lookup(['FARGATE', 'my-asg'], [])));
  assert.deepEqual(errs.map((e) => e.code), ['CXR1051']);
  assert.equal(errs[0].path, 'services.web.x-ecs.CapacityProviderStrategy');
  assert.equal(errs[0].pos?.line, 5);
});

test('a strategy of Auto Scaling group providers runs the family on EC2 with that strategy', () => {
  const out = run(withStrategy([{ CapacityProvider: 'my-asg', Weight: 1 }]), lookup(['FARGATE', 'my-asg'], []));
  assert.deepEqual(service(out).CapacityProviderStrategy, [{ CapacityProvider: 'my-asg', Weight: 1 }]);
  assert.equal(service(out).LaunchType, undefined);
  assert.deepEqual(taskDef(out).RequiresCompatibilities, ['EC2']);
  assert.equal(taskDef(out).RuntimePlatform, undefined);
});

test('duplicate providers, several Base values and all-zero weights are errors', () => {
  const errs = errorsOf(() =>
    run(
      withStrategy([{ CapacityProvider: 'FARGATE', Base: 1 }, { CapacityProvider: 'FARGATE_SPOT', Base: 1 }, { CapacityProvider: 'FARGATE' }]),
      FARGATE_BOTH,
    ),
  );
  assert.deepEqual(errs.map((e) => e.code).sort(), ['CXR1057', 'CXR1060', 'CXR1061']);
  assert.equal(errs.find((e) => e.code === 'CXR1057')?.pos?.line, 10);
});

test('services of one family with different strategies are an error', () => {
  const errs = errorsOf(() =>
    run(
      `services:
  web:
    image: nginx
    deploy: {labels: {ecs.task.family: app}}
    x-ecs:
      CapacityProviderStrategy: [{CapacityProvider: FARGATE}]
  side:
    image: busybox
    deploy: {labels: {ecs.task.family: app}}
    x-ecs:
      CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT}]
${LOOKUP}`,
      FARGATE_BOTH,
    ),
  );
  assert.deepEqual(errs.map((e) => e.code), ['CXR1056']);
  assert.equal(errs[0].pos?.line, 11);
});

test('a looked-up cluster without providers: LaunchType FARGATE', () => {
  const s = service(run(`services:\n  web:\n    image: nginx\n${LOOKUP}`, lookup([], [])));
  assert.equal(s.LaunchType, 'FARGATE');
  assert.equal(s.CapacityProviderStrategy, undefined);
});

test('a looked-up cluster with Fargate providers but no default strategy: LaunchType FARGATE', () => {
  const s = service(run(`services:\n  web:\n    image: nginx\n${LOOKUP}`, lookup(['FARGATE'], [])));
  assert.equal(s.LaunchType, 'FARGATE');
});

test('a new cluster from Properties without a default strategy: LaunchType FARGATE', () => {
  const s = service(run(`services:\n  web:\n    image: nginx\nx-cluster:\n  Properties:\n    CapacityProviders: [FARGATE]\n`));
  assert.equal(s.LaunchType, 'FARGATE');
});

test('a looked-up cluster with only EC2 capacity providers runs the families on EC2 through its default strategy', () => {
  const out = run(`services:\n  web:\n    image: nginx\n${LOOKUP}`, lookup(['my-asg'], [{ CapacityProvider: 'my-asg', Weight: 1 }]));
  assert.equal(service(out).LaunchType, undefined);
  assert.equal(service(out).CapacityProviderStrategy, undefined);
  assert.deepEqual(taskDef(out).RequiresCompatibilities, ['EC2']);
  const noDefault = run(`services:\n  web:\n    image: nginx\n${LOOKUP}`, lookup(['my-asg'], []));
  assert.equal(service(noDefault).LaunchType, 'EC2');
});

test('ecs.compute.platform: EXTERNAL runs with the EXTERNAL launch type, bridge networking and no network configuration', () => {
  const out = run(`services:
  web:
    image: nginx
    ports: ["8080:80"]
    deploy:
      labels:
        ecs.compute.platform: EXTERNAL
${LOOKUP}`, FARGATE_BOTH);
  const s = service(out);
  assert.equal(s.LaunchType, 'EXTERNAL');
  assert.equal(s.CapacityProviderStrategy, undefined);
  assert.equal(s.NetworkConfiguration, undefined);
  assert.equal(s.PlacementStrategies, undefined);
  const td = taskDef(out);
  assert.deepEqual(td.RequiresCompatibilities, ['EXTERNAL']);
  assert.equal(td.NetworkMode, 'bridge');
  assert.deepEqual(td.ContainerDefinitions[0].PortMappings, [{ ContainerPort: 80, HostPort: 8080, Protocol: 'tcp' }]);
  const ok = service(run('services:\n  web:\n    image: nginx\n    deploy:\n      labels:\n        ecs.compute.platform: FARGATE\n'));
  assert.equal(ok.LaunchType, undefined);
});

test('EXTERNAL with a capacity provider strategy, awsvpc-only settings or a load balancer: every error at once', () => {
  const errs = errorsOf(() =>
    run(`services:
  web:
    image: nginx
    ports: ["80:80"]
    deploy:
      labels:
        ecs.compute.platform: EXTERNAL
    x-network:
      AssignPublicIp: true
    x-ecs:
      CapacityProviderStrategy: [{CapacityProvider: FARGATE}]
x-elbv2:
  public:
    Properties: {Scheme: internet-facing, Type: application}
    Services:
      web:web:
        port: 80
        protocol: HTTP
        healthcheck: "80:HTTP"
    Listeners:
      - Port: 80
        Protocol: HTTP
        Targets: [{name: "web:web"}]
${LOOKUP}`, FARGATE_BOTH),
  );
  assert.deepEqual(errs.map((e) => [e.code, e.pos?.line]), [['CXR1077', 9], ['CXR1078', 11], ['CXR1077', 16]]);
  assert.equal(errs[0].path, 'services.web.x-network.AssignPublicIp');
  assert.equal(errs[2].path, 'x-elbv2.public.Services["web:web"]');
  assert.match(errs[2].hint ?? '', /load balancer/);
});

test('ARM64: RuntimePlatform set; FARGATE_SPOT in its strategy is an error', () => {
  const arm = `services:
  web:
    image: nginx
    x-ecs:
      CpuArchitecture: ARM64
`;
  const out = run(`${arm}      CapacityProviderStrategy: [{CapacityProvider: FARGATE, Weight: 1}]\n${LOOKUP}`, FARGATE_BOTH);
  assert.deepEqual(taskDef(out).RuntimePlatform, { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' });
  const errs = errorsOf(() => run(`${arm}      CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 1}]\n${LOOKUP}`, FARGATE_BOTH));
  assert.deepEqual(errs.map((e) => e.code), ['CXR1058']);
  assert.equal(errs[0].pos?.line, 6);
  assert.match(errs[0].message, /ARM64/);
});

test('ARM64 with a cluster default strategy using Fargate Spot: FARGATE only, with a warning', () => {
  const out = run(`services:\n  web:\n    image: nginx\n    x-ecs:\n      CpuArchitecture: ARM64\n`);
  assert.deepEqual(service(out).CapacityProviderStrategy, [{ CapacityProvider: 'FARGATE', Weight: 1 }]);
  assert.equal(service(out).LaunchType, undefined);
  const w = out.warnings.find((d) => d.code === 'CXR2052');
  assert.ok(w);
  assert.equal(w.pos?.line, 4);
  const spotOnly = run(`services:\n  web:\n    image: nginx\n    x-ecs:\n      CpuArchitecture: ARM64\n${LOOKUP}`, lookup(['FARGATE_SPOT'], [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]));
  assert.equal(service(spotOnly).LaunchType, 'FARGATE');
});

test('services of one family must agree on the runtime platform', () => {
  const errs = errorsOf(() =>
    run(`services:
  web:
    image: nginx
    deploy: {labels: {ecs.task.family: app}}
    x-ecs: {CpuArchitecture: ARM64}
  side:
    image: busybox
    deploy: {labels: {ecs.task.family: app}}
    x-ecs: {CpuArchitecture: X86_64}
`),
  );
  assert.deepEqual(errs.map((e) => e.code), ['CXR1059']);
  assert.equal(errs[0].path, 'services.side.x-ecs.CpuArchitecture');
  assert.equal(errs[0].pos?.line, 9);
});
