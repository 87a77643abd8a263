/**
 * x-aps: Amazon Managed Service for Prometheus workspaces, new (nested stack `aps`,
 * AWS::APS::Workspace) or looked up, linked to services through the shared module mechanism
 * (../shared/module.ts):
 *  - Access (PERMISSIONS) on the task role, on that workspace only, policy `<family>Toaps`;
 *  - variables from ReturnValues (Arn, WorkspaceId, PrometheusEndpoint, and as 1.x
 *    RemoteWriteUrl = `<PrometheusEndpoint>api/v1/remote_write`, QueryUrl =
 *    `<PrometheusEndpoint>api/v1/query`), else the ARN in `Settings.EnvNames` or `UPPER(<name>)`;
 *  - `x-aps::<name>::<attribute>` in environment values (every attribute, RemoteWriteUrl too).
 *
 * MacroParameters.CreateNewLogGroup (true, or AWS::Logs::LogGroup properties) adds a log group
 * `<id>LoggingGroup` to the stack (true: 7 days) and points the workspace's LoggingConfiguration
 * at it. Lookup: recorded key `x-aps::<name>`, result `{Arn, WorkspaceId, PrometheusEndpoint}`.
 */
import { getAtt, ref, sub, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { PermissionTable } from '../shared/access.js';
import { moduleSite, readLookup } from '../shared/lookup.js';
import { defineModule, type ModuleResource, type ResourceEntry } from '../shared/module.js';
import { moduleStack } from '../shared/stack.js';

export const APS_STACK = 'aps';
const ATTRIBUTES = ['Arn', 'WorkspaceId', 'PrometheusEndpoint', 'RemoteWriteUrl', 'QueryUrl'] as const;
/** The paths 1.x appends to the workspace endpoint (which ends with `/`). */
const URL_PATHS: Readonly<Record<string, string>> = { RemoteWriteUrl: 'api/v1/remote_write', QueryUrl: 'api/v1/query' };

const ARN = ['${Arn}'];
const QUERY = ['aps:GetLabels', 'aps:GetMetricMetadata', 'aps:GetSeries', 'aps:QueryMetrics'];

/** Access names of 1.x → actions on the workspace only. */
export const APS_PERMISSIONS: PermissionTable = {
  names: {
    RW: { Sid: 'WorkspaceRemoteWrite', Action: ['aps:DescribeWorkspace', 'aps:RemoteWrite'], Resource: ARN },
    Query: { Sid: 'WorkspaceQuery', Action: ['aps:DescribeWorkspace', ...QUERY], Resource: ARN },
    ReadActions: { Sid: 'WorkspaceRead', Action: ['aps:DescribeWorkspace', ...QUERY, 'aps:ListTagsForResource'], Resource: ARN },
  },
};

export const xAps = defineModule<ModuleResource>({
  key: 'x-aps',
  kind: 'workspace',
  policy: 'aps',
  attributes: ATTRIBUTES,
  defaultAttribute: 'Arn',
  permissions: APS_PERMISSIONS,
  codes: {
    unknownTarget: 'CXO1101',
    ambiguousTarget: 'CXO2101',
    unknownAttribute: 'CXO1102',
    unknownAccess: 'CXO1103',
    malformedPointer: 'CXO1104',
    unknownPointerTarget: 'CXO1105',
  },
  resources(ctx, entries) {
    const out: ModuleResource[] = [];
    for (const entry of entries) {
      const r = isMapping(entry.def.Lookup) ? lookedUp(ctx, entry) : created(ctx, entry);
      if (r) out.push(r);
    }
    return out;
  },
});

function created(ctx: RenderContext, entry: ResourceEntry): ModuleResource {
  const root = ctx.doc['x-aps'];
  const policy = isMapping(root) ? (root.DeletionPolicy as DeletionPolicy | undefined) : undefined;
  const retain = policy === undefined ? {} : { DeletionPolicy: policy, UpdateReplacePolicy: policy === 'Delete' ? ('Delete' as const) : ('Retain' as const) };
  const stack = moduleStack(ctx, APS_STACK, 'Amazon Managed Service for Prometheus workspaces (x-aps)');
  const id = logicalId(entry.name);
  const props: Record<string, CfnValue> = { ...((isMapping(entry.def.Properties) ? entry.def.Properties : {}) as Record<string, CfnValue>) };
  const macro = isMapping(entry.def.MacroParameters) ? entry.def.MacroParameters : {};
  const newGroup = macro.CreateNewLogGroup;
  if (newGroup === true || isMapping(newGroup)) {
    if (props.LoggingConfiguration !== undefined) {
      const path = [...entry.path, 'Properties', 'LoggingConfiguration'];
      ctx.bag.warn({
        code: 'CXO2102',
        message: `workspace "${entry.name}": LoggingConfiguration is replaced by the log group of MacroParameters.CreateNewLogGroup (as in 1.x)`,
        path: formatPath(path),
        pos: posAt(ctx.doc, path),
        hint: 'remove one of them',
      });
    }
    const groupId = `${id}LoggingGroup`;
    const groupProps = isMapping(newGroup) ? (newGroup as Record<string, CfnValue>) : { RetentionInDays: 7, Tags: [{ Key: 'ApsWorkspace', Value: entry.name }] };
    stack.add(groupId, { Type: 'AWS::Logs::LogGroup', ...retain, Properties: groupProps });
    props.LoggingConfiguration = { LogGroupArn: getAtt(groupId, 'Arn') };
  }
  stack.add(id, { Type: 'AWS::APS::Workspace', ...retain, Properties: props });
  const valueOf = (attr: string): CfnValue => {
    if (attr === 'Arn') return ref(id);
    const path = URL_PATHS[attr];
    return path === undefined ? getAtt(id, attr) : sub(`\${${id}.PrometheusEndpoint}${path}`);
  };
  stack.expose(id, entry.name, ATTRIBUTES, valueOf);
  return { name: entry.name, attributes: ATTRIBUTES, value: (consumer, attr) => stack.attribute(consumer, id, attr, `${attr} of Prometheus workspace ${entry.name}`) };
}

function lookedUp(ctx: RenderContext, entry: ResourceEntry): ModuleResource | undefined {
  const found = readLookup(ctx, moduleSite(entry), { required: ['Arn', 'WorkspaceId', 'PrometheusEndpoint'], code: 'CXO1106' });
  if (!found) return undefined;
  const values: Record<string, string> = { ...found };
  for (const [attr, path] of Object.entries(URL_PATHS)) values[attr] = `${found.PrometheusEndpoint}${found.PrometheusEndpoint.endsWith('/') ? '' : '/'}${path}`;
  return { name: entry.name, attributes: ATTRIBUTES, value: (_consumer, attr) => values[attr] };
}
