/**
 * Lookups of the load-balancing modules.
 *
 * - `x-route53::<name>`: route53:GetHostedZone (HostedZoneId given) or
 *   route53:ListHostedZonesByName (exact name, public unless IsPrivateZone) →
 *   `{HostedZoneId, ZoneName, IsPrivateZone}`.
 * - `x-acm::<name>`: by tags (tag:GetResources `acm:certificate`, exactly one) or Arn →
 *   `{CertificateArn}`.
 * - `x-cognito_userpool::<name>`: by tags (`cognito-idp:userpool`) or Arn →
 *   `{UserPoolId, UserPoolArn}`; the hosted UI domain is not looked up (record UserPoolDomain
 *   by hand, or give it in AuthenticateCognitoConfig).
 * - `x-wafv2_webacl::<name>`: by tags (`wafv2:regional/webacl`) → `{Arn}`.
 * - `x-elbv2::<name>`: not resolved against AWS yet (needs the ELBv2 API): the error gives the
 *   result to record by hand.
 */
import { GetHostedZoneCommand, ListHostedZonesByNameCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { findByTags, tagFilters } from '../tags.js';
import { describeFilters, type LookupContext } from './context.js';

const bare = (id: string) => id.replace(/^\/hostedzone\//, '');

export async function resolveZone(ctx: LookupContext): Promise<{ HostedZoneId: string; ZoneName: string; IsPrivateZone: boolean }> {
  const req = ctx.req.request;
  const r53 = ctx.client(Route53Client);
  const wanted = String(req.ZoneName).replace(/\.$/, '').toLowerCase();
  if (typeof req.HostedZoneId === 'string') {
    const id = req.HostedZoneId;
    const out = await ctx.call('route53:GetHostedZone', () => r53.send(new GetHostedZoneCommand({ Id: id })));
    const name = (out.HostedZone?.Name ?? '').replace(/\.$/, '');
    if (name.toLowerCase() !== wanted) throw ctx.error('CXK1103', `hosted zone ${id} is ${name}, not ${wanted}`, { hint: 'fix ZoneName or HostedZoneId' });
    return { HostedZoneId: id, ZoneName: name, IsPrivateZone: out.HostedZone?.Config?.PrivateZone === true };
  }
  const isPrivate = req.IsPrivateZone === true;
  const out = await ctx.call('route53:ListHostedZonesByName', () => r53.send(new ListHostedZonesByNameCommand({ DNSName: wanted, MaxItems: 100 })));
  const found = (out.HostedZones ?? []).filter((z) => (z.Name ?? '').replace(/\.$/, '').toLowerCase() === wanted && (z.Config?.PrivateZone === true) === isPrivate);
  const one = ctx.one(
    `${isPrivate ? 'private' : 'public'} hosted zone`,
    found.map((z) => ({ arn: bare(z.Id ?? ''), tags: {} })),
    `name ${wanted}`,
  );
  return { HostedZoneId: one.arn, ZoneName: wanted, IsPrivateZone: isPrivate };
}

async function byTagsOrArn(ctx: LookupContext, resourceType: string, what: string): Promise<string> {
  const req = ctx.req.request;
  if (typeof req.Arn === 'string') return req.Arn;
  if (req.Tags === undefined) throw ctx.error('CXK1103', 'the Lookup needs Tags or Arn', { hint: `give the ${what} ARN, or tags that find exactly one` });
  const filters = tagFilters(req.Tags);
  const found = await ctx.call('tag:GetResources', () => findByTags(ctx.client(ResourceGroupsTaggingAPIClient), [resourceType], filters));
  return ctx.one(what, found, describeFilters(filters)).arn;
}

export async function resolveCertificate(ctx: LookupContext): Promise<{ CertificateArn: string }> {
  return { CertificateArn: await byTagsOrArn(ctx, 'acm:certificate', 'certificate') };
}

export async function resolveUserPool(ctx: LookupContext): Promise<{ UserPoolId: string; UserPoolArn: string }> {
  const arn = await byTagsOrArn(ctx, 'cognito-idp:userpool', 'user pool');
  ctx.warn('CXK2102', 'the user pool domain is not looked up', 'add "UserPoolDomain" to the recorded result, or set UserPoolDomain in AuthenticateCognitoConfig');
  return { UserPoolId: arn.split('/').pop() as string, UserPoolArn: arn };
}

export async function resolveWebAcl(ctx: LookupContext): Promise<{ Arn: string }> {
  return { Arn: await byTagsOrArn(ctx, 'wafv2:regional/webacl', 'web ACL') };
}

export function resolveLoadBalancer(ctx: LookupContext): Promise<never> {
  return Promise.reject(
    ctx.error('CXK1103', 'load balancers are not looked up against AWS yet', {
      expected: 'a recorded result {"LoadBalancerArn", "DNSName", "CanonicalHostedZoneId", "SecurityGroups": [...], "Listeners": {"<port>": "<listener ARN>"}}',
      hint: 'add the entry to the lookup file by hand (aws elbv2 describe-load-balancers / describe-listeners give the values)',
    }),
  );
}
