import { strict as assert } from 'node:assert';
import { afterEach, describe, it } from 'node:test';
import { mockClient } from 'aws-sdk-client-mock';
import { GetHostedZoneCommand, ListHostedZonesByNameCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { UserError } from '../../diagnostics/diagnostic.js';
import { createSession } from '../session.js';
import { resolveLookups } from '../../lookups/resolve.js';
import type { LookupRequest } from '../../lookups/requests.js';

const r53 = mockClient(Route53Client);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
afterEach(() => {
  r53.reset();
  tagging.reset();
});
const session = () => createSession({ region: 'eu-west-1', env: {}, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
const req = (key: string, kind: LookupRequest['kind'], request: Record<string, unknown>): LookupRequest => ({ key, kind, request, path: `${key.split('::')[0]}.x.Lookup` });

describe('load-balancing lookups against AWS', () => {
  it('a public zone by name: the exact name, public, its id without the /hostedzone/ prefix', async () => {
    r53.on(ListHostedZonesByNameCommand).resolves({
      HostedZones: [
        { Id: '/hostedzone/ZPRIVATE1', Name: 'example.com.', CallerReference: 'a', Config: { PrivateZone: true } },
        { Id: '/hostedzone/ZPUBLIC1', Name: 'example.com.', CallerReference: 'b', Config: { PrivateZone: false } },
        { Id: '/hostedzone/ZOTHER1', Name: 'example.org.', CallerReference: 'c', Config: { PrivateZone: false } },
      ],
    });
    const [r] = await resolveLookups([req('x-route53::zone', 'route53', { ZoneName: 'example.com' })], session());
    assert.deepEqual(r.result, { HostedZoneId: 'ZPUBLIC1', ZoneName: 'example.com', IsPrivateZone: false });
  });

  it('a zone id whose name differs from ZoneName is refused', async () => {
    r53.on(GetHostedZoneCommand).resolves({ HostedZone: { Id: '/hostedzone/Z1', Name: 'other.com.', CallerReference: 'x' }, DelegationSet: { NameServers: [] } });
    await assert.rejects(resolveLookups([req('x-route53::zone', 'route53', { ZoneName: 'example.com', HostedZoneId: 'Z1' })], session()), (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXK1103');
  });

  it('a certificate and a user pool by tags; a load balancer is not resolved yet', async () => {
    tagging.on(GetResourcesCommand).callsFake((input) => ({
      ResourceTagMappingList: (input.ResourceTypeFilters ?? []).includes('acm:certificate')
        ? [{ ResourceARN: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc', Tags: [{ Key: 'Name', Value: 'web' }] }]
        : [{ ResourceARN: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Pool', Tags: [{ Key: 'app', Value: 'x' }] }],
    }));
    const out = await resolveLookups(
      [req('x-acm::cert', 'acm', { Tags: [{ Name: 'web' }] }), req('x-cognito_userpool::pool', 'cognito', { Tags: [{ app: 'x' }] })],
      session(),
    );
    assert.deepEqual(out[0].result, { CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' });
    assert.deepEqual(out[1].result, { UserPoolId: 'eu-west-1_Pool', UserPoolArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Pool' });
    assert.equal(out[1].warnings[0].code, 'CXK2102');
    await assert.rejects(resolveLookups([req('x-elbv2::lb', 'elbv2', { loadbalancer: { Tags: { Name: 'x' } } })], session()), (e: unknown) => UserError.is(e) && /by hand/.test(e.diagnostics[0].hint ?? ''));
  });
});
