/**
 * x-codeguru_profiler: CodeGuru Profiler profiling groups, new (nested stack
 * `codeguruprofiler`) or looked up, linked to services through the shared module mechanism
 * (../shared/module.ts):
 *  - `Access: RW` → codeguru-profiler:ConfigureAgent and PostAgentProfile on the group, policy
 *    `<family>Tocodeguruprofiler` (the agent's permissions);
 *  - variables: `ReturnValues {ProfileName|Arn: <VAR>}`, else the two the profiler agents read,
 *    `AWS_CODEGURU_PROFILER_GROUP_NAME` (group name) and `AWS_CODEGURU_PROFILER_GROUP_ARN`;
 *  - `x-codeguru_profiler::<group>::<ProfileName|Arn>` in environment values.
 *
 * A new group without `ProfilingGroupName` is named `<name>-<stack id>`, as in 1.x (the first
 * part of the nested stack's id); `MacroParameters.AppendStackId` appends it to a given name.
 * Lookup: recorded key `x-codeguru_profiler::<name>`, result `{Arn, ProfileName}`.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { escapeSub, getAtt, ref, sub } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import { isMapping } from '../../load/positions.js';
import type { PermissionTable } from '../shared/access.js';
import { readLookup, moduleSite } from '../shared/lookup.js';
import { defineModule, type EnvVar, type ModuleResource } from '../shared/module.js';
import { moduleStack } from '../shared/stack.js';

const ATTRIBUTES = ['ProfileName', 'Arn'] as const;

const PERMISSIONS: PermissionTable = {
  names: { RW: { Action: ['codeguru-profiler:ConfigureAgent', 'codeguru-profiler:PostAgentProfile'], Resource: ['${Arn}'] } },
};

/** The first group of the stack's UUID (`arn:...:stack/<name>/<uuid>`). */
const STACK_ID = { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', ref('AWS::StackId')] }] }] }] } as CfnValue;

export const xCodeguruProfiler = defineModule({
  key: 'x-codeguru_profiler',
  kind: 'profiling group',
  policy: 'codeguruprofiler',
  attributes: ATTRIBUTES,
  defaultAttribute: 'ProfileName',
  permissions: PERMISSIONS,
  env(_r, _entry, fromReturnValues): EnvVar[] {
    if (fromReturnValues.length > 0) return fromReturnValues;
    return [
      ['AWS_CODEGURU_PROFILER_GROUP_NAME', 'ProfileName'],
      ['AWS_CODEGURU_PROFILER_GROUP_ARN', 'Arn'],
    ];
  },
  resources(ctx, entries) {
    const root = ctx.doc['x-codeguru_profiler'];
    const deletionPolicy = isMapping(root) ? (root.DeletionPolicy as DeletionPolicy | undefined) : undefined;
    const out: ModuleResource[] = [];
    for (const entry of entries) {
      const { name, def } = entry;
      if (def.Lookup !== undefined) {
        const found = readLookup(ctx, moduleSite(entry), { required: ['Arn', 'ProfileName'], code: 'CXF1101' });
        if (found) out.push({ name, attributes: ATTRIBUTES, value: (_c, attr) => found[attr] });
        continue;
      }
      const stack = moduleStack(ctx, 'codeguruprofiler', 'CodeGuru Profiler profiling groups (x-codeguru_profiler)');
      const id = logicalId(name);
      const props: Record<string, CfnValue | undefined> = { ...((isMapping(def.Properties) ? def.Properties : {}) as Record<string, CfnValue>) };
      const given = typeof props.ProfilingGroupName === 'string' ? props.ProfilingGroupName : undefined;
      const append = isMapping(def.MacroParameters) && def.MacroParameters.AppendStackId === true;
      if (given === undefined || append) props.ProfilingGroupName = sub(`${escapeSub(given ?? id)}-\${StackId}`, { StackId: STACK_ID });
      stack.add(id, { Type: 'AWS::CodeGuruProfiler::ProfilingGroup', DeletionPolicy: deletionPolicy, UpdateReplacePolicy: deletionPolicy === undefined ? undefined : deletionPolicy === 'Delete' ? 'Delete' : 'Retain', Properties: props });
      stack.expose(id, name, ATTRIBUTES, (attr) => (attr === 'ProfileName' ? ref(id) : getAtt(id, 'Arn')));
      out.push({ name, attributes: ATTRIBUTES, value: (consumer, attr) => stack.attribute(consumer, id, attr, `${attr} of profiling group ${name}`) });
    }
    return out;
  },
});
