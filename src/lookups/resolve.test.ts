import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client, type Subnet } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { DescribeKeyCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, type GetResourcesCommandInput } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetNamespaceCommand, ListNamespacesCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { UserError } from '../diagnostics/diagnostic.js';
import { loadProject } from '../load/project.js';
import { createSession } from '../aws/session.js';
import { listLookupRequests, type LookupRequest } from './requests.js';
import { resolveLookups } from './resolve.js';

const EXAMPLE = join(process.cwd(), 'examples', 'kafka-connect');
const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const VPC = 'vpc-0a1b2c3d4e5f60718';
const OTHER_VPC = 'vpc-0ffffffffffffffff';

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const ec2 = mockClient(EC2Client);
const ecs = mockClient(ECSClient);
const s3 = mockClient(S3Client);
const kms = mockClient(KMSClient);
const sm = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
const sd = mockClient(ServiceDiscoveryClient);

afterEach(() => {
  for (const m of [tagging, ec2, ecs, s3, kms, sm, sns, sqs, sd]) m.reset();
});

const session = () => createSession({ region: REGION, env: {}, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });

interface FakeResource {
  arn: string;
  type: string;
  tags: Record<string, string>;
}

/** A tagging API over `resources`: filters AND'ed, values OR'ed, `pageSize` results a page. */
function fakeTagging(resources: FakeResource[], pageSize = 2): GetResourcesCommandInput[] {
  const calls: GetResourcesCommandInput[] = [];
  tagging.on(GetResourcesCommand).callsFake((input: GetResourcesCommandInput) => {
    calls.push(input);
    const hits = resources.filter(
      (r) => (input.ResourceTypeFilters ?? []).includes(r.type) && (input.TagFilters ?? []).every((f) => f.Key !== undefined && f.Key in r.tags && (f.Values ?? []).includes(r.tags[f.Key])),
    );
    const start = Number(input.PaginationToken ?? 0);
    const page = hits.slice(start, start + pageSize);
    const next = start + pageSize < hits.length ? String(start + pageSize) : '';
    return { ResourceTagMappingList: page.map((r) => ({ ResourceARN: r.arn, Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) })), PaginationToken: next };
  });
  return calls;
}

const vpcArn = (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${id}`;
const subnetArn = (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${id}`;

interface FakeSubnet {
  id: string;
  vpc: string;
  az: 'a' | 'b';
  tags: Record<string, string>;
}

const KAFKA_SUBNETS: FakeSubnet[] = [
  // listed b before a: the result is sorted by zone
  { id: 'subnet-0a22222222222222b', vpc: VPC, az: 'b', tags: { 'vpc::usage': 'application', 'vpc::internal': 'false' } },
  { id: 'subnet-0a11111111111111a', vpc: VPC, az: 'a', tags: { 'vpc::usage': 'application', 'vpc::internal': 'false' } },
  { id: 'subnet-0b11111111111111a', vpc: VPC, az: 'a', tags: { 'vpc::usage': 'public' } },
  { id: 'subnet-0b22222222222222b', vpc: VPC, az: 'b', tags: { 'vpc::usage': 'public' } },
  { id: 'subnet-0c11111111111111a', vpc: VPC, az: 'a', tags: { 'vpc::usage': 'storage' } },
  { id: 'subnet-0c22222222222222b', vpc: VPC, az: 'b', tags: { 'vpc::usage': 'storage' } },
  { id: 'subnet-0d11111111111111a', vpc: VPC, az: 'a', tags: { 'vpc::usage': 'application', 'vpc::internal': 'true', 'vpc::primary': 'false' } },
  { id: 'subnet-0d22222222222222b', vpc: VPC, az: 'b', tags: { 'vpc::usage': 'application', 'vpc::internal': 'true', 'vpc::primary': 'false' } },
  // same tags, another VPC: must be left out
  { id: 'subnet-0e11111111111111a', vpc: OTHER_VPC, az: 'a', tags: { 'vpc::usage': 'public' } },
  // primary internal subnet: excluded by vpc::primary=false
  { id: 'subnet-0f11111111111111a', vpc: VPC, az: 'a', tags: { 'vpc::usage': 'application', 'vpc::internal': 'true', 'vpc::primary': 'true' } },
];

function subnetResources(subnets: FakeSubnet[]): FakeResource[] {
  return subnets.map((s) => ({ arn: subnetArn(s.id), type: 'ec2:subnet', tags: s.tags }));
}

/** ec2:DescribeSubnets over `subnets`, honouring the vpc-id filter, 3 a page. */
function fakeDescribeSubnets(subnets: FakeSubnet[]): void {
  ec2.on(DescribeSubnetsCommand).callsFake((input: { Filters?: { Name?: string; Values?: string[] }[]; NextToken?: string }) => {
    const vpc = input.Filters?.find((f) => f.Name === 'vpc-id')?.Values ?? [];
    const hits: Subnet[] = subnets
      .filter((s) => vpc.includes(s.vpc))
      .map((s) => ({ SubnetId: s.id, VpcId: s.vpc, AvailabilityZone: `${REGION}${s.az}`, AvailabilityZoneId: `euw1-az${s.az === 'a' ? 1 : 2}` }));
    const start = Number(input.NextToken ?? 0);
    return { Subnets: hits.slice(start, start + 3), NextToken: start + 3 < hits.length ? String(start + 3) : undefined };
  });
}

function kafkaRequests(): LookupRequest[] {
  const project = loadProject({ files: ['docker-compose.yml', 'aws.yml', 'vpc.yml'].map((f) => join(EXAMPLE, f)), env: {}, cwd: EXAMPLE });
  return listLookupRequests(project.model);
}

function fakeKafkaAccount(): GetResourcesCommandInput[] {
  const calls = fakeTagging([
    { arn: vpcArn(VPC), type: 'ec2:vpc', tags: { Name: 'vpc--nonprod' } },
    { arn: vpcArn(OTHER_VPC), type: 'ec2:vpc', tags: { Name: 'vpc--prod' } },
    ...subnetResources(KAFKA_SUBNETS),
    { arn: 'arn:aws:s3:::kafka-connect-files-bucket01-1a2b3c4d5e6f', type: 's3', tags: { 'aws:cloudformation:logical-id': 'bucket01', CreatedByComposeX: 'true', live: 'no' } },
    { arn: 'arn:aws:s3:::kafka-connect-files-bucket01-live', type: 's3', tags: { 'aws:cloudformation:logical-id': 'bucket01', CreatedByComposeX: 'true', live: 'yes' } },
  ]);
  fakeDescribeSubnets(KAFKA_SUBNETS);
  ecs.on(DescribeClustersCommand, { clusters: ['test'] }).resolves({
    clusters: [
      {
        clusterName: 'test',
        clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/test`,
        status: 'ACTIVE',
        capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [
          { capacityProvider: 'FARGATE_SPOT', weight: 2, base: 1 },
          { capacityProvider: 'FARGATE', weight: 1, base: 0 },
        ],
      },
    ],
  });
  s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
  return calls;
}

async function rejection(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    if (UserError.is(e)) return e;
    throw e;
  }
  assert.fail('expected a UserError');
}

describe('resolveLookups: the kafka-connect example', () => {
  it('produces exactly the recorded requests and results of examples/kafka-connect/compose-x.lookups.json', async () => {
    const calls = fakeKafkaAccount();
    const expected = JSON.parse(readFileSync(join(EXAMPLE, 'compose-x.lookups.json'), 'utf8')) as { lookups: Record<string, { request: unknown; result: unknown }> };
    const got = await resolveLookups(kafkaRequests(), session());
    assert.deepEqual(got.map((r) => r.key).sort(), Object.keys(expected.lookups).sort());
    for (const r of got) {
      assert.deepEqual(r.request, expected.lookups[r.key].request, `request of ${r.key}`);
      assert.deepEqual(r.result, expected.lookups[r.key].result, `result of ${r.key}`);
      assert.deepEqual(r.warnings, []);
    }
    // the tag filters sent: the list form grouped by key, AND'ed across keys
    const internal = calls.find((c) => c.TagFilters?.some((f) => f.Key === 'vpc::primary'));
    assert.deepEqual(internal?.TagFilters, [
      { Key: 'vpc::usage', Values: ['application'] },
      { Key: 'vpc::internal', Values: ['true'] },
      { Key: 'vpc::primary', Values: ['false'] },
    ]);
    assert.deepEqual(calls.find((c) => c.ResourceTypeFilters?.includes('ec2:vpc'))?.TagFilters, [{ Key: 'Name', Values: ['vpc--nonprod'] }]);
  });

  it('reads every page of tag:GetResources and ec2:DescribeSubnets', async () => {
    const calls = fakeKafkaAccount();
    await resolveLookups(kafkaRequests(), session());
    // 2 results a page: the app subnets (2 matches) take one page; the 3 public ones (one of another VPC) two
    const publicCalls = calls.filter((c) => c.TagFilters?.[0]?.Values?.[0] === 'public');
    assert.deepEqual(
      publicCalls.map((c) => c.PaginationToken),
      [undefined, '2'],
    );
    assert.ok(ec2.commandCalls(DescribeSubnetsCommand).length >= 3, 'DescribeSubnets pages followed');
  });
});

describe('resolveLookups: VPC', () => {
  const vpcRequest = (request: Record<string, unknown>): LookupRequest[] => [{ key: 'x-vpc', kind: 'vpc', request, path: 'x-vpc.Lookup', pos: { file: '/p/vpc.yml', line: 3, column: 3 } }];
  const groups = { AppSubnets: { Tags: [{ 'vpc::usage': 'application' }] }, PublicSubnets: { Tags: { 'vpc::usage': 'public' } }, StorageSubnets: { Tags: [{ 'vpc::usage': 'storage' }] } };

  it('two VPCs matching → an error listing both with their tags, at the Lookup', async () => {
    fakeTagging([
      { arn: vpcArn('vpc-1111'), type: 'ec2:vpc', tags: { Name: 'shared', env: 'dev' } },
      { arn: vpcArn('vpc-2222'), type: 'ec2:vpc', tags: { Name: 'shared', env: 'prod' } },
    ]);
    const e = await rejection(resolveLookups(vpcRequest({ VpcId: { Tags: [{ Name: 'shared' }] }, ...groups }), session()));
    assert.equal(e.diagnostics.length, 1);
    const d = e.diagnostics[0];
    assert.equal(d.code, 'CXK1102');
    assert.match(d.message, /lookup x-vpc: 2 VPCs match tags Name=shared/);
    assert.match(d.expected ?? '', /vpc\/vpc-1111 \(Name=shared, env=dev\)/);
    assert.match(d.expected ?? '', /vpc\/vpc-2222 \(Name=shared, env=prod\)/);
    assert.deepEqual(d.pos, { file: '/p/vpc.yml', line: 3, column: 3 });
    assert.equal(d.path, 'x-vpc.Lookup');
  });

  it('no VPC matching → CXK1101', async () => {
    fakeTagging([]);
    const e = await rejection(resolveLookups(vpcRequest({ VpcId: { Tags: [{ Name: 'nope' }] }, ...groups }), session()));
    assert.equal(e.diagnostics[0].code, 'CXK1101');
    assert.match(e.diagnostics[0].message, /no VPC matches tags Name=nope/);
  });

  it('a group whose tagged subnets are all in another VPC → an error naming them', async () => {
    const subnets: FakeSubnet[] = [
      { id: 'subnet-a', vpc: 'vpc-1111', az: 'a', tags: { 'vpc::usage': 'application' } },
      { id: 'subnet-p', vpc: 'vpc-1111', az: 'a', tags: { 'vpc::usage': 'public' } },
      { id: 'subnet-s', vpc: 'vpc-9999', az: 'a', tags: { 'vpc::usage': 'storage' } },
    ];
    fakeTagging([{ arn: vpcArn('vpc-1111'), type: 'ec2:vpc', tags: { Name: 'one' } }, ...subnetResources(subnets)]);
    fakeDescribeSubnets(subnets);
    const e = await rejection(resolveLookups(vpcRequest({ VpcId: { Tags: [{ Name: 'one' }] }, ...groups }), session()));
    assert.equal(e.diagnostics[0].code, 'CXK1101');
    assert.match(e.diagnostics[0].message, /subnet group StorageSubnets: no subnet of vpc-1111/);
    assert.match(e.diagnostics[0].expected ?? '', /subnet-s/);
  });

  it('explicit subnet Ids outside the VPC → CXK1103; the VPC by Identifier is checked with DescribeVpcs', async () => {
    const subnets: FakeSubnet[] = [
      { id: 'subnet-a', vpc: 'vpc-1111', az: 'b', tags: {} },
      { id: 'subnet-x', vpc: 'vpc-9999', az: 'a', tags: {} },
    ];
    fakeDescribeSubnets(subnets);
    ec2.on(DescribeVpcsCommand, { VpcIds: ['vpc-1111'] }).resolves({ Vpcs: [{ VpcId: 'vpc-1111' }] });
    const ok = await resolveLookups(vpcRequest({ VpcId: { Identifier: 'vpc-1111' }, AppSubnets: { Ids: ['subnet-a'] } }), session());
    assert.deepEqual(ok[0].result, { VpcId: 'vpc-1111', Subnets: { AppSubnets: [{ SubnetId: 'subnet-a', AvailabilityZone: 'eu-west-1b', AvailabilityZoneId: 'euw1-az2' }] } });
    const e = await rejection(resolveLookups(vpcRequest({ VpcId: { Identifier: 'vpc-1111' }, AppSubnets: { Ids: ['subnet-a', 'subnet-x'] } }), session()));
    assert.equal(e.diagnostics[0].code, 'CXK1103');
    assert.match(e.diagnostics[0].message, /subnet-x is not in vpc-1111/);
  });

  it('an unknown VPC id → CXK1101', async () => {
    const err = Object.assign(new Error("The vpc ID 'vpc-dead' does not exist"), { name: 'InvalidVpcID.NotFound' });
    ec2.on(DescribeVpcsCommand).rejects(err);
    const e = await rejection(resolveLookups(vpcRequest({ VpcId: { Arn: vpcArn('vpc-dead') }, AppSubnets: { Ids: ['subnet-a'] } }), session()));
    assert.equal(e.diagnostics[0].code, 'CXK1101');
    assert.match(e.diagnostics[0].message, /VPC vpc-dead does not exist in eu-west-1/);
  });
});

describe('resolveLookups: errors', () => {
  const clusterReq: LookupRequest[] = [{ key: 'x-cluster', kind: 'cluster', request: { ClusterName: 'test' }, path: 'x-cluster.Lookup' }];

  it('expired credentials → one clean CXW1003 UserError, even for several lookups', async () => {
    const expired = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } });
    tagging.on(GetResourcesCommand).rejects(expired);
    ecs.on(DescribeClustersCommand).rejects(expired);
    const reqs: LookupRequest[] = [
      ...clusterReq,
      { key: 'x-s3::a', kind: 's3', request: { Tags: { a: '1' } }, path: 'x-s3.a.Lookup' },
      { key: 'x-s3::b', kind: 's3', request: { Tags: { b: '1' } }, path: 'x-s3.b.Lookup' },
    ];
    const e = await rejection(resolveLookups(reqs, session()));
    assert.equal(e.diagnostics.length, 1);
    assert.equal(e.diagnostics[0].code, 'CXW1003');
    assert.match(e.diagnostics[0].message, /the AWS credentials have expired/);
    assert.match(e.diagnostics[0].hint ?? '', /aws sso login/);
    assert.doesNotMatch(e.message, /\n\s+at /, 'no stack trace');
  });

  it('no credentials at all → CXW1002 before any lookup call', async () => {
    const noCreds = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    };
    const s = createSession({ region: REGION, env: {}, credentials: noCreds });
    const e = await rejection(resolveLookups(clusterReq, s));
    assert.equal(e.diagnostics[0].code, 'CXW1002');
    assert.equal(ecs.commandCalls(DescribeClustersCommand).length, 0);
  });

  it('access denied names the missing permission', async () => {
    ecs.on(DescribeClustersCommand).rejects(Object.assign(new Error('User: x is not authorized to perform: ecs:DescribeClusters'), { name: 'AccessDeniedException' }));
    const e = await rejection(resolveLookups(clusterReq, session()));
    assert.equal(e.diagnostics[0].code, 'CXW1005');
    assert.match(e.diagnostics[0].message, /ecs:DescribeClusters for lookup x-cluster/);
    assert.equal(e.diagnostics[0].path, 'x-cluster.Lookup');
  });

  it('a missing cluster lists the clusters of the region (every page)', async () => {
    ecs.on(DescribeClustersCommand).resolves({ clusters: [], failures: [{ arn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/test', reason: 'MISSING' }] });
    ecs.on(ListClustersCommand).resolvesOnce({ clusterArns: ['arn:aws:ecs:eu-west-1:123456789012:cluster/prod'], nextToken: 't' }).resolvesOnce({ clusterArns: ['arn:aws:ecs:eu-west-1:123456789012:cluster/dev'] });
    const e = await rejection(resolveLookups(clusterReq, session()));
    assert.equal(e.diagnostics[0].code, 'CXK1101');
    assert.equal(e.diagnostics[0].expected, 'one of: dev, prod');
  });
});

describe('resolveLookups: buckets, secrets, topics, namespaces', () => {
  it('KMS key by tags, by bare alias name (alias/ added), missing key → CXK1101', async () => {
    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    tagging.on(GetResourcesCommand, { ResourceTypeFilters: ['kms:key'] }).resolves({ ResourceTagMappingList: [{ ResourceARN: keyArn, Tags: [{ Key: 'usage', Value: 'shared' }] }] });
    kms.on(DescribeKeyCommand, { KeyId: keyArn }).resolves({ KeyMetadata: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', Arn: keyArn } });
    kms.on(DescribeKeyCommand, { KeyId: 'alias/shared' }).resolves({ KeyMetadata: { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', Arn: keyArn } });
    kms.on(ListAliasesCommand).resolves({ Aliases: [{ AliasName: 'alias/shared' }] });
    const got = await resolveLookups(
      [
        { key: 'x-kms::a', kind: 'kms', request: { Tags: [{ usage: 'shared' }] }, path: 'x-kms.a.Lookup' },
        { key: 'x-kms::b', kind: 'kms', request: { Identifier: 'shared' }, path: 'x-kms.b.Lookup' },
      ],
      session(),
    );
    const want = { Arn: keyArn, KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', AliasName: 'alias/shared' };
    assert.deepEqual(got.map((g) => g.result), [want, want]);
    kms.on(DescribeKeyCommand, { KeyId: 'alias/gone' }).rejects(Object.assign(new Error('not found'), { name: 'NotFoundException' }));
    await assert.rejects(
      resolveLookups([{ key: 'x-kms::c', kind: 'kms', request: { Identifier: 'alias/gone' }, path: 'x-kms.c.Lookup' }], session()),
      (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXK1101',
    );
  });

  it('bucket with SSE-KMS by alias → the key ARN (kms:DescribeKey); a bucket without encryption configuration is fine', async () => {
    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    s3.on(GetBucketEncryptionCommand, { Bucket: 'enc' }).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/data' } }] } });
    s3.on(GetBucketEncryptionCommand, { Bucket: 'plain' }).rejects(Object.assign(new Error('The server side encryption configuration was not found'), { name: 'ServerSideEncryptionConfigurationNotFoundError' }));
    kms.on(DescribeKeyCommand, { KeyId: 'alias/data' }).resolves({ KeyMetadata: { KeyId: '1234', Arn: keyArn } });
    const got = await resolveLookups(
      [
        { key: 'x-s3::enc', kind: 's3', request: { Identifier: 'enc' }, path: 'x-s3.enc.Lookup' },
        { key: 'x-s3::plain', kind: 's3', request: { Arn: 'arn:aws:s3:::plain' }, path: 'x-s3.plain.Lookup' },
      ],
      session(),
    );
    assert.deepEqual(got[0].result, { BucketName: 'enc', Arn: 'arn:aws:s3:::enc', KmsKeyArn: keyArn });
    assert.deepEqual(got[1].result, { BucketName: 'plain', Arn: 'arn:aws:s3:::plain' });
  });

  it('secret by tags narrowed by Name, KMS key id → ARN', async () => {
    const arn = (n: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${n}-AbCdEf`;
    fakeTagging([
      { arn: arn('/kafka/creds'), type: 'secretsmanager:secret', tags: { team: 'data' } },
      { arn: arn('/kafka/other'), type: 'secretsmanager:secret', tags: { team: 'data' } },
    ]);
    sm.on(DescribeSecretCommand, { SecretId: arn('/kafka/creds') }).resolves({ ARN: arn('/kafka/creds'), Name: '/kafka/creds', KmsKeyId: 'key-id-1' });
    kms.on(DescribeKeyCommand, { KeyId: 'key-id-1' }).resolves({ KeyMetadata: { KeyId: 'key-id-1', Arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/key-id-1` } });
    const got = await resolveLookups([{ key: 'x-secrets::creds', kind: 'secrets', request: { Tags: [{ team: 'data' }], Name: '/kafka/creds' }, path: 'secrets.creds.x-secrets.Lookup' }], session());
    assert.deepEqual(got[0].result, { Arn: arn('/kafka/creds'), KmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/key-id-1` });
  });

  it('topic by ARN: GetTopicAttributes, name from the ARN', async () => {
    const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:alarms`;
    sns.on(GetTopicAttributesCommand, { TopicArn: topicArn }).resolves({ Attributes: { TopicArn: topicArn } });
    const got = await resolveLookups([{ key: 'x-sns::alarms', kind: 'sns', request: { Arn: topicArn }, path: 'x-sns.alarms.Lookup' }], session());
    assert.deepEqual(got[0].result, { TopicArn: topicArn, TopicName: 'alarms' });
  });

  it('queue by tags: URL from its name and account, ARN and KMS key from its attributes', async () => {
    const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`;
    const url = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/jobs`;
    fakeTagging([{ arn: queueArn, type: 'sqs', tags: { team: 'jobs' } }]);
    sqs.on(GetQueueUrlCommand, { QueueName: 'jobs', QueueOwnerAWSAccountId: ACCOUNT }).resolves({ QueueUrl: url });
    sqs.on(GetQueueAttributesCommand, { QueueUrl: url }).resolves({ Attributes: { QueueArn: queueArn, KmsMasterKeyId: 'alias/jobs' } });
    kms.on(DescribeKeyCommand, { KeyId: 'alias/jobs' }).resolves({ KeyMetadata: { KeyId: 'k1', Arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k1` } });
    const got = await resolveLookups([{ key: 'x-sqs::jobs', kind: 'resource', request: { Tags: [{ team: 'jobs' }] }, path: 'x-sqs.jobs.Lookup' }], session());
    assert.deepEqual(got[0].result, { QueueUrl: url, Arn: queueArn, QueueName: 'jobs', KmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k1` });
  });

  it('queue by name that does not exist: CXK1101', async () => {
    sqs.on(GetQueueUrlCommand).rejects(Object.assign(new Error('nope'), { name: 'QueueDoesNotExist' }));
    await assert.rejects(
      resolveLookups([{ key: 'x-sqs::ghost', kind: 'resource', request: { Identifier: 'ghost' }, path: 'x-sqs.ghost.Lookup' }], session()),
      (e: unknown) => UserError.is(e) && e.diagnostics.some((d) => d.code === 'CXK1101'),
    );
  });

  it('Cloud Map namespace by name (private DNS only); its VPC via the hosted-zone hook, else a warning', async () => {
    sd.on(ListNamespacesCommand).resolvesOnce({ Namespaces: [{ Id: 'ns-other', Name: 'other.internal' }], NextToken: 'n' }).resolvesOnce({ Namespaces: [{ Id: 'ns-kafka', Name: 'kafka.internal' }] });
    sd.on(GetNamespaceCommand, { Id: 'ns-kafka' }).resolves({
      Namespace: { Id: 'ns-kafka', Arn: `arn:aws:servicediscovery:${REGION}:${ACCOUNT}:namespace/ns-kafka`, Name: 'kafka.internal', Type: 'DNS_PRIVATE', Properties: { DnsProperties: { HostedZoneId: 'Z123' } } },
    });
    const req: LookupRequest[] = [{ key: 'x-cloudmap::PrivateNamespace', kind: 'cloudmap', request: { Name: 'kafka.internal' }, path: 'x-cloudmap.PrivateNamespace.Lookup' }];
    const got = await resolveLookups(req, session(), { hostedZoneVpcs: async (zone) => (zone === 'Z123' ? [VPC] : []) });
    assert.deepEqual(got[0].result, {
      NamespaceId: 'ns-kafka',
      NamespaceArn: `arn:aws:servicediscovery:${REGION}:${ACCOUNT}:namespace/ns-kafka`,
      ZoneName: 'kafka.internal',
      HostedZoneId: 'Z123',
      VpcId: VPC,
    });
    assert.deepEqual(sd.commandCalls(ListNamespacesCommand)[0].args[0].input.Filters, [{ Name: 'TYPE', Values: ['DNS_PRIVATE'], Condition: 'EQ' }]);

    sd.on(ListNamespacesCommand).resolves({ Namespaces: [{ Id: 'ns-kafka', Name: 'kafka.internal' }] });
    const noVpc = await resolveLookups(req, session());
    assert.equal((noVpc[0].result as { VpcId?: string }).VpcId, undefined);
    assert.equal(noVpc[0].warnings[0].code, 'CXK2101');
  });

  it('a public DNS namespace given by id is refused', async () => {
    sd.on(GetNamespaceCommand).resolves({ Namespace: { Id: 'ns-pub', Arn: 'arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-pub', Name: 'example.com', Type: 'DNS_PUBLIC' } });
    const e = await rejection(resolveLookups([{ key: 'x-cloudmap::pub', kind: 'cloudmap', request: { Name: 'example.com', NamespaceId: 'ns-pub' }, path: 'x-cloudmap.pub.Lookup' }], session()));
    assert.equal(e.diagnostics[0].code, 'CXK1103');
    assert.match(e.diagnostics[0].message, /DNS_PUBLIC, not a private DNS namespace/);
  });
});
