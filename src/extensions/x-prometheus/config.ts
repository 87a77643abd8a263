/**
 * The two configuration documents of the CloudWatch agent sidecar, as 1.x writes them:
 *  - the agent configuration (JSON, env CW_CONFIG_CONTENT): EMF collection, and the Prometheus
 *    collection with its ECS service discovery (one task_definition_list entry per exporter,
 *    matching the family's own task definition) and its EMF processor (metric declarations);
 *  - the Prometheus scrape configuration (YAML, env PROMETHEUS_CONFIG_CONTENT): the file given in
 *    ScrapingConfiguration, or global interval / timeout and one job reading the file the service
 *    discovery writes.
 */
import { stringify } from 'yaml';
import { escapeSub, sub, type CfnValue } from '../../cfn/intrinsics.js';
import type { AgentSettings, Exporter, MetricDeclaration, PrometheusSettings } from './settings.js';

export const SD_RESULT_FILE = '/tmp/cwagent_ecs_auto_sd.yaml';

const JMX_SELECTORS = [
  '^jvm_threads_(current|daemon)$',
  '^jvm_classes_loaded$',
  '^java_lang_operatingsystem_(freephysicalmemorysize|totalphysicalmemorysize|freeswapspacesize|totalswapspacesize|systemcpuload|processcpuload|availableprocessors|openfiledescriptorcount)$',
  '^catalina_manager_(rejectedsessions|activesessions)$',
  '^jvm_gc_collection_seconds_(count|sum)$',
  '^catalina_globalrequestprocessor_(bytesreceived|bytessent|requestcount|errorcount|processingtime)$',
];

function jmxDeclarations(e: Exporter): MetricDeclaration[] {
  const base = { source_labels: e.sourceLabels, label_matcher: e.labelMatcher };
  return [
    { ...base, dimensions: [['ClusterName', 'TaskDefinitionFamily']], metric_selectors: JMX_SELECTORS },
    { ...base, dimensions: [['ClusterName', 'TaskDefinitionFamily', 'area']], metric_selectors: ['^jvm_memory_bytes_used$'] },
    { ...base, dimensions: [['ClusterName', 'TaskDefinitionFamily', 'pool']], metric_selectors: ['^jvm_memory_pool_bytes_used$'] },
  ];
}

function nginxDeclarations(e: Exporter): MetricDeclaration[] {
  return [{ source_labels: e.sourceLabels, label_matcher: e.labelMatcher, dimensions: [['ClusterName', 'TaskDefinitionFamily', 'ServiceName']], metric_selectors: ['^nginx_.*$'] }];
}

/** Marker replaced by `${RootStackName}` once the document is escaped for Fn::Sub. */
const STACK = '@@RootStackName@@';

/** The task definition ARN pattern of the family (its Family is `<root stack>-<logical name>`). */
function taskDefinitionPattern(logicalName: string): string {
  return `^.*:task-definition/${STACK}-${logicalName}:[0-9]+$`;
}

function prometheusCollection(p: PrometheusSettings, logicalName: string): Record<string, unknown> {
  const jobs: Record<string, string>[] = [];
  const declarations: MetricDeclaration[] = [];
  const job = (name: string, port: number, path: string) =>
    jobs.push({ sd_job_name: `${logicalName}-${name}`, sd_metrics_path: path, sd_metrics_ports: String(port), sd_task_definition_arn_pattern: taskDefinitionPattern(logicalName) });
  if (p.jmx) {
    declarations.push(...jmxDeclarations(p.jmx));
    job('javajmx-prometheus-exporter', p.jmx.port, p.jmx.path);
  }
  if (p.nginx) {
    declarations.push(...nginxDeclarations(p.nginx));
    job('nginx-prometheus-exporter', p.nginx.port, p.nginx.path);
  }
  p.customRules.forEach((r, i) => {
    declarations.push(...r.declarations);
    job(`custom-sd-${i}`, r.port, r.path);
  });
  return {
    ecs_service_discovery: {
      docker_label: {},
      sd_frequency: '1m',
      sd_result_file: SD_RESULT_FILE,
      task_definition_list: jobs,
    },
    emf_processor: { metric_declaration: declarations, metric_declaration_dedup: true },
    prometheus_config_path: 'env:PROMETHEUS_CONFIG_CONTENT',
  };
}

/** The agent configuration (a Fn::Sub of its JSON, for the family's task definition name). */
export function agentConfiguration(s: AgentSettings, logicalName: string): CfnValue {
  const collected: Record<string, unknown> = {};
  if (s.emf) collected.emf = {};
  if (s.prometheus) collected.prometheus = prometheusCollection(s.prometheus, logicalName);
  const doc: Record<string, unknown> = {};
  if (s.prometheus?.debug) doc.agent = { debug: true };
  doc.logs = { force_flush_interval: 15, metrics_collected: collected };
  const text = escapeSub(JSON.stringify(doc));
  return text.includes(STACK) ? sub(text.split(STACK).join('${RootStackName}')) : text;
}

/** The Prometheus scrape configuration (YAML). */
export function prometheusConfiguration(p: PrometheusSettings, logicalName: string): string {
  if (p.configFile !== undefined) return p.configFile;
  return stringify({
    global: { scrape_interval: p.interval, scrape_timeout: p.timeout },
    scrape_configs: [{ job_name: `${logicalName}-cwagent-ecs-file-sd-config`, sample_limit: 10000, file_sd_configs: [{ files: [SD_RESULT_FILE] }] }],
  });
}
