/**
 * x-cognito_userpool: Cognito user pools for ALB `AuthenticateCognitoConfig` actions and for
 * services (`Services.<family or service>.ReturnValues`, `UserPoolId` / `Arn`). Looked up
 * (recorded key `x-cognito_userpool::<name>`, request = the Lookup mapping, result
 * `{UserPoolId, UserPoolArn, UserPoolDomain?}`) or created from `Properties` in the nested
 * stack `cognito` (an addition: 1.x only looks pools up).
 */
import { getAtt, ref } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { isMapping } from '../../load/positions.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import { listOf, type KeyPath, type Reporter } from '../x-network/report.js';
import { moduleStack, recordedResult, resourcesOf, withoutRole, type StackValue } from '../x-elbv2/module-stack.js';
import { linkReturnValues } from '../x-elbv2/return-values.js';

export const COGNITO_STACK = 'cognito';
/** `x-cognito_userpool::<name>` (and 1.x's `x-cognito::<name>`) in AuthenticateCognitoConfig.UserPoolArn. */
export const POOL_POINTER = /^x-cognito(?:_userpool)?::([A-Za-z0-9._-]+)$/;

export interface UserPool {
  name: string;
  id: StackValue;
  arn: StackValue;
  /** Domain of the pool's hosted UI, when known (looked-up pools). */
  domain?: string;
}

export const userPoolsOf = resourcesOf('x-cognito_userpool', (ctx, name, def, r): UserPool | undefined => {
  const path = ['x-cognito_userpool', name, 'Lookup'];
  if (isMapping(def.Lookup)) {
    const res = recordedResult(ctx, `x-cognito_userpool::${name}`, withoutRole(def.Lookup), path, r);
    if (!res) return undefined;
    if (typeof res.UserPoolId !== 'string' || typeof res.UserPoolArn !== 'string') {
      r.error({ code: 'CXE1401', path, message: `the recorded result of lookup x-cognito_userpool::${name} lacks UserPoolId or UserPoolArn`, expected: '{"UserPoolId": "<region>_<id>", "UserPoolArn": "arn:aws:cognito-idp:...", "UserPoolDomain"?: "<domain>"}', hint: 'record the lookup again' });
      return undefined;
    }
    return {
      name,
      id: { literal: res.UserPoolId, param: logicalId('Cognito', name, 'UserPoolId'), description: `Id of user pool ${name}` },
      arn: { literal: res.UserPoolArn, param: logicalId('Cognito', name, 'UserPoolArn'), description: `ARN of user pool ${name}` },
      domain: typeof res.UserPoolDomain === 'string' ? res.UserPoolDomain : undefined,
    };
  }
  const stack = moduleStack(ctx, COGNITO_STACK, 'Cognito user pools');
  const id = logicalId('UserPool', name);
  stack.add(id, { Type: 'AWS::Cognito::UserPool', Properties: (isMapping(def.Properties) ? def.Properties : {}) as never });
  return {
    name,
    id: { stack, output: `${id}Id`, value: ref(id), param: logicalId('Cognito', name, 'UserPoolId'), description: `Id of user pool ${name}` },
    arn: { stack, output: `${id}Arn`, value: getAtt(id, 'Arn'), param: logicalId('Cognito', name, 'UserPoolArn'), description: `ARN of user pool ${name}` },
  };
});

/** The pool a pointer or a name designates, or undefined (reported). */
export function userPoolOf(ctx: RenderContext, text: string, path: KeyPath, r: Reporter): UserPool | undefined {
  const pools = userPoolsOf(ctx);
  const name = POOL_POINTER.exec(text)?.[1] ?? text;
  const pool = pools.get(name);
  if (pool) return pool;
  const x = ctx.doc['x-cognito_userpool'];
  if (isMapping(x) && isMapping(x[name])) return undefined;
  r.error({
    code: 'CXE1402',
    path,
    message: `"${text}" does not name a user pool defined under x-cognito_userpool`,
    expected: `x-cognito_userpool::<pool>, one of: ${listOf([...pools.keys()])}`,
    hint: 'define the pool under x-cognito_userpool (Lookup finds an existing one)',
  });
  return undefined;
}

export const xCognitoUserpool: Extension = {
  name: 'x-cognito_userpool',
  apply(ctx) {
    const pools = userPoolsOf(ctx);
    const x = ctx.doc['x-cognito_userpool'];
    if (!isMapping(x)) return;
    for (const [name, pool] of pools) {
      const def = x[name];
      if (!isMapping(def) || !isMapping(def.Services)) continue;
      linkReturnValues(ctx, ['x-cognito_userpool', name], def.Services, { UserPoolId: pool.id, Arn: pool.arn, UserPoolArn: pool.arn });
    }
  },
};
