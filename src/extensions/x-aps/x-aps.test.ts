/**
 * Tests of x-aps: new workspaces (with a new log group), looked-up ones, Access on the workspace
 * only, ReturnValues (with RemoteWriteUrl / QueryUrl), pointers, the AWS lookup, diagnostics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mockClient } from 'aws-sdk-client-mock';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { RenderOutput } from '../../synth/render.js';
import { createSession } from '../../aws/session.js';
import { resolveLookups } from '../../lookups/resolve.js';
import { diagnosticsOf, only, renderCompose } from '../../../test/helpers/fixtures.js';

const ARN = 'arn:aws:aps:eu-west-1:123456789012:workspace/ws-1234abcd-12ab-34cd-56ef-1234567890ab';
const ENDPOINT = 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1234abcd-12ab-34cd-56ef-1234567890ab/';

function run(yaml: string, lookups = {}): RenderOutput {
  return renderCompose(yaml, { tmpPrefix: 'cx-aps-', lookups });
}

const template = (out: RenderOutput, name: string): any => JSON.parse(out.files.get(`${name}.json`) as string);
const env = (out: RenderOutput, family: string, container = family): any[] =>
  template(out, family).Resources.EcsTaskDefinition.Properties.ContainerDefinitions.find((c: any) => c.Name === container).Environment ?? [];

test('new workspaces: log groups from CreateNewLogGroup, Access on the workspace only, ReturnValues', () => {
  const out = run(`services:
  app:
    image: nginx
    environment:
      WRITE_TO: x-aps::metrics::RemoteWriteUrl
x-aps:
  metrics:
    Properties: {Alias: metrics}
    MacroParameters: {CreateNewLogGroup: true}
    Services:
      app:
        Access: RW
        ReturnValues: {PrometheusEndpoint: ENDPOINT, RemoteWriteUrl: REMOTE_WRITE_URL, QueryUrl: QUERY_URL}
  dashboards:
    Properties: {}
    MacroParameters: {CreateNewLogGroup: {LogGroupName: aps-dashboards, RetentionInDays: 1}}
    Services:
      app: {Access: Query}
`);
  const aps = template(out, 'aps').Resources;
  assert.equal(aps.metrics.Type, 'AWS::APS::Workspace');
  assert.equal(aps.metrics.Properties.Alias, 'metrics');
  assert.deepEqual(aps.metrics.Properties.LoggingConfiguration, { LogGroupArn: { 'Fn::GetAtt': ['metricsLoggingGroup', 'Arn'] } });
  assert.equal(aps.metricsLoggingGroup.Properties.RetentionInDays, 7);
  assert.deepEqual(aps.metricsLoggingGroup.Properties.Tags[0], { Key: 'ApsWorkspace', Value: 'metrics' });
  assert.equal(aps.dashboardsLoggingGroup.Properties.LogGroupName, 'aps-dashboards');
  assert.equal(aps.dashboardsLoggingGroup.Properties.RetentionInDays, 1);
  const outputs = template(out, 'aps').Outputs;
  assert.deepEqual(outputs.metricsRemoteWriteUrl.Value, { 'Fn::Sub': '${metrics.PrometheusEndpoint}api/v1/remote_write' });
  assert.deepEqual(outputs.metricsQueryUrl.Value, { 'Fn::Sub': '${metrics.PrometheusEndpoint}api/v1/query' });
  assert.deepEqual(outputs.dashboardsArn.Value, { Ref: 'dashboards' });

  const vars = Object.fromEntries(env(out, 'app').map((e: any) => [e.Name, e.Value]));
  assert.deepEqual(vars.REMOTE_WRITE_URL, { Ref: 'apsmetricsRemoteWriteUrl' });
  assert.deepEqual(vars.WRITE_TO, { Ref: 'apsmetricsRemoteWriteUrl' });
  assert.deepEqual(vars.QUERY_URL, { Ref: 'apsmetricsQueryUrl' });
  assert.deepEqual(vars.ENDPOINT, { Ref: 'apsmetricsPrometheusEndpoint' });
  assert.deepEqual(vars.DASHBOARDS, { Ref: 'apsdashboardsArn' }, 'no ReturnValues: the ARN in UPPER(<name>)');

  const st = template(out, 'app').Resources.appToaps.Properties.PolicyDocument.Statement;
  assert.deepEqual(st, [
    { Sid: 'WorkspaceRemoteWrite', Effect: 'Allow', Action: ['aps:DescribeWorkspace', 'aps:RemoteWrite'], Resource: [{ Ref: 'apsmetricsArn' }] },
    { Sid: 'WorkspaceQuery', Effect: 'Allow', Action: ['aps:DescribeWorkspace', 'aps:GetLabels', 'aps:GetMetricMetadata', 'aps:GetSeries', 'aps:QueryMetrics'], Resource: [{ Ref: 'apsdashboardsArn' }] },
  ]);
});

test('a looked-up workspace: the recorded ARN and endpoint, the URLs made from it', () => {
  const out = run(
    `services:
  app: {image: nginx}
x-aps:
  shared:
    Lookup: {Tags: [{Name: home}]}
    Services:
      app:
        Access: RW
        ReturnValues: {RemoteWriteUrl: REMOTE_WRITE_URL, WorkspaceId: WS}
`,
    { 'x-aps::shared': { request: { Tags: [{ Name: 'home' }] }, result: { Arn: ARN, WorkspaceId: 'ws-1234abcd-12ab-34cd-56ef-1234567890ab', PrometheusEndpoint: ENDPOINT } } },
  );
  assert.equal(out.files.has('aps.json'), false, 'nothing to create');
  const vars = Object.fromEntries(env(out, 'app').map((e: any) => [e.Name, e.Value]));
  assert.equal(vars.REMOTE_WRITE_URL, `${ENDPOINT}api/v1/remote_write`);
  assert.equal(vars.WS, 'ws-1234abcd-12ab-34cd-56ef-1234567890ab');
  assert.deepEqual(template(out, 'app').Resources.appToaps.Properties.PolicyDocument.Statement[0].Resource, [ARN]);
});

test('diagnostics: unknown access is refused by the schema, unknown return value, unusable lookup, replaced LoggingConfiguration', () => {
  const schema = diagnosticsOf(() =>
    run(`services:
  app: {image: nginx}
x-aps:
  w:
    Properties: {}
    Services:
      app: {Access: Admin}
`),
  );
  assert.ok(schema.some((d) => d.severity === 'error' && d.pos?.line === 7), JSON.stringify(schema));
  const ds = diagnosticsOf(() =>
    run(
      `services:
  app: {image: nginx}
x-aps:
  w:
    Properties: {}
    Services:
      app: {ReturnValues: {Endpoint: X}}
  l:
    Lookup: {Tags: [{Name: x}]}
`,
      { 'x-aps::l': { request: { Tags: [{ Name: 'x' }] }, result: { Arn: ARN } } },
    ),
  );
  assert.equal(only(ds, 'CXO1102').path, 'x-aps.w.Services.app.ReturnValues.Endpoint');
  assert.equal(only(ds, 'CXO1106').path, 'x-aps.l.Lookup');
  const out = run(`services:
  app: {image: nginx}
x-aps:
  w:
    Properties:
      LoggingConfiguration: {LogGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:mine:*"}
    MacroParameters: {CreateNewLogGroup: true}
`);
  assert.equal(only(out.warnings, 'CXO2102').pos?.line, 6);
  assert.deepEqual(template(out, 'aps').Resources.w.Properties.LoggingConfiguration, { LogGroupArn: { 'Fn::GetAtt': ['wLoggingGroup', 'Arn'] } });
});

test('the AWS lookup: by tags among APS workspaces; id and endpoint from the ARN', async () => {
  const tagging = mockClient(ResourceGroupsTaggingAPIClient);
  try {
    tagging.on(GetResourcesCommand).callsFake((input) => {
      assert.deepEqual(input.ResourceTypeFilters, ['aps:workspace']);
      return { ResourceTagMappingList: [{ ResourceARN: ARN, Tags: [{ Key: 'Name', Value: 'home' }] }] };
    });
    const session = createSession({ region: 'eu-west-1', env: {}, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
    const [r] = await resolveLookups([{ key: 'x-aps::w', kind: 'resource', request: { Tags: [{ Name: 'home' }] }, path: 'x-aps.w.Lookup' }], session);
    assert.deepEqual(r.result, { Arn: ARN, WorkspaceId: 'ws-1234abcd-12ab-34cd-56ef-1234567890ab', PrometheusEndpoint: ENDPOINT });
  } finally {
    tagging.restore();
  }
});
