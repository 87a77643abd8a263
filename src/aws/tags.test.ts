import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { mockClient } from 'aws-sdk-client-mock';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { findByTags, formatTags, tagFilters } from './tags.js';

describe('tagFilters', () => {
  it('list of single-key mappings: grouped by key, several values OR\'ed, first-seen order', () => {
    assert.deepEqual(tagFilters([{ env: 'dev' }, { team: 'data' }, { env: 'test' }, { env: 'dev' }]), [
      { Key: 'env', Values: ['dev', 'test'] },
      { Key: 'team', Values: ['data'] },
    ]);
  });
  it('mapping form: one filter per key', () => {
    assert.deepEqual(tagFilters({ Name: 'vpc--nonprod', 'vpc::usage': 'public' }), [
      { Key: 'Name', Values: ['vpc--nonprod'] },
      { Key: 'vpc::usage', Values: ['public'] },
    ]);
  });
  it('formatTags sorts keys', () => {
    assert.equal(formatTags({ b: '2', a: '1' }), 'a=1, b=2');
    assert.equal(formatTags({}), 'no tags');
  });
});

describe('findByTags', () => {
  it('reads every page (2 pages of GetResources)', async () => {
    const m = mockClient(ResourceGroupsTaggingAPIClient);
    m.on(GetResourcesCommand)
      .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: 'arn:aws:s3:::one', Tags: [{ Key: 'k', Value: 'v' }] }], PaginationToken: 'page2' })
      .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: 'arn:aws:s3:::two', Tags: [] }], PaginationToken: '' });
    const got = await findByTags(new ResourceGroupsTaggingAPIClient({ region: 'eu-west-1' }), ['s3'], [{ Key: 'k', Values: ['v'] }]);
    assert.deepEqual(got, [
      { arn: 'arn:aws:s3:::one', tags: { k: 'v' } },
      { arn: 'arn:aws:s3:::two', tags: {} },
    ]);
    const inputs = m.commandCalls(GetResourcesCommand).map((c) => c.args[0].input);
    assert.equal(inputs.length, 2);
    assert.equal(inputs[0].PaginationToken, undefined);
    assert.equal(inputs[1].PaginationToken, 'page2');
    assert.deepEqual(inputs[1].ResourceTypeFilters, ['s3']);
    m.restore();
  });
});
