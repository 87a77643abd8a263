/**
 * The CloudWatch agent sidecar, one mechanism for the two 1.x service keys asking for it:
 *  - `x-prometheus.ContainersInsights`: the agent scrapes the Prometheus exporters of the task
 *    family (Java JMX, nginx, custom rules) into CloudWatch Container Insights;
 *  - `x-monitoring.CWAgentCollectEmf` (and x-prometheus `CollectEmf`): the agent takes EMF
 *    records from the family's containers, which get AWS_EMF_AGENT_ENDPOINT.
 * One agent per family (src/synth/sidecars.ts), whatever asks for it. Its configuration
 * (config.ts) is in SSM parameters of the family stack, given to the agent as container secrets
 * CW_CONFIG_CONTENT and PROMETHEUS_CONFIG_CONTENT (plain configuration, no secret value): the
 * execution role reads those parameters only.
 *
 * Task role (policy CloudWatchAgent):
 *  - Prometheus: ECS service discovery in the family's cluster (list by ecs:cluster condition,
 *    describe tasks / services / container instances of that cluster; ecs:DescribeTaskDefinition
 *    and, on EC2, ec2:DescribeInstances take no resource in IAM, so `*`), the Container Insights
 *    log group `/aws/ecs/containerinsights/<cluster>/prometheus`, and cloudwatch:PutMetricData
 *    conditioned on namespace ECS/ContainerInsights/Prometheus;
 *  - EMF: the log groups of the account and region (each EMF record names its own log group;
 *    1.x attaches AWSLambdaBasicExecutionRole, which allows every region).
 * AutoAddNginxPrometheusExporter adds the nginx-prometheus-exporter sidecar, publishing the
 * exporter port in the task so the service discovery finds it.
 */
import { sub, type CfnValue } from '../../cfn/intrinsics.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import { addSidecar, appContainers } from '../../synth/sidecars.js';
import { agentConfiguration, prometheusConfiguration } from './config.js';
import { agentSettings, type AgentSettings } from './settings.js';

export const CW_AGENT_NAME = 'cloudwatch-agent';
export const CW_AGENT_IMAGE = 'public.ecr.aws/cloudwatch-agent/cloudwatch-agent:latest';
export const NGINX_EXPORTER_NAME = 'nginx-prometheus-exporter';
export const NGINX_EXPORTER_IMAGE = 'public.ecr.aws/nginx/nginx-prometheus-exporter:latest';
export const EMF_PORT = 25888;
export const PROMETHEUS_NAMESPACE = 'ECS/ContainerInsights/Prometheus';
const AGENT_CONFIG = 'CloudWatchAgentConfig';
const PROMETHEUS_CONFIG = 'CloudWatchAgentPrometheusConfig';

export const xCloudWatchAgent: Extension = {
  name: 'x-prometheus / x-monitoring',
  apply(ctx) {
    for (const fs of ctx.families.values()) {
      const settings = agentSettings(fs.family, ctx);
      if (settings) addAgent(fs, settings, ctx);
    }
  },
};

const parameterArn = (id: string): CfnValue => sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/\${${id}}`);

function addAgent(fs: FamilyStack, s: AgentSettings, ctx: RenderContext): void {
  const f = fs.family;
  const apps = appContainers(fs);
  const added = addSidecar(fs, { name: CW_AGENT_NAME, image: s.image ?? CW_AGENT_IMAGE, cpuUnits: 102, memoryMiB: 256 }, ctx, s.at, 'CXO2010');
  if (!added) return;
  const isNew = added.container.name === CW_AGENT_NAME && !apps.includes(added.container);

  const parameters: string[] = [AGENT_CONFIG];
  fs.add(AGENT_CONFIG, {
    Type: 'AWS::SSM::Parameter',
    Properties: {
      Type: 'String',
      Tier: 'Intelligent-Tiering',
      Description: sub(`CloudWatch agent configuration of ${f.name} in \${RootStackName}`),
      Value: agentConfiguration(s, f.logicalName),
    },
  });
  if (isNew) fs.addSecret(CW_AGENT_NAME, 'CW_CONFIG_CONTENT', parameterArn(AGENT_CONFIG));
  if (s.prometheus) {
    parameters.push(PROMETHEUS_CONFIG);
    fs.add(PROMETHEUS_CONFIG, {
      Type: 'AWS::SSM::Parameter',
      Properties: {
        Type: 'String',
        Tier: 'Intelligent-Tiering',
        Description: sub(`Prometheus scrape configuration of the CloudWatch agent of ${f.name} in \${RootStackName}`),
        Value: prometheusConfiguration(s.prometheus, f.logicalName),
      },
    });
    if (isNew) fs.addSecret(CW_AGENT_NAME, 'PROMETHEUS_CONFIG_CONTENT', parameterArn(PROMETHEUS_CONFIG));
  }
  fs.addStatement('exec', 'CloudWatchAgentConfiguration', { Sid: 'CloudWatchAgentConfig', Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: parameters.map(parameterArn) });

  if (s.prometheus) {
    prometheusRights(fs);
    if (s.prometheus.addNginxExporter) {
      const port = s.prometheus.nginx?.port ?? 9113;
      addSidecar(
        fs,
        {
          name: NGINX_EXPORTER_NAME,
          image: NGINX_EXPORTER_IMAGE,
          cpuUnits: 102,
          memoryMiB: 64,
          reachedByApps: false,
          dockerLabels: { job: NGINX_EXPORTER_NAME },
          command: ['--web.listen-address', `:${port}`],
          // Published in the task only: the agent's service discovery scrapes the ports the task definition maps.
          properties: { PortMappings: [{ ContainerPort: port, Protocol: 'tcp' }] },
        },
        ctx,
        s.prometheus.addNginxExporter.at,
        'CXO2011',
      );
    }
  }
  if (s.emf) {
    for (const c of apps) if (c !== added.container) fs.addEnvironment(c.name, 'AWS_EMF_AGENT_ENDPOINT', `tcp://${added.host}:${EMF_PORT}`);
    fs.addStatement('task', 'CloudWatchAgent', {
      Sid: 'EmfLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:PutRetentionPolicy'],
      Resource: [sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*')],
    });
  }
}

function prometheusRights(fs: FamilyStack): void {
  const arn = (resource: string) => sub(`arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:${resource}`);
  fs.addStatement('task', 'CloudWatchAgent', {
    Sid: 'EcsDiscoveryList',
    Effect: 'Allow',
    Action: ['ecs:ListServices', 'ecs:ListTasks'],
    Resource: '*',
    Condition: { ArnEquals: { 'ecs:cluster': arn('cluster/${EcsCluster}') } },
  });
  fs.addStatement('task', 'CloudWatchAgent', {
    Sid: 'EcsDiscoveryDescribe',
    Effect: 'Allow',
    Action: ['ecs:DescribeContainerInstances', 'ecs:DescribeServices', 'ecs:DescribeTasks'],
    Resource: [arn('container-instance/${EcsCluster}/*'), arn('service/${EcsCluster}/*'), arn('task/${EcsCluster}/*')],
  });
  // DescribeTaskDefinition (and DescribeInstances) accept no resource in IAM: `*` is the only form.
  const anyResource = ['ecs:DescribeTaskDefinition', ...(fs.family.platform === 'FARGATE' ? [] : ['ec2:DescribeInstances'])];
  fs.addStatement('task', 'CloudWatchAgent', { Sid: 'EcsDiscoveryTaskDefinitions', Effect: 'Allow', Action: anyResource, Resource: '*' });
  const group = 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/ecs/containerinsights/${EcsCluster}/prometheus';
  fs.addStatement('task', 'CloudWatchAgent', {
    Sid: 'ContainerInsightsLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:PutRetentionPolicy'],
    Resource: [sub(group), sub(`${group}:*`)],
  });
  fs.addStatement('task', 'CloudWatchAgent', {
    Sid: 'ContainerInsightsMetrics',
    Effect: 'Allow',
    Action: ['cloudwatch:PutMetricData'],
    Resource: '*',
    Condition: { StringEquals: { 'cloudwatch:namespace': PROMETHEUS_NAMESPACE } },
  });
}
