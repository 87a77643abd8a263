import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { listLookupRequests, normalizeRequest } from './requests.js';

describe('normalizeRequest', () => {
  it('drops an empty or absent RoleArn only', () => {
    assert.deepEqual(normalizeRequest({ Tags: [{ a: 'b' }], RoleArn: '' }), { Tags: [{ a: 'b' }] });
    assert.deepEqual(normalizeRequest({ Arn: 'x', RoleArn: undefined }), { Arn: 'x' });
    assert.deepEqual(normalizeRequest({ Arn: 'x', RoleArn: 'arn:aws:iam::123456789012:role/r' }), { Arn: 'x', RoleArn: 'arn:aws:iam::123456789012:role/r' });
  });
  it('does not change its argument', () => {
    const l = { Arn: 'x', RoleArn: '' };
    normalizeRequest(l);
    assert.equal(l.RoleArn, '');
  });
});

describe('listLookupRequests', () => {
  it('lists every lookup with key, kind, request, role and path', () => {
    const role = 'arn:aws:iam::123456789012:role/ro';
    const reqs = listLookupRequests({
      'x-vpc': { Lookup: { VpcId: { Tags: [{ Name: 'v' }] }, AppSubnets: { Tags: [{ u: 'a' }] }, RoleArn: '' } },
      'x-cluster': { Lookup: 'prod' },
      'x-s3': { b: { Lookup: { Tags: { t: '1' }, RoleArn: role } }, newbucket: { Properties: {} } },
      'x-sns': { t: { Lookup: { Arn: 'arn:aws:sns:eu-west-1:123456789012:t' } } },
      'x-sqs': { q: { Lookup: { Identifier: 'q', RoleArn: '' } }, newq: {} },
      secrets: { creds: { 'x-secrets': { Name: '/app/creds', Lookup: { Tags: [{ a: 'b' }] } } }, plain: { file: './x' } },
      'x-cloudmap': { ns: { ZoneName: 'kafka.internal', Lookup: true }, created: { Name: 'new.internal' } },
      services: {
        web: {
          'x-network': {
            AdditionalSecurityGroups: { extra: { Lookup: { Tags: { sg: 'x' } } }, given: { SecurityGroupId: 'sg-1' } },
            Ingress: { AwsSources: [{ Type: 'SecurityGroup', Id: 'sg-2' }, { Type: 'PrefixList', Lookup: { Tags: { pl: 'y' } } }] },
          },
        },
      },
    });
    assert.deepEqual(
      reqs.map((r) => [r.key, r.kind, r.request, r.roleArn, r.path]),
      [
        ['x-vpc', 'vpc', { VpcId: { Tags: [{ Name: 'v' }] }, AppSubnets: { Tags: [{ u: 'a' }] } }, undefined, 'x-vpc.Lookup'],
        ['x-cluster', 'cluster', { ClusterName: 'prod' }, undefined, 'x-cluster.Lookup'],
        ['x-s3::b', 's3', { Tags: { t: '1' }, RoleArn: role }, role, 'x-s3.b.Lookup'],
        ['x-sns::t', 'sns', { Arn: 'arn:aws:sns:eu-west-1:123456789012:t' }, undefined, 'x-sns.t.Lookup'],
        ['x-secrets::creds', 'secrets', { Tags: [{ a: 'b' }], Name: '/app/creds' }, undefined, 'secrets.creds.x-secrets.Lookup'],
        ['x-cloudmap::ns', 'cloudmap', { Name: 'kafka.internal' }, undefined, 'x-cloudmap.ns.Lookup'],
        ['x-network::web::AdditionalSecurityGroups::extra', 'security-group', { Tags: { sg: 'x' } }, undefined, 'services.web.x-network.AdditionalSecurityGroups.extra.Lookup'],
        ['x-network::web::AwsSources::1', 'prefix-list', { Tags: { pl: 'y' } }, undefined, 'services.web.x-network.Ingress.AwsSources[1].Lookup'],
        ['x-sqs::q', 'resource', { Identifier: 'q' }, undefined, 'x-sqs.q.Lookup'],
      ],
    );
  });

  it('nothing to look up → no request', () => {
    assert.deepEqual(listLookupRequests({ services: { web: { image: 'nginx' } }, 'x-vpc': { Properties: {} } }), []);
  });
});
