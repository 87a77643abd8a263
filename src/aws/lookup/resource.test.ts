import { strict as assert } from 'node:assert';
import { afterEach, describe, it } from 'node:test';
import { mockClient } from 'aws-sdk-client-mock';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DescribeDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { DescribeFileSystemsCommand, DescribeMountTargetSecurityGroupsCommand, DescribeMountTargetsCommand, EFSClient } from '@aws-sdk/client-efs';
import { UserError } from '../../diagnostics/diagnostic.js';
import { createSession } from '../session.js';
import { resolveLookups } from '../../lookups/resolve.js';
import type { LookupRequest } from '../../lookups/requests.js';

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const cache = mockClient(ElastiCacheClient);
const es = mockClient(OpenSearchClient);
const efs = mockClient(EFSClient);
afterEach(() => [tagging, cache, es, efs].forEach((m) => m.reset()));
const session = () => createSession({ region: 'eu-west-1', env: {}, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
const req = (key: string, request: Record<string, unknown>): LookupRequest => ({ key, kind: 'resource', request, path: `${key.replace('::', '.')}.Lookup` });
const ACCOUNT = 'arn:aws:elasticache:eu-west-1:123456789012';
const notFound = (name: string) => Object.assign(new Error('not found'), { name });

describe('resource lookups against AWS', () => {
  it('a Redis cluster by tags: only ElastiCache ARNs of the module types are searched; endpoint, port and group recorded', async () => {
    tagging.on(GetResourcesCommand).callsFake((input) => {
      assert.deepEqual(input.ResourceTypeFilters, ['elasticache:cluster', 'elasticache:replicationgroup']);
      assert.deepEqual(input.TagFilters, [{ Key: 'Name', Values: ['cache02'] }]);
      return { ResourceTagMappingList: [{ ResourceARN: `${ACCOUNT}:cluster:cache-02`, Tags: [{ Key: 'Name', Value: 'cache02' }] }] };
    });
    cache.on(DescribeCacheClustersCommand, { CacheClusterId: 'cache-02', ShowCacheNodeInfo: true }).resolves({
      CacheClusters: [{ CacheClusterId: 'cache-02', ARN: `${ACCOUNT}:cluster:cache-02`, Engine: 'redis', CacheNodes: [{ Endpoint: { Address: 'cache-02.abc.0001.euw1.cache.amazonaws.com', Port: 6380 } }], SecurityGroups: [{ SecurityGroupId: 'sg-0123' }] }],
    });
    const [r] = await resolveLookups([req('x-elasticache::cache-02', { Tags: [{ Name: 'cache02' }] })], session());
    assert.deepEqual(r.result, {
      Type: 'CacheCluster',
      Engine: 'redis',
      ClusterName: 'cache-02',
      Arn: `${ACCOUNT}:cluster:cache-02`,
      SecurityGroupId: 'sg-0123',
      'RedisEndpoint.Address': 'cache-02.abc.0001.euw1.cache.amazonaws.com',
      'RedisEndpoint.Port': '6380',
      Port: '6380',
    });
  });

  it('an Identifier that is no cluster is tried as a replication group (group from its first member)', async () => {
    cache.on(DescribeCacheClustersCommand, { CacheClusterId: 'rg1' }).rejects(notFound('CacheClusterNotFoundFault'));
    cache.on(DescribeCacheClustersCommand, { CacheClusterId: 'rg1-001' }).resolves({ CacheClusters: [{ CacheClusterId: 'rg1-001', Engine: 'redis', SecurityGroups: [{ SecurityGroupId: 'sg-rg' }] }] });
    cache.on(DescribeReplicationGroupsCommand, { ReplicationGroupId: 'rg1' }).resolves({
      ReplicationGroups: [{ ReplicationGroupId: 'rg1', ARN: `${ACCOUNT}:replicationgroup:rg1`, MemberClusters: ['rg1-001'], NodeGroups: [{ PrimaryEndpoint: { Address: 'p.rg1', Port: 6379 }, ReaderEndpoint: { Address: 'r.rg1', Port: 6379 } }] }],
    });
    const [r] = await resolveLookups([req('x-elasticache::rg', { Identifier: 'rg1' })], session());
    assert.deepEqual(r.result, {
      Type: 'ReplicationGroup',
      Engine: 'redis',
      ClusterName: 'rg1',
      Arn: `${ACCOUNT}:replicationgroup:rg1`,
      SecurityGroupId: 'sg-rg',
      'PrimaryEndPoint.Address': 'p.rg1',
      'PrimaryEndPoint.Port': '6379',
      'ReaderEndPoint.Address': 'r.rg1',
      'ReaderEndPoint.Port': '6379',
      Port: '6379',
    });
  });

  it('a missing cache, an ARN of another service and a Lookup without criteria are errors naming the lookup', async () => {
    cache.on(DescribeCacheClustersCommand).rejects(notFound('CacheClusterNotFoundFault'));
    cache.on(DescribeReplicationGroupsCommand).rejects(notFound('ReplicationGroupNotFoundFault'));
    await assert.rejects(resolveLookups([req('x-elasticache::gone', { Identifier: 'gone' })], session()), (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXK1101' && /x-elasticache::gone/.test(e.diagnostics[0].message));
    await assert.rejects(resolveLookups([req('x-elasticache::c', { Arn: 'arn:aws:sqs:eu-west-1:123456789012:q' })], session()), (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXK1103');
    await assert.rejects(resolveLookups([req('x-opensearch::d', { Name: 'x' })], session()), (e: unknown) => UserError.is(e) && /needs Tags, Arn or Identifier/.test(e.diagnostics[0].message));
  });

  it('an OpenSearch VPC domain by ARN: its VPC endpoint and first security group', async () => {
    es.on(DescribeDomainCommand, { DomainName: 'logs' }).resolves({
      DomainStatus: { DomainId: '1/logs', DomainName: 'logs', ARN: 'arn:aws:es:eu-west-1:123456789012:domain/logs', ClusterConfig: {}, Endpoints: { vpc: 'vpc-logs-abc.eu-west-1.es.amazonaws.com' }, VPCOptions: { SecurityGroupIds: ['sg-es'] } },
    });
    const [r] = await resolveLookups([req('x-opensearch::logs', { Arn: 'arn:aws:es:eu-west-1:123456789012:domain/logs' })], session());
    assert.deepEqual(r.result, { DomainName: 'logs', Arn: 'arn:aws:es:eu-west-1:123456789012:domain/logs', DomainEndpoint: 'vpc-logs-abc.eu-west-1.es.amazonaws.com', SecurityGroupId: 'sg-es' });
  });

  it('an EFS file system by id: the security group of its first mount target; none → warning, no group', async () => {
    efs.on(DescribeFileSystemsCommand, { FileSystemId: 'fs-0abc' }).resolves({ FileSystems: [{ FileSystemId: 'fs-0abc', FileSystemArn: 'arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0abc' } as never] });
    efs.on(DescribeMountTargetsCommand).resolves({ MountTargets: [{ MountTargetId: 'fsmt-1' } as never] });
    efs.on(DescribeMountTargetSecurityGroupsCommand, { MountTargetId: 'fsmt-1' }).resolves({ SecurityGroups: ['sg-efs'] });
    const [r] = await resolveLookups([req('x-efs::shared', { Identifier: 'fs-0abc' })], session());
    assert.deepEqual(r.result, { FileSystemId: 'fs-0abc', Arn: 'arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0abc', SecurityGroupId: 'sg-efs' });
    efs.on(DescribeMountTargetsCommand).resolves({ MountTargets: [] });
    const [bare] = await resolveLookups([req('x-efs::shared', { Identifier: 'fs-0abc' })], session());
    assert.equal((bare.result as Record<string, string>).SecurityGroupId, undefined);
    assert.equal(bare.warnings[0].code, 'CXK2103');
  });
});
