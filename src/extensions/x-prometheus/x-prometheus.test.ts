/**
 * Tests of the CloudWatch agent sidecar (x-prometheus, x-monitoring): the agent container and its
 * configuration parameters, the scrape configuration, the EMF endpoint, the IAM rights of both
 * roles, the nginx exporter, and the diagnostics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RenderOutput } from '../../synth/render.js';
import { RecordedLookups } from '../../lookups/recorded.js';
import { diagnosticsOf, only, renderCompose, renderProject } from '../../../test/helpers/fixtures.js';
import { CW_AGENT_IMAGE, PROMETHEUS_NAMESPACE } from './index.js';

function run(yaml: string): RenderOutput {
  return renderCompose(yaml, { tmpPrefix: 'cx-prom-' });
}

function resources(out: RenderOutput, name: string): Record<string, any> {
  return JSON.parse(out.files.get(`${name}.json`) as string).Resources;
}

function containers(out: RenderOutput, name: string): Record<string, any>[] {
  return resources(out, name).EcsTaskDefinition.Properties.ContainerDefinitions;
}

/** The agent configuration as the agent reads it (the task definition name filled in). */
function agentConfig(out: RenderOutput, name: string): any {
  const v = resources(out, name).CloudWatchAgentConfig.Properties.Value;
  return JSON.parse(typeof v === 'string' ? v : (v['Fn::Sub'] as string).replace(/\$\{RootStackName\}/g, 'STACK'));
}

const statements = (out: RenderOutput, name: string, policy: string): any[] => resources(out, name)[policy].Properties.PolicyDocument.Statement;

test('x-prometheus CollectForJavaJmx + CustomRules: the agent, its two parameters as secrets, the discovery of the family only', () => {
  const out = run(`services:
  app:
    image: nginx
    ports: [8080, 1234]
    x-prometheus:
      ContainersInsights:
        CollectForJavaJmx: true
        CustomRules:
          - ExporterPort: 1234
            EmfProcessors:
              - {source_labels: [container_name], label_matcher: app, dimensions: [[ClusterName]], metric_selectors: ["^starts$"]}
        ScrapingConfiguration: {Interval: 15s, Timeout: 5s}
`);
  const defs = containers(out, 'app');
  assert.deepEqual(defs.map((c) => c.Name), ['cloudwatch-agent', 'app']);
  const [agent, app] = defs;
  assert.equal(agent.Essential, false);
  assert.deepEqual(resources(out, 'app').EcsTaskDefinition.Properties.ContainerDefinitions[0].Image, { Ref: 'cloudwatchagentImageUrl' });
  assert.equal(JSON.parse(out.files.get('app.params.json') as string).find((p: any) => p.ParameterKey === 'cloudwatchagentImageUrl')?.ParameterValue ?? CW_AGENT_IMAGE, CW_AGENT_IMAGE);
  assert.deepEqual(agent.Secrets.map((s: any) => s.Name), ['CW_CONFIG_CONTENT', 'PROMETHEUS_CONFIG_CONTENT']);
  assert.deepEqual(agent.Secrets[0].ValueFrom, { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${CloudWatchAgentConfig}' });
  assert.equal(app.Environment?.find((e: any) => e.Name === 'AWS_EMF_AGENT_ENDPOINT'), undefined, 'no EMF endpoint without EMF collection');

  const cfg = agentConfig(out, 'app');
  assert.equal(cfg.agent, undefined);
  const prom = cfg.logs.metrics_collected.prometheus;
  assert.equal(cfg.logs.metrics_collected.emf, undefined);
  assert.equal(prom.prometheus_config_path, 'env:PROMETHEUS_CONFIG_CONTENT');
  assert.deepEqual(
    prom.ecs_service_discovery.task_definition_list.map((j: any) => [j.sd_job_name, j.sd_metrics_ports, j.sd_metrics_path, j.sd_task_definition_arn_pattern]),
    [
      ['app-javajmx-prometheus-exporter', '9404', '/metrics', '^.*:task-definition/STACK-app:[0-9]+$'],
      ['app-custom-sd-0', '1234', '/metrics', '^.*:task-definition/STACK-app:[0-9]+$'],
    ],
  );
  const decl = prom.emf_processor.metric_declaration;
  assert.equal(decl.length, 4, 'three JMX declarations and the custom one');
  assert.deepEqual(decl[0].source_labels, ['job']);
  assert.equal(decl[0].label_matcher, '^.*jmx.*$');
  assert.deepEqual(decl[3], { source_labels: ['container_name'], label_matcher: 'app', dimensions: [['ClusterName']], metric_selectors: ['^starts$'] });

  const scrape = parse(resources(out, 'app').CloudWatchAgentPrometheusConfig.Properties.Value);
  assert.deepEqual(scrape.global, { scrape_interval: '15s', scrape_timeout: '5s' });
  assert.deepEqual(scrape.scrape_configs[0].file_sd_configs, [{ files: ['/tmp/cwagent_ecs_auto_sd.yaml'] }]);

  // Execution role: reads the two configuration parameters, nothing else.
  assert.deepEqual(statements(out, 'app', 'CloudWatchAgentConfiguration'), [
    {
      Sid: 'CloudWatchAgentConfig',
      Effect: 'Allow',
      Action: ['ssm:GetParameters'],
      Resource: [
        { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${CloudWatchAgentConfig}' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${CloudWatchAgentPrometheusConfig}' },
      ],
    },
  ]);
  assert.deepEqual(resources(out, 'app').CloudWatchAgentConfiguration.Properties.Roles, [{ Ref: 'EcsExecutionRole' }]);
  // Task role: discovery in the cluster, its Container Insights log group, metrics in its namespace.
  const task = statements(out, 'app', 'CloudWatchAgent');
  const bySid = Object.fromEntries(task.map((s) => [s.Sid, s]));
  assert.deepEqual(Object.keys(bySid).sort(), ['ContainerInsightsLogs', 'ContainerInsightsMetrics', 'EcsDiscoveryDescribe', 'EcsDiscoveryList', 'EcsDiscoveryTaskDefinitions']);
  assert.deepEqual(bySid.ContainerInsightsMetrics.Condition, { StringEquals: { 'cloudwatch:namespace': PROMETHEUS_NAMESPACE } });
  assert.deepEqual(bySid.EcsDiscoveryList.Condition.ArnEquals['ecs:cluster'], { 'Fn::Sub': 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${EcsCluster}' });
  assert.deepEqual(bySid.EcsDiscoveryTaskDefinitions.Action, ['ecs:DescribeTaskDefinition'], 'no ec2:DescribeInstances on Fargate');
  for (const s of task) {
    if (s.Resource === '*') assert.ok(s.Condition || s.Sid === 'EcsDiscoveryTaskDefinitions', `${s.Sid} on * without condition`);
  }
  assert.ok(bySid.ContainerInsightsLogs.Resource.every((r: any) => r['Fn::Sub'].includes('log-group:/aws/ecs/containerinsights/${EcsCluster}/prometheus')));
});

test('x-monitoring CWAgentCollectEmf: EMF only, the endpoint on every container of the family, OverrideImage', () => {
  const out = run(`services:
  web:
    image: nginx
    x-monitoring:
      CWAgentCollectEmf: {OverrideImage: my/agent:1}
  worker:
    image: busybox
    deploy: {labels: {ecs.task.family: web}}
`);
  const defs = containers(out, 'web');
  assert.deepEqual(defs.map((c) => c.Name), ['cloudwatch-agent', 'web', 'worker']);
  assert.deepEqual(defs[0].Secrets.map((s: any) => s.Name), ['CW_CONFIG_CONTENT']);
  assert.equal(JSON.parse(out.files.get('web.params.json') as string).find((p: any) => p.ParameterKey === 'cloudwatchagentImageUrl').ParameterValue, 'my/agent:1');
  for (const c of defs.slice(1)) assert.deepEqual(c.Environment.find((e: any) => e.Name === 'AWS_EMF_AGENT_ENDPOINT'), { Name: 'AWS_EMF_AGENT_ENDPOINT', Value: 'tcp://127.0.0.1:25888' });
  assert.equal(defs[0].Environment, undefined);
  assert.deepEqual(agentConfig(out, 'web'), { logs: { force_flush_interval: 15, metrics_collected: { emf: {} } } });
  assert.equal(resources(out, 'web').CloudWatchAgentPrometheusConfig, undefined);
  assert.deepEqual(statements(out, 'web', 'CloudWatchAgent').map((s) => s.Sid), ['EmfLogs']);
});

test('x-prometheus and x-monitoring in one family share one agent; bridge mode links to it', () => {
  const out = run(`services:
  web:
    image: nginx
    deploy: {labels: {ecs.compute.platform: EC2}}
    network_mode: bridge
    x-prometheus:
      ContainersInsights:
        EnableCWAgentDebug: true
        CollectForNginx: {ExporterPort: 9999, label_matcher: "^web$"}
        AutoAddNginxPrometheusExporter: true
  side:
    image: busybox
    deploy: {labels: {ecs.task.family: web}}
    x-monitoring: {CWAgentCollectEmf: true}
`);
  const defs = containers(out, 'web');
  assert.deepEqual(defs.map((c) => c.Name), ['nginx-prometheus-exporter', 'cloudwatch-agent', 'web', 'side']);
  const exporter = defs[0];
  assert.deepEqual(exporter.PortMappings, [{ ContainerPort: 9999, Protocol: 'tcp' }]);
  assert.deepEqual(exporter.Command, ['--web.listen-address', ':9999']);
  const web = defs[2];
  assert.ok(web.Links.includes('cloudwatch-agent'));
  assert.ok(!web.Links.includes('nginx-prometheus-exporter'), 'the apps never call the exporter');
  assert.deepEqual(web.Environment.find((e: any) => e.Name === 'AWS_EMF_AGENT_ENDPOINT').Value, 'tcp://cloudwatch-agent:25888');
  const cfg = agentConfig(out, 'web');
  assert.deepEqual(cfg.agent, { debug: true });
  assert.deepEqual(Object.keys(cfg.logs.metrics_collected), ['emf', 'prometheus']);
  assert.equal(cfg.logs.metrics_collected.prometheus.ecs_service_discovery.task_definition_list[0].sd_metrics_ports, '9999');
  assert.equal(cfg.logs.metrics_collected.prometheus.emf_processor.metric_declaration[0].label_matcher, '^web$');
  const bySid = Object.fromEntries(statements(out, 'web', 'CloudWatchAgent').map((s) => [s.Sid, s]));
  assert.deepEqual(bySid.EcsDiscoveryTaskDefinitions.Action, ['ecs:DescribeTaskDefinition', 'ec2:DescribeInstances']);
  assert.ok(bySid.EmfLogs);
});

test('ScrapingConfigurationFile is read relative to the compose file and used as written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cx-prom-file-'));
  const scrape = 'global:\n  scrape_interval: 10s\nscrape_configs:\n  - job_name: mine\n    file_sd_configs: [{files: [/tmp/cwagent_ecs_auto_sd.yaml]}]\n';
  writeFileSync(join(dir, 'scrape.yml'), scrape);
  writeFileSync(
    join(dir, 'docker-compose.yml'),
    `services:
  app:
    image: nginx
    x-prometheus:
      ContainersInsights:
        CollectForJavaJmx: {ExporterPort: 1234}
        ScrapingConfiguration: {ScrapingConfigurationFile: scrape.yml}
`,
  );
  const out = renderProject(dir, ['docker-compose.yml'], new RecordedLookups(join(dir, 'l.json'), { version: 1, lookups: {} }));
  assert.equal(resources(out, 'app').CloudWatchAgentPrometheusConfig.Properties.Value, scrape);
});

test('a missing ScrapingConfigurationFile is an error at its line; nothing rendered', () => {
  const ds = diagnosticsOf(() =>
    run(`services:
  app:
    image: nginx
    x-prometheus:
      ContainersInsights:
        CollectForJavaJmx: true
        ScrapingConfiguration:
          ScrapingConfigurationFile: nowhere.yml
`),
  );
  const e = only(ds, 'CXO1007');
  assert.equal(e.path, 'services.app.x-prometheus.ContainersInsights.ScrapingConfiguration.ScrapingConfigurationFile');
  assert.equal(e.pos?.line, 8);
});

test('warnings: nothing to collect, App Mesh, exporter without CollectForNginx, digest, FluentBit', () => {
  const out = run(`services:
  a:
    image: nginx
    x-prometheus:
      ContainersInsights:
        CollectForAppMesh: true
        AutoAddNginxPrometheusExporter: true
  b:
    image: nginx
    x-monitoring:
      CollectEmf:
        CloudwatchAgent: {UseLatest: true, InterpolateWithDigest: true}
        FluentBit: {UseLatest: true}
`);
  assert.equal(only(out.warnings, 'CXO2006').path, 'services.a.x-prometheus.ContainersInsights.CollectForAppMesh');
  assert.equal(only(out.warnings, 'CXO2007').pos?.line, 7);
  assert.equal(only(out.warnings, 'CXO2005').path, 'services.a.x-prometheus.ContainersInsights');
  assert.equal(only(out.warnings, 'CXO2008').path, 'services.b.x-monitoring.CollectEmf.CloudwatchAgent.InterpolateWithDigest');
  assert.equal(only(out.warnings, 'CXO2009').path, 'services.b.x-monitoring.CollectEmf.FluentBit');
  assert.deepEqual(containers(out, 'a').map((c) => c.Name), ['a'], 'nothing collected: no agent');
  assert.deepEqual(containers(out, 'b').map((c) => c.Name), ['cloudwatch-agent', 'b']);
});

test('a compose service named cloudwatch-agent is used as written (CXO2010)', () => {
  const out = run(`services:
  web:
    image: nginx
    x-monitoring: {CWAgentCollectEmf: true}
  cloudwatch-agent:
    image: my/agent
    deploy: {labels: {ecs.task.family: web}}
`);
  assert.equal(only(out.warnings, 'CXO2010').path, 'services.web.x-monitoring.CWAgentCollectEmf');
  const defs = containers(out, 'web');
  const agent = defs.find((c) => c.Name === 'cloudwatch-agent');
  assert.equal(agent?.Secrets, undefined, 'left as written');
  assert.equal(agent?.Environment?.find((e: any) => e.Name === 'AWS_EMF_AGENT_ENDPOINT'), undefined);
  assert.equal(defs.find((c) => c.Name === 'web')?.Environment[0].Value, 'tcp://127.0.0.1:25888');
});

test('a wrong x-prometheus value is a schema error at its line', () => {
  const ds = diagnosticsOf(() =>
    run(`services:
  web:
    image: nginx
    x-prometheus:
      ContainersInsights:
        CustomRules: [{ExporterPort: 80}]
`),
  );
  const e = ds.find((d) => d.severity === 'error');
  assert.match(e?.path ?? '', /^services\.web\.x-prometheus\.ContainersInsights\.CustomRules/);
  assert.equal(e?.pos?.line, 6, JSON.stringify(ds));
});
