/**
 * `x-opensearch::<name>` lookup (kind `resource`, see resource.ts): a domain by tags
 * (`es:domain`), ARN or name (Identifier), read with es:DescribeDomain.
 * Result `{DomainName, Arn, DomainEndpoint, SecurityGroupId?}` (the endpoint of a VPC domain is
 * its VPC endpoint; SecurityGroupId: the domain's first security group, for a VPC domain).
 */
import { DescribeDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { awsErrorName } from '../errors.js';
import { refId, type LookupContext, type ResourceRef } from './context.js';
import type { ResourceResolver } from './resource.js';

async function describe(ctx: LookupContext, ref: ResourceRef): Promise<Record<string, string>> {
  const name = refId(ref);
  const d = await ctx.call('es:DescribeDomain', async () => {
    try {
      return (await ctx.client(OpenSearchClient).send(new DescribeDomainCommand({ DomainName: name }))).DomainStatus;
    } catch (e) {
      if (/NotFound/.test(awsErrorName(e))) return undefined;
      throw e;
    }
  });
  if (!d) throw ctx.error('CXK1101', `no OpenSearch domain ${name} in ${ctx.session.region}`, { expected: 'an existing domain', hint: 'check the domain name and the region' });
  const endpoint = d.Endpoints?.vpc ?? d.Endpoint ?? '';
  const sg = d.VPCOptions?.SecurityGroupIds?.[0];
  return { DomainName: d.DomainName ?? name, Arn: d.ARN ?? '', DomainEndpoint: endpoint, ...(sg ? { SecurityGroupId: sg } : {}) };
}

export const openSearchResolver: ResourceResolver = {
  what: 'OpenSearch domain',
  resourceTypes: ['es:domain'],
  arn: /^arn:aws[a-z-]*:es:[a-z0-9-]+:\d{12}:domain\/[a-z][a-z0-9-]+$/,
  arnExample: 'arn:aws:es:<region>:<account>:domain/<name>',
  describe,
};
