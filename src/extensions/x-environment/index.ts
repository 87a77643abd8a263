/**
 * The service key x-environment (ECS Compose-X 1.x): `SetAsParameter` names environment variables
 * of the service whose values become parameters of the family's stack. The root stack gives each
 * parameter the value the compose file has, and the container reads it from the parameter, so the
 * value can be changed with a stack update of that parameter without rendering again.
 *
 *   x-environment:
 *     SetAsParameter: [LOG_LEVEL]                       # a String parameter
 *     SetAsParameter: {WORKERS: {Type: Number, MinValue: 1}}   # the parameter's properties
 *
 * CXR1081: a Number parameter whose value is not a number. CXR2081: a name that is not in the
 * service's environment (nothing to set).
 */
import { logicalId } from '../../cfn/logical-id.js';
import type { CfnValue } from '../../cfn/intrinsics.js';
import type { ParameterDefinition } from '../../cfn/template.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { Extension } from '../../synth/context.js';

export const xEnvironment: Extension = {
  name: 'x-environment',
  apply(ctx) {
    for (const fs of ctx.families.values()) {
      for (const { service, value } of fs.family.extensions['x-environment'] ?? []) {
        if (!isMapping(value)) continue;
        const set = value.SetAsParameter;
        const wanted: [string, Record<string, unknown>][] = Array.isArray(set)
          ? set.filter((n): n is string => typeof n === 'string').map((n) => [n, {}])
          : isMapping(set)
            ? Object.entries(set).map(([n, p]) => [n, isMapping(p) ? p : {}])
            : [];
        const container = fs.family.containers.find((c) => c.name === service);
        if (!container) continue;
        const refs = new Map<string, CfnValue>();
        for (const [name, props] of wanted) {
          const path = ['services', service, 'x-environment', 'SetAsParameter', ...(Array.isArray(set) ? [set.indexOf(name)] : [name])];
          const where = { path: formatPath(path), pos: posAt(ctx.doc, path) };
          const v = container.environment[name];
          if (v === undefined) {
            ctx.bag.warn({
              code: 'CXR2081',
              message: `x-environment names ${name}, which is not in the environment of service "${service}"; nothing is set`,
              ...where,
              hint: `add ${name} to services.${service}.environment, or remove it from SetAsParameter`,
            });
            continue;
          }
          const type = props.Type === 'Number' ? 'Number' : 'String';
          if (type === 'Number' && !/^-?\d+(\.\d+)?$/.test(v)) {
            ctx.bag.error({
              code: 'CXR1081',
              message: `environment variable ${name} of service "${service}" is "${v}", not a number, but its parameter is of Type Number`,
              ...where,
              expected: 'a numeric value, or Type: String',
              hint: `give ${name} a number, or leave Type out`,
            });
            continue;
          }
          const def = { ...props, Type: type, Description: typeof props.Description === 'string' ? props.Description : `Value of ${name} in the environment of ${service}` } as ParameterDefinition;
          refs.set(name, fs.input(logicalId(service, 'Env', name), def, v));
        }
        if (refs.size > 0) fs.rewriteEnvironment((c, name) => (c === service ? refs.get(name) : undefined));
      }
    }
  },
};
