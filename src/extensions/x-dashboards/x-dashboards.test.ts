/**
 * Tests of x-dashboards: one dashboard per name in the nested stack `dashboards`, widgets per
 * family of Services naming the cluster and the family's ECS service (stack parameters fed from
 * the cluster and the family stacks), and the diagnostics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RenderOutput } from '../../synth/render.js';
import { diagnosticsOf, errorsOf, only, renderCompose } from '../../../test/helpers/fixtures.js';

function run(yaml: string): RenderOutput {
  return renderCompose(yaml, { tmpPrefix: 'cx-dashboards-' });
}

const template = (out: RenderOutput, name: string): any => JSON.parse(out.files.get(`${name}.json`) as string);

const SERVICES = `services:
  web:
    image: nginx
  api:
    image: nginx
    x-ecs: {}
  worker:
    image: nginx
`;

test('a dashboard with the widgets of each family, names resolved at deploy time', () => {
  const out = run(`${SERVICES}x-dashboards:
  all-services:
    Type: cloudwatch
    Settings: {start: -PT3H}
    Services:
      web: {UsePredefinedMetrics: true}
      api: {}
`);
  const t = template(out, 'dashboards');
  const d = t.Resources.allservices;
  assert.equal(d.Type, 'AWS::CloudWatch::Dashboard');
  assert.deepEqual(d.Properties.DashboardName, { 'Fn::Sub': '${RootStackName}--all-services' });
  const body = JSON.parse(d.Properties.DashboardBody['Fn::Sub']);
  assert.equal(body.start, '-PT3H');
  assert.equal(body.widgets.length, 12);
  const [title, , , tasks, util] = body.widgets;
  assert.equal(title.properties.markdown, '# Service web\n');
  assert.deepEqual(util.properties.metrics[0], ['AWS/ECS', 'CPUUtilization', 'ServiceName', '${webEcsServiceName}', 'ClusterName', '${EcsCluster}']);
  assert.deepEqual(tasks.properties.metrics[0].slice(0, 2), ['ECS/ContainerInsights', 'RunningTaskCount']);
  assert.equal(tasks.properties.region, '${AWS::Region}');
  assert.deepEqual(body.widgets[6].properties.markdown, '# Service api\n');
  assert.equal(body.widgets[6].y, 14);
  assert.equal(body.widgets[9].properties.metrics[0][3], '${apiEcsServiceName}');
  assert.deepEqual(Object.keys(t.Parameters).sort(), ['EcsCluster', 'RootStackName', 'apiEcsServiceName', 'webEcsServiceName']);

  const root = template(out, 'app').Resources.dashboards;
  assert.equal(root.Type, 'AWS::CloudFormation::Stack');
  assert.deepEqual(root.Properties.Parameters.webEcsServiceName, { 'Fn::GetAtt': ['web', 'Outputs.EcsServiceName'] });
  assert.deepEqual(root.Properties.Parameters.RootStackName, { Ref: 'AWS::StackName' });
  assert.ok(root.Properties.Parameters.EcsCluster !== undefined);
  assert.deepEqual(out.warnings.map((x) => x.code), []);
});

test('an unknown service or family is an error at its line; Metrics is not rendered (warning)', () => {
  const yaml = `${SERVICES}x-dashboards:
  main:
    Services:
      webb: {}
      worker: {Metrics: [CPUUtilization]}
`;
  const ds = diagnosticsOf(() => run(yaml));
  const e = only(ds, 'CXO1201');
  assert.equal(e.path, 'x-dashboards.main.Services.webb');
  assert.equal(e.pos?.line, 12);
  assert.match(e.expected ?? '', /api, web, worker/);
  assert.equal(only(ds, 'CXO2202').path, 'x-dashboards.main.Services.worker');
});

test('schema: dashboard names are letters, digits, - and _; Type is cloudwatch', () => {
  const errors = errorsOf(() => run(`${SERVICES}x-dashboards:
  my.board:
    Type: grafana
    Services: {web: {}}
`));
  assert.deepEqual(errors.map((x) => [x.code, x.path, x.pos?.line]), [
    ['CXV1011', 'x-dashboards["my.board"]', 10],
    ['CXV1003', 'x-dashboards["my.board"].Type', 11],
  ]);
});
