/**
 * `x-ssm_parameter::<name>` lookup (kind `resource`, see resource.ts): a parameter by tags
 * (`ssm:parameter`), ARN or name (Identifier), read with ssm:GetParameter (the value is not
 * decrypted, and not recorded). Result `{ParameterName, ParameterArn, Type}`.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsErrorName } from '../errors.js';
import type { LookupContext, ResourceRef } from './context.js';
import type { ResourceResolver } from './resource.js';

const PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/(.+)$/;

/** The parameter name an ARN designates (`parameter/a/b` → `/a/b`; a name without `/` as it is). */
export function parameterNameOf(arn: string): string | undefined {
  const m = PARAMETER_ARN.exec(arn);
  if (!m) return undefined;
  return m[1].includes('/') ? `/${m[1]}` : m[1];
}

async function describe(ctx: LookupContext, ref: ResourceRef): Promise<Record<string, string>> {
  const name = 'identifier' in ref ? ref.identifier : (parameterNameOf(ref.arn) as string);
  const ssm = ctx.client(SSMClient);
  const p = await ctx.call('ssm:GetParameter', async () => {
    try {
      return (await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: false }))).Parameter;
    } catch (e) {
      if (awsErrorName(e) === 'ParameterNotFound') return undefined;
      throw e;
    }
  });
  if (!p?.ARN || !p.Name) throw ctx.error('CXK1101', `no SSM parameter ${name} in ${ctx.session.region}`, { expected: 'an existing parameter', hint: 'check the name and the region' });
  return { ParameterName: p.Name, ParameterArn: p.ARN, ...(p.Type ? { Type: p.Type } : {}) };
}

export const ssmParameterResolver: ResourceResolver = {
  what: 'SSM parameter',
  resourceTypes: ['ssm:parameter'],
  arn: PARAMETER_ARN,
  arnExample: 'arn:aws:ssm:<region>:<account>:parameter/<name without leading slash>',
  describe,
};
