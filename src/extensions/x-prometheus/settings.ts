/**
 * What the services of one task family ask of the CloudWatch agent, read from their
 * `x-prometheus.ContainersInsights` and `x-monitoring` keys (the schemas have checked the shapes).
 * Several services of a family may ask: switches add up, the first exporter settings and scrape
 * settings win, custom rules are concatenated, the first image override wins.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { FamilyModel } from '../../model/types.js';

export type Path = (string | number)[];

/** An exporter the agent scrapes (CollectForJavaJmx, CollectForNginx, CustomRules). */
export interface Exporter {
  port: number;
  path: string;
  sourceLabels: string[];
  labelMatcher: string;
}

export interface MetricDeclaration {
  source_labels: string[];
  label_matcher: string;
  dimensions: string[][];
  metric_selectors: string[];
}

export interface PrometheusSettings {
  at: Path;
  debug: boolean;
  jmx?: Exporter;
  nginx?: Exporter;
  addNginxExporter?: { at: Path };
  customRules: { port: number; path: string; declarations: MetricDeclaration[] }[];
  /** Scrape interval and timeout of the generated Prometheus configuration. */
  interval: string;
  timeout: string;
  /** The Prometheus configuration from ScrapingConfigurationFile, as written. */
  configFile?: string;
}

export interface AgentSettings {
  prometheus?: PrometheusSettings;
  /** Where EMF collection was asked for (x-monitoring, or x-prometheus CollectEmf). */
  emf?: { at: Path };
  image?: string;
  /** Where the agent was first asked for (for the sidecar's diagnostics). */
  at: Path;
}

interface Ctx {
  doc: Mapping;
  bag: DiagnosticBag;
}

const where = (ctx: Ctx, p: Path) => ({ path: formatPath(p), pos: posAt(ctx.doc, p) });

/** The agent settings of the family, or undefined when none of its services asks for the agent. */
export function agentSettings(f: FamilyModel, ctx: Ctx): AgentSettings | undefined {
  let prometheus: PrometheusSettings | undefined;
  let emf: { at: Path } | undefined;
  let image: string | undefined;
  for (const { service, value } of f.extensions['x-prometheus'] ?? []) {
    const at: Path = ['services', service, 'x-prometheus'];
    const ci = isMapping(value) && isMapping(value.ContainersInsights) ? value.ContainersInsights : undefined;
    if (!ci) {
      ctx.bag.warn({ code: 'CXO2005', message: `x-prometheus of "${service}" has no ContainersInsights: no CloudWatch agent is added for it`, ...where(ctx, at), hint: 'set ContainersInsights (CollectForJavaJmx, CollectForNginx, CustomRules, ScrapingConfiguration)' });
      continue;
    }
    const ciAt = [...at, 'ContainersInsights'];
    if (ci.CollectEmf === true) emf ??= { at: [...ciAt, 'CollectEmf'] };
    for (const key of ['CollectForAppMesh', 'CollectForNginxPlus']) {
      if (ci[key] !== true) continue;
      ctx.bag.warn({ code: 'CXO2006', message: `x-prometheus ${key} of "${service}" is not rendered (ECS Compose-X 1.x renders nothing for it either)`, ...where(ctx, [...ciAt, key]), hint: 'describe the exporter with CustomRules' });
    }
    const p = readPrometheus(ci, ciAt, ctx);
    if (!p) continue;
    if (!prometheus) prometheus = p;
    else {
      prometheus.debug ||= p.debug;
      prometheus.jmx ??= p.jmx;
      prometheus.nginx ??= p.nginx;
      prometheus.addNginxExporter ??= p.addNginxExporter;
      prometheus.customRules.push(...p.customRules);
      if (prometheus.configFile === undefined && isMapping(ci.ScrapingConfiguration)) {
        prometheus.interval = p.interval;
        prometheus.timeout = p.timeout;
        prometheus.configFile = p.configFile;
      }
    }
  }
  for (const { service, value } of f.extensions['x-monitoring'] ?? []) {
    if (!isMapping(value)) continue;
    const at: Path = ['services', service, 'x-monitoring'];
    const collect = isMapping(value.CollectEmf) ? value.CollectEmf : {};
    for (const key of ['FluentBit', 'OTEL']) {
      if (collect[key] === undefined) continue;
      ctx.bag.warn({ code: 'CXO2009', message: `x-monitoring CollectEmf.${key} of "${service}" is not rendered (not implemented in ECS Compose-X 1.x either)`, ...where(ctx, [...at, 'CollectEmf', key]), hint: 'use CWAgentCollectEmf (the CloudWatch agent)' });
    }
    const [sidecar, sidecarAt] =
      value.CWAgentCollectEmf !== undefined ? [value.CWAgentCollectEmf, [...at, 'CWAgentCollectEmf']] : [collect.CloudwatchAgent, [...at, 'CollectEmf', 'CloudwatchAgent']];
    if (sidecar === undefined || sidecar === false) continue;
    emf ??= { at: sidecarAt };
    if (!isMapping(sidecar)) continue;
    if (typeof sidecar.OverrideImage === 'string') image ??= sidecar.OverrideImage;
    if (sidecar.InterpolateWithDigest === true) {
      ctx.bag.warn({
        code: 'CXO2008',
        message: `InterpolateWithDigest of "${service}": the CloudWatch agent image is used as written, not pinned to its digest`,
        ...where(ctx, [...sidecarAt, 'InterpolateWithDigest']),
        hint: 'give OverrideImage by digest (repository@sha256:...) to pin it',
      });
    }
  }
  if (!prometheus && !emf) return undefined;
  return { prometheus, emf, image, at: prometheus?.at ?? emf?.at ?? [] };
}

function readPrometheus(ci: Mapping, at: Path, ctx: Ctx): PrometheusSettings | undefined {
  const jmx = exporter(ci.CollectForJavaJmx, { port: 9404, matcher: '^.*jmx.*$' });
  const nginx = exporter(ci.CollectForNginx, { port: 9113, matcher: '^.*nginx.*$' });
  const customRules = (Array.isArray(ci.CustomRules) ? ci.CustomRules : []).filter(isMapping).map((r) => ({
    port: r.ExporterPort as number,
    path: typeof r.ExporterPath === 'string' ? r.ExporterPath : '/metrics',
    declarations: (Array.isArray(r.EmfProcessors) ? r.EmfProcessors : []) as unknown as MetricDeclaration[],
  }));
  const scraping = isMapping(ci.ScrapingConfiguration) ? ci.ScrapingConfiguration : undefined;
  const debug = ci.EnableCWAgentDebug === true;
  let addNginxExporter: { at: Path } | undefined;
  if (ci.AutoAddNginxPrometheusExporter === true) {
    const p = [...at, 'AutoAddNginxPrometheusExporter'];
    if (nginx) addNginxExporter = { at: p };
    else ctx.bag.warn({ code: 'CXO2007', message: 'AutoAddNginxPrometheusExporter without CollectForNginx: no exporter is added (as in 1.x)', ...where(ctx, p), hint: 'set CollectForNginx: true' });
  }
  if (!jmx && !nginx && customRules.length === 0 && !scraping && !debug) {
    ctx.bag.warn({ code: 'CXO2005', message: 'x-prometheus ContainersInsights collects nothing: no CloudWatch agent is added for it', ...where(ctx, at), hint: 'set CollectForJavaJmx, CollectForNginx, CustomRules or ScrapingConfiguration' });
    return undefined;
  }
  let configFile: string | undefined;
  if (scraping && typeof scraping.ScrapingConfigurationFile === 'string') {
    configFile = readScrapeFile(scraping.ScrapingConfigurationFile, [...at, 'ScrapingConfiguration', 'ScrapingConfigurationFile'], ctx);
    if (configFile === undefined) return undefined;
  }
  return {
    at,
    debug,
    jmx,
    nginx,
    addNginxExporter,
    customRules,
    interval: typeof scraping?.Interval === 'string' ? scraping.Interval : '1m',
    timeout: typeof scraping?.Timeout === 'string' ? scraping.Timeout : '10s',
    configFile,
  };
}

function exporter(value: unknown, defaults: { port: number; matcher: string }): Exporter | undefined {
  if (value !== true && !isMapping(value)) return undefined;
  const m = isMapping(value) ? value : {};
  return {
    port: typeof m.ExporterPort === 'number' ? m.ExporterPort : defaults.port,
    path: typeof m.ExporterPath === 'string' ? m.ExporterPath : '/metrics',
    sourceLabels: Array.isArray(m.source_labels) ? m.source_labels.map(String) : ['job'],
    labelMatcher: typeof m.label_matcher === 'string' ? m.label_matcher : defaults.matcher,
  };
}

/** The scrape configuration file, relative to the compose file naming it; undefined after an error. */
function readScrapeFile(given: string, p: Path, ctx: Ctx): string | undefined {
  const w = where(ctx, p);
  const base = w.pos?.file ? dirname(w.pos.file) : process.cwd();
  const file = isAbsolute(given) ? given : resolve(base, given);
  if (!existsSync(file) || !statSync(file).isFile()) {
    ctx.bag.error({
      code: 'CXO1007',
      message: `ScrapingConfigurationFile ${given} is not a file (looked for ${file})`,
      ...w,
      expected: 'a path to a Prometheus configuration file, relative to the compose file that names it',
    });
    return undefined;
  }
  const text = readFileSync(file, 'utf8');
  const parsed = parseDocument(text, { prettyErrors: false });
  const err = parsed.errors[0];
  if (err || !isMapping(parsed.toJS())) {
    ctx.bag.error({
      code: 'CXO1008',
      message: `ScrapingConfigurationFile ${given} is not a Prometheus configuration${err ? `: ${err.message.split('\n')[0]}` : ' (a YAML mapping)'}`,
      ...w,
      expected: 'a YAML mapping with global and scrape_configs',
    });
    return undefined;
  }
  return text;
}
