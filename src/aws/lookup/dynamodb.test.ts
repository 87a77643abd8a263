import { strict as assert } from 'node:assert';
import { afterEach, describe, it } from 'node:test';
import { mockClient } from 'aws-sdk-client-mock';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { UserError } from '../../diagnostics/diagnostic.js';
import { createSession } from '../session.js';
import { resolveLookups } from '../../lookups/resolve.js';
import type { LookupRequest } from '../../lookups/requests.js';

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
afterEach(() => tagging.reset());
const session = () => createSession({ region: 'eu-west-1', env: {}, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
const req = (request: Record<string, unknown>): LookupRequest => ({ key: 'x-dynamodb::orders', kind: 'resource', request, path: 'x-dynamodb.orders.Lookup' });
const ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders-prod';

describe('x-dynamodb lookups against AWS', () => {
  it('a table by tags: only DynamoDB tables are searched; ARN and table name recorded', async () => {
    tagging.on(GetResourcesCommand).callsFake((input) => {
      assert.deepEqual(input.ResourceTypeFilters, ['dynamodb:table']);
      assert.deepEqual(input.TagFilters, [{ Key: 'team', Values: ['orders'] }]);
      return { ResourceTagMappingList: [{ ResourceARN: ARN, Tags: [{ Key: 'team', Value: 'orders' }] }] };
    });
    const [r] = await resolveLookups([req({ Tags: [{ team: 'orders' }] })], session());
    assert.deepEqual(r.result, { Arn: ARN, TableName: 'orders-prod' });
  });

  it('by ARN; an ARN of something else, or an Identifier, is refused', async () => {
    const [r] = await resolveLookups([req({ Arn: ARN })], session());
    assert.deepEqual(r.result, { Arn: ARN, TableName: 'orders-prod' });
    for (const bad of [{ Arn: 'arn:aws:sqs:eu-west-1:123456789012:orders' }, { Identifier: 'orders-prod' }]) {
      await assert.rejects(resolveLookups([req(bad)], session()), (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXK1103');
    }
  });

  it('no table with the tags: CXK1101', async () => {
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    await assert.rejects(resolveLookups([req({ Tags: [{ team: 'none' }] })], session()), (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXK1101');
  });
});
