/**
 * x-ssm_parameter: SSM parameters, new (nested stack `ssm`, AWS::SSM::Parameter) or looked up,
 * linked to services through the shared module mechanism (../shared/module.ts): Access
 * (permissions.ts) on the task role, policy `<family>Tossm`; variables from ReturnValues, else
 * the parameter name in `Settings.EnvNames` or `UPPER(<name>)`; `x-ssm_parameter::<name>::<attr>`
 * pointers in environment values.
 *
 * Attributes: ParameterName (Ref), ParameterArn (`arn:...:parameter/<name without its leading
 * slash>`), Type (new parameters only). The value comes from Properties.Value or
 * MacroParameters.FromFile (value.ts). CloudFormation cannot create a SecureString (CXJ1001).
 *
 * Lookup (shared/lookup.ts): recorded key `x-ssm_parameter::<name>`, result
 * `{ParameterName, ParameterArn, Type?}`.
 */
import { escapeSub, getAtt, ref, sub, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import { moduleSite, readLookup } from '../shared/lookup.js';
import type { RenderContext } from '../../synth/context.js';
import { defineModule, type ModuleResource, type ResourceEntry } from '../shared/module.js';
import { moduleStack } from '../shared/stack.js';
import { SSM_PERMISSIONS } from './permissions.js';
import { parameterValue } from './value.js';

export const SSM_STACK = 'ssm';
const ATTRIBUTES = ['ParameterName', 'ParameterArn', 'Type'] as const;
/** Parameter names SSM accepts: letters, digits, `_ . - /`. */
const NAME = /^[a-zA-Z0-9_.\-/]{1,1011}$/;

export const xSsmParameter = defineModule<ModuleResource>({
  key: 'x-ssm_parameter',
  kind: 'parameter',
  policy: 'ssm',
  attributes: ATTRIBUTES,
  defaultAttribute: 'ParameterName',
  permissions: SSM_PERMISSIONS,
  codes: {
    unknownTarget: 'CXJ1101',
    ambiguousTarget: 'CXJ2101',
    unknownAttribute: 'CXJ1102',
    unknownAccess: 'CXJ1103',
    malformedPointer: 'CXJ1104',
    unknownPointerTarget: 'CXJ1105',
  },
  resources(ctx, entries) {
    const out: ModuleResource[] = [];
    const names = new Map<string, string>();
    for (const entry of entries) {
      const r = isMapping(entry.def.Lookup) ? lookedUp(ctx, entry) : created(ctx, entry, names);
      if (r) out.push(r);
    }
    return out;
  },
});

function created(ctx: RenderContext, entry: ResourceEntry, names: Map<string, string>): ModuleResource | undefined {
  const at = (...p: string[]) => ({ path: formatPath([...entry.path, ...p]), pos: posAt(ctx.doc, [...entry.path, ...p]) });
  const props: Record<string, CfnValue> = { ...((isMapping(entry.def.Properties) ? entry.def.Properties : {}) as Record<string, CfnValue>) };
  let ok = true;
  if (props.Type === 'SecureString') {
    ok = false;
    ctx.bag.error({
      code: 'CXJ1001',
      message: `parameter "${entry.name}": CloudFormation cannot create a SecureString parameter`,
      ...at('Properties', 'Type'),
      expected: 'String or StringList',
      hint: 'create the SecureString outside the stack and use Lookup (or a secret with x-secrets), or use Type: String',
    });
  }
  const name = props.Name;
  if (typeof name === 'string') {
    if (!NAME.test(name)) {
      ok = false;
      ctx.bag.error({
        code: 'CXJ1006',
        message: `parameter "${entry.name}": invalid name "${name}"`,
        ...at('Properties', 'Name'),
        expected: 'letters, digits and _ . - / (at most 1011 characters)',
      });
    } else {
      const other = names.get(name.replace(/^\//, ''));
      if (other !== undefined) {
        ok = false;
        ctx.bag.error({
          code: 'CXJ1008',
          message: `parameters "${other}" and "${entry.name}" have the same Name ${name}: CloudFormation cannot create the second one`,
          ...at('Properties', 'Name'),
          expected: 'a Name of its own for each parameter',
        });
      }
      names.set(name.replace(/^\//, ''), entry.name);
    }
  }
  const value = parameterValue(ctx.doc, entry.path, entry.def, ctx.bag);
  if (!ok || value === undefined) return undefined;
  if (props.Type === undefined) props.Type = 'String';
  props.Value = value;

  const root = ctx.doc['x-ssm_parameter'];
  const policy = isMapping(root) ? (root.DeletionPolicy as DeletionPolicy | undefined) : undefined;
  const stack = moduleStack(ctx, SSM_STACK, 'SSM parameters (x-ssm_parameter)');
  const id = logicalId(entry.name);
  stack.add(id, {
    Type: 'AWS::SSM::Parameter',
    DeletionPolicy: policy,
    UpdateReplacePolicy: policy === undefined ? undefined : policy === 'Delete' ? 'Delete' : 'Retain',
    Properties: props,
  });
  // The ARN has the name without its leading slash (`parameter/a/b` for `/a/b`).
  const arn =
    typeof name === 'string'
      ? sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${escapeSub(name.replace(/^\//, ''))}`)
      : sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/\${${id}}`);
  const valueOf = (attr: string): CfnValue => (attr === 'ParameterName' ? ref(id) : attr === 'ParameterArn' ? arn : getAtt(id, attr));
  stack.expose(id, entry.name, ATTRIBUTES, valueOf, ['ParameterName']);
  return { name: entry.name, attributes: ATTRIBUTES, value: (consumer, attr) => stack.attribute(consumer, id, attr, `${attr} of SSM parameter ${entry.name}`) };
}

function lookedUp(ctx: RenderContext, entry: ResourceEntry): ModuleResource | undefined {
  const values = readLookup(ctx, moduleSite(entry), { required: ['ParameterName', 'ParameterArn'], optional: ['Type'], code: 'CXJ1007' });
  if (!values) return undefined;
  const attributes = ATTRIBUTES.filter((a) => values[a] !== undefined);
  return { name: entry.name, attributes, value: (_fs, attr) => values[attr] };
}
