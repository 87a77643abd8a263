import { strict as assert } from 'node:assert';
import { afterEach, describe, it } from 'node:test';
import { mockClient } from 'aws-sdk-client-mock';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { UserError } from '../../diagnostics/diagnostic.js';
import { createSession } from '../session.js';
import { resolveLookups } from '../../lookups/resolve.js';
import type { LookupRequest } from '../../lookups/requests.js';

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const ssm = mockClient(SSMClient);
afterEach(() => [tagging, ssm].forEach((m) => m.reset()));
const session = () => createSession({ region: 'eu-west-1', env: {}, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
const req = (request: Record<string, unknown>): LookupRequest => ({ key: 'x-ssm_parameter::p', kind: 'resource', request, path: 'x-ssm_parameter.p.Lookup' });
const ARN = 'arn:aws:ssm:eu-west-1:123456789012:parameter/shared/endpoint';

describe('SSM parameter lookups against AWS', () => {
  it('by tags: ssm:parameter searched, the parameter read without decryption', async () => {
    tagging.on(GetResourcesCommand).callsFake((input) => {
      assert.deepEqual(input.ResourceTypeFilters, ['ssm:parameter']);
      return { ResourceTagMappingList: [{ ResourceARN: ARN, Tags: [{ Key: 'team', Value: 'core' }] }] };
    });
    ssm.on(GetParameterCommand, { Name: '/shared/endpoint', WithDecryption: false }).resolves({ Parameter: { Name: '/shared/endpoint', ARN, Type: 'SecureString', Value: 'cipher' } });
    const [r] = await resolveLookups([req({ Tags: [{ team: 'core' }] })], session());
    assert.deepEqual(r.result, { ParameterName: '/shared/endpoint', ParameterArn: ARN, Type: 'SecureString' });
  });

  it('by Identifier (the name); a missing parameter is CXK1101', async () => {
    ssm.on(GetParameterCommand, { Name: 'plain' }).resolves({ Parameter: { Name: 'plain', ARN: 'arn:aws:ssm:eu-west-1:123456789012:parameter/plain', Type: 'String' } });
    ssm.on(GetParameterCommand, { Name: 'gone' }).rejects(Object.assign(new Error('nope'), { name: 'ParameterNotFound' }));
    const [r] = await resolveLookups([req({ Identifier: 'plain' })], session());
    assert.equal((r.result as Record<string, string>).ParameterName, 'plain');
    await assert.rejects(resolveLookups([req({ Identifier: 'gone' })], session()), (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXK1101');
  });
});
