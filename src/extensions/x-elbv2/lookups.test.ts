import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { listLookupRequests } from '../../lookups/requests.js';

describe('lookup requests of the load-balancing modules', () => {
  test('keys, kinds and requests as the renders read them', () => {
    const model = {
      'x-route53': { zone: { ZoneName: 'example.com', Lookup: true }, byId: { Name: 'b.example.com', Lookup: { HostedZoneId: 'Z123', RoleArn: '' } }, created: { ZoneName: 'c.example.com' } },
      'x-acm': { cert: { Lookup: { Tags: [{ Name: 'x' }] } }, fresh: { MacroParameters: { DomainNames: ['a.example.com'], HostedZoneId: 'Z1' } } },
      'x-cognito_userpool': { pool: { Lookup: { Arn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x' } } },
      'x-elbv2': {
        shared: { Lookup: { loadbalancer: { Tags: { Name: 'alb' } }, RoleArn: '' }, Services: {} },
        alb: { Settings: { Ingress: { AwsSources: [{ Type: 'PrefixList', Id: 'pl-0123456789abcdef0' }, { Type: 'SecurityGroup', Lookup: { Tags: [{ Name: 'sg' }] } }] } }, Services: {} },
      },
      'x-wafv2_webacl': { byArn: { Lookup: { Arn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/b' } }, byId: { Lookup: { Identifier: 'a|b|REGIONAL' } } },
    };
    assert.deepEqual(
      listLookupRequests(model).map((r) => [r.key, r.kind, r.request, r.path]),
      [
        ['x-route53::zone', 'route53', { ZoneName: 'example.com' }, 'x-route53.zone.Lookup'],
        ['x-route53::byId', 'route53', { ZoneName: 'b.example.com', HostedZoneId: 'Z123' }, 'x-route53.byId.Lookup'],
        ['x-acm::cert', 'acm', { Tags: [{ Name: 'x' }] }, 'x-acm.cert.Lookup'],
        ['x-cognito_userpool::pool', 'cognito', { Arn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_x' }, 'x-cognito_userpool.pool.Lookup'],
        ['x-elbv2::shared', 'elbv2', { loadbalancer: { Tags: { Name: 'alb' } } }, 'x-elbv2.shared.Lookup'],
        ['x-elbv2::alb::AwsSources::1', 'security-group', { Tags: [{ Name: 'sg' }] }, 'x-elbv2.alb.Settings.Ingress.AwsSources[1].Lookup'],
        ['x-wafv2_webacl::byId', 'wafv2', { Identifier: 'a|b|REGIONAL' }, 'x-wafv2_webacl.byId.Lookup'],
      ],
    );
  });
});
