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
const req = (key: string, request: Record<string, unknown>): LookupRequest => ({ key, kind: 'resource', request, path: `${key.replace('::', '.')}.Lookup` });
const FH = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/PUT-S3-g6B0t';
const KS = 'arn:aws:kinesis:eu-west-1:123456789012:stream/clicks';
const code = (c: string) => (e: unknown) => UserError.is(e) && e.diagnostics[0].code === c;

describe('Kinesis and Firehose lookups against AWS', () => {
  it('a delivery stream by tags: firehose:deliverystream searched, name from the ARN', async () => {
    tagging.on(GetResourcesCommand).callsFake((input) => {
      assert.deepEqual(input.ResourceTypeFilters, ['firehose:deliverystream']);
      return { ResourceTagMappingList: [{ ResourceARN: FH, Tags: [{ Key: 'Name', Value: 'PUT-S3-g6B0t' }] }] };
    });
    const [r] = await resolveLookups([req('x-kinesis_firehose::s', { Tags: [{ Name: 'PUT-S3-g6B0t' }] })], session());
    assert.deepEqual(r.result, { DeliveryStreamId: 'PUT-S3-g6B0t', Arn: FH });
  });

  it('a Kinesis stream by ARN; an ARN of another service, or an Identifier, is refused', async () => {
    const [r] = await resolveLookups([req('x-kinesis::k', { Arn: KS })], session());
    assert.deepEqual(r.result, { StreamId: 'clicks', Arn: KS });
    await assert.rejects(resolveLookups([req('x-kinesis::k', { Arn: FH })], session()), code('CXK1103'));
    await assert.rejects(resolveLookups([req('x-kinesis::k', { Identifier: 'clicks' })], session()), code('CXK1103'));
  });

  it('no stream with these tags: CXK1101', async () => {
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: FH, Tags: [] }] });
    await assert.rejects(resolveLookups([req('x-kinesis::k', { Tags: [{ team: 'x' }] })], session()), code('CXK1101'));
  });
});
