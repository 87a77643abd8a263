/**
 * x-dashboards: top-level `x-dashboards.<name>` → an AWS::CloudWatch::Dashboard (logical ID
 * NONALNUM(name)) named `${RootStackName}--<name>` in the nested stack `dashboards`. Per family
 * of `Services` (a family, or a service: its families), the widgets 1.x makes: a title, CPU and
 * memory reserved / used (ECS/ContainerInsights), running / pending / desired task counts, CPU
 * and memory utilisation of the service (AWS/ECS) and network in / out. The body is an Fn::Sub
 * whose ${EcsCluster} and ${<family>EcsServiceName} are stack parameters fed from the cluster and
 * the family stacks, so names resolve at deploy time.
 *
 * Errors: CXO1201 a Services key naming neither a family nor a service (file:line), a family
 * without an ECS service (shared refusal); CXO1202 two names giving one logical ID. Warnings: CXO2201 a key both family and service;
 * CXO2202 `Resources`, `Metrics` or `UsePredefinedMetrics: false` (not rendered, as in 1.x).
 */
import { getAtt, ref, sub, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import { refusedWithoutService, type FamilyStack } from '../../synth/family.js';
import { NestedStack } from '../../synth/stack.js';
import { resolveTargets } from '../shared/targets.js';

export const DASHBOARDS_STACK_ID = 'dashboards';

type KeyPath = (string | number)[];
type Widget = Record<string, unknown>;

/** Height of one family's block of widgets: title row, then two rows of 6. */
const BLOCK = 1 + 6 + 6;

/** The widgets of one family, starting at row `y`; `svc` and `cluster` are Fn::Sub variable names. */
export function serviceWidgets(title: string, svc: string, y: number): Widget[] {
  const dims = ['ServiceName', `\${${svc}}`, 'ClusterName', '${EcsCluster}'];
  const region = '${AWS::Region}';
  const metric = (x: number, row: number, width: number, properties: Record<string, unknown>): Widget =>
    ({ height: 6, width, y: row, x, type: 'metric', properties: { region, stacked: false, ...properties } });
  const more = (...names: string[]) => names.map((n) => ['.', n, '.', '.', '.', '.']);
  return [
    { height: 1, width: 24, y, x: 0, type: 'text', properties: { markdown: `# Service ${title.split('${').join('${!')}\n` } },
    metric(0, y + 1, 6, { title: 'CPU reserved / used', view: 'pie', metrics: [['ECS/ContainerInsights', 'CpuReserved', ...dims], ...more('CpuUtilized')], labels: { visible: true }, legend: { position: 'hidden' } }),
    metric(6, y + 1, 6, { title: 'Memory reserved / used', view: 'pie', metrics: [['ECS/ContainerInsights', 'MemoryReserved', ...dims], ...more('MemoryUtilized')], labels: { visible: true } }),
    metric(12, y + 1, 12, { title: 'Tasks', view: 'singleValue', period: 300, metrics: [['ECS/ContainerInsights', 'RunningTaskCount', ...dims], ...more('PendingTaskCount', 'DesiredTaskCount')], legend: { position: 'bottom' } }),
    metric(0, y + 7, 12, { title: 'CPU / memory utilisation', view: 'timeSeries', period: 300, setPeriodToTimeRange: true, metrics: [['AWS/ECS', 'CPUUtilization', ...dims], ...more('MemoryUtilization')], labels: { visible: true } }),
    metric(12, y + 7, 12, { title: 'Network in / out', view: 'timeSeries', metrics: [['ECS/ContainerInsights', 'NetworkRxBytes', ...dims], ...more('NetworkTxBytes')] }),
  ];
}

export const xDashboards: Extension = {
  name: 'x-dashboards',
  apply(ctx) {
    const root = ctx.doc['x-dashboards'];
    if (!isMapping(root)) return;
    const stack = new NestedStack(DASHBOARDS_STACK_ID, 'CloudWatch dashboards (x-dashboards)', ctx.tags);
    const byLogical = new Map<string, string>();
    for (const [name, spec] of Object.entries(root)) {
      if (!isMapping(spec)) continue;
      const path: KeyPath = ['x-dashboards', name];
      const other = byLogical.get(logicalId(name));
      if (other !== undefined) {
        ctx.bag.error({ code: 'CXO1202', message: `x-dashboards "${other}" and "${name}" both give the logical ID ${logicalId(name)}`, path: formatPath(path), pos: posAt(ctx.doc, path), expected: 'dashboard names that differ in their letters or digits' });
        continue;
      }
      byLogical.set(logicalId(name), name);
      if (spec.Resources !== undefined) warn(ctx, 'CXO2202', `x-dashboards ${name}: Resources makes no widget (1.x ignores it too)`, [...path, 'Resources']);
      const families = dashboardFamilies(ctx, name, spec.Services, path);
      if (families === undefined) continue;
      const widgets: Widget[] = [];
      families.forEach((fs, i) => {
        const svc = `${fs.id}EcsServiceName`;
        stack.input(svc, { Type: 'String', Description: `Name of the ECS service of ${fs.family.name}` }, getAtt(fs.id, 'Outputs.EcsServiceName'));
        widgets.push(...serviceWidgets(fs.family.name, svc, i * (BLOCK + 1)));
      });
      if (families.length > 0) stack.input('EcsCluster', { Type: 'String', Description: 'Name of the ECS cluster' }, ctx.cluster.identifier);
      stack.input('RootStackName', { Type: 'String', Description: 'Name of the root stack' }, ref('AWS::StackName'));
      const settings = isMapping(spec.Settings) ? spec.Settings : {};
      const start = typeof settings.start === 'string' ? settings.start : '-PT12H';
      const body = JSON.stringify({ start: start.split('${').join('${!'), widgets });
      stack.add(logicalId(name), {
        Type: 'AWS::CloudWatch::Dashboard',
        Properties: { DashboardName: sub(`\${RootStackName}--${name}`), DashboardBody: sub(body) as CfnValue },
      });
      stack.template.addOutput(logicalId(name), { Description: `Name of the dashboard ${name}`, Value: ref(logicalId(name)) });
    }
    if (stack.template.resourceIds().length > 0) ctx.stacks.set(stack.id, stack);
  },
};

/** The families of a dashboard's Services, in order, each once; undefined after an error. */
function dashboardFamilies(ctx: RenderContext, name: string, services: unknown, path: KeyPath): FamilyStack[] | undefined {
  if (!isMapping(services)) return [];
  const out: FamilyStack[] = [];
  let failed = false;
  for (const [key, def] of Object.entries(services)) {
    const at = [...path, 'Services', key];
    if (isMapping(def) && (def.Metrics !== undefined || def.UsePredefinedMetrics === false)) {
      warn(ctx, 'CXO2202', `x-dashboards ${name}: Metrics / UsePredefinedMetrics: false are not rendered; the predefined widgets are made`, at);
    }
    const targets = resolveTargets(ctx, key, { path: formatPath(at), pos: posAt(ctx.doc, at) }, { unknown: 'CXO1201', ambiguous: 'CXO2201' }, `x-dashboards "${name}"`);
    if (targets === undefined) { failed = true; continue; }
    for (const { fs } of targets) {
      if (out.includes(fs)) continue;
      if (refusedWithoutService(ctx.bag, ctx.doc, fs, `dashboard ${name} on its service`, at)) { failed = true; continue; }
      out.push(fs);
    }
  }
  return failed ? undefined : out;
}

function warn(ctx: RenderContext, code: string, message: string, path: KeyPath): void {
  ctx.bag.warn({ code, message, path: formatPath(path), pos: posAt(ctx.doc, path), hint: 'remove it, or keep it for 1.x' });
}
