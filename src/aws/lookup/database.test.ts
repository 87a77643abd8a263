import { strict as assert } from 'node:assert';
import { afterEach, describe, it } from 'node:test';
import { mockClient } from 'aws-sdk-client-mock';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { UserError } from '../../diagnostics/diagnostic.js';
import { createSession } from '../session.js';
import { resolveLookups } from '../../lookups/resolve.js';
import type { LookupRequest } from '../../lookups/requests.js';

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const rds = mockClient(RDSClient);
const sm = mockClient(SecretsManagerClient);
afterEach(() => [tagging, rds, sm].forEach((m) => m.reset()));
const session = () => createSession({ region: 'eu-west-1', env: {}, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
const req = (key: string, request: Record<string, unknown>): LookupRequest => ({ key, kind: 'resource', request, path: `${key.replace('::', '.')}.Lookup` });
const RDS = 'arn:aws:rds:eu-west-1:123456789012';
const notFound = (name: string) => Object.assign(new Error('not found'), { name });

const docdbCluster = {
  DBClusterIdentifier: 'docs-1',
  DBClusterArn: `${RDS}:cluster:docs-1`,
  DbClusterResourceId: 'cluster-ABC',
  Engine: 'docdb',
  Endpoint: 'docs-1.cluster-x.eu-west-1.docdb.amazonaws.com',
  ReaderEndpoint: 'docs-1.cluster-ro-x.eu-west-1.docdb.amazonaws.com',
  Port: 27017,
  VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-old', Status: 'removing' }, { VpcSecurityGroupId: 'sg-docs', Status: 'active' }],
};

describe('database lookups against AWS', () => {
  it('a DocumentDB cluster by tags narrowed to its Name, and its secret by tags: endpoints, active group, secret recorded', async () => {
    tagging.on(GetResourcesCommand).callsFake((input) => {
      if (input.ResourceTypeFilters[0] === 'rds:cluster') {
        assert.deepEqual(input.TagFilters, [{ Key: 'app', Values: ['docs'] }]);
        return { ResourceTagMappingList: [{ ResourceARN: `${RDS}:cluster:docs-1` }, { ResourceARN: `${RDS}:cluster:docs-2` }] };
      }
      assert.deepEqual(input.ResourceTypeFilters, ['secretsmanager:secret']);
      return { ResourceTagMappingList: [{ ResourceARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:docs-AbCdEf' }] };
    });
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: `${RDS}:cluster:docs-1` }).resolves({ DBClusters: [docdbCluster] });
    sm.on(DescribeSecretCommand).resolves({ ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:docs-AbCdEf', Name: 'docs' });
    const [r] = await resolveLookups([req('x-docdb::docs', { cluster: { Name: 'docs-1', Tags: [{ app: 'docs' }] }, secret: { Tags: [{ app: 'docs' }] } })], session());
    assert.deepEqual(r.result, {
      Type: 'cluster',
      Engine: 'docdb',
      Identifier: 'docs-1',
      Arn: `${RDS}:cluster:docs-1`,
      ResourceId: 'cluster-ABC',
      Endpoint: 'docs-1.cluster-x.eu-west-1.docdb.amazonaws.com',
      ReadEndpoint: 'docs-1.cluster-ro-x.eu-west-1.docdb.amazonaws.com',
      Port: '27017',
      SecurityGroupId: 'sg-docs',
      IamAuth: 'false',
      SecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:docs-AbCdEf',
    });
  });

  it('an RDS instance by identifier (Lookup.db); a Neptune lookup finding a DocumentDB cluster is refused', async () => {
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'pg-1' }).resolves({
      DBInstances: [{ DBInstanceIdentifier: 'pg-1', DBInstanceArn: `${RDS}:db:pg-1`, DbiResourceId: 'db-XYZ', Engine: 'postgres', Endpoint: { Address: 'pg-1.x.rds.amazonaws.com', Port: 5432 }, VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-pg', Status: 'active' }], IAMDatabaseAuthenticationEnabled: true }],
    });
    const [r] = await resolveLookups([req('x-rds::pg', { db: { Identifier: 'pg-1' } })], session());
    assert.deepEqual(r.result, { Type: 'instance', Engine: 'postgres', Identifier: 'pg-1', Arn: `${RDS}:db:pg-1`, ResourceId: 'db-XYZ', Endpoint: 'pg-1.x.rds.amazonaws.com', Port: '5432', SecurityGroupId: 'sg-pg', IamAuth: 'true' });

    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'docs-1' }).resolves({ DBClusters: [docdbCluster] });
    await assert.rejects(resolveLookups([req('x-neptune::graph', { Identifier: 'docs-1' })], session()), (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXK1103' && /docdb database, not one of x-neptune/.test(e.diagnostics[0].message));
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'nope' }).rejects(notFound('DBClusterNotFoundFault'));
    await assert.rejects(resolveLookups([req('x-neptune::graph', { cluster: { Identifier: 'nope' } })], session()), (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXK1101');
  });
});
