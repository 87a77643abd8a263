/**
 * Made-up recorded results for lookups of the 1.x use-cases (a plausible answer per lookup kind),
 * used to record the lookups their tests render with.
 */
import type { LookupRequest } from '../../src/lookups/requests.js';
import { vpcLookupRecord } from './fixtures.js';

/** A made-up recorded result for each lookup of the project. */
export function fakeResult(req: LookupRequest): unknown {
  switch (req.kind) {
    case 'vpc':
      return vpcLookupRecord().result;
    case 'route53':
      return { HostedZoneId: 'Z0123456789ABCDEFGHIJ', ZoneName: req.request.ZoneName };
    case 'acm':
      return { CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d' };
    case 'cognito':
      return { UserPoolId: 'eu-west-1_AbCdEf123', UserPoolArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123', UserPoolDomain: 'example-pool' };
    case 'wafv2':
      return { Arn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' };
    case 'elbv2': {
      const ports = Object.keys((req.request.Listeners as Record<string, unknown>) ?? {});
      const arn = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shared/50dc6c495c0c9188';
      return {
        LoadBalancerArn: arn,
        DNSName: 'shared-1234567890.eu-west-1.elb.amazonaws.com',
        CanonicalHostedZoneId: 'Z32O12XQLNTSW2',
        SecurityGroups: ['sg-0abc1234def567890'],
        Listeners: Object.fromEntries(ports.map((p) => [p, `${arn.replace(':loadbalancer/', ':listener/')}/f2f7dc8efc522a${p.padStart(2, '0').slice(-2)}`])),
      };
    }
    case 'kms':
      return { Arn: 'arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d', KeyId: '0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d' };
    case 'sns': {
      const name = req.key.split('::')[1];
      return { TopicArn: `arn:aws:sns:eu-west-1:123456789012:${name}`, TopicName: name };
    }
    case 'security-group':
      return { Id: 'sg-0123456789abcdef0' };
    case 'prefix-list':
      return { Id: 'pl-0123456789abcdef0' };
    case 'resource':
      return fakeResourceResult(req.key.split('::')[0], req.key.split('::')[1]);
    default:
      return {};
  }
}


/** A made-up result of a resource-module lookup (extensions/shared/lookup.ts), by module key. */
function fakeResourceResult(module: string, name: string): unknown {
  switch (module) {
    case 'x-elasticache':
      return {
        Type: 'CacheCluster',
        Engine: 'redis',
        ClusterName: 'cache-0abc',
        Arn: 'arn:aws:elasticache:eu-west-1:123456789012:cluster:cache-0abc',
        Port: '6379',
        SecurityGroupId: 'sg-0cace0123456789ab',
        'RedisEndpoint.Address': 'cache-0abc.x1y2z3.0001.euw1.cache.amazonaws.com',
        'RedisEndpoint.Port': '6379',
      };
    case 'x-opensearch':
      return { DomainName: 'search', Arn: 'arn:aws:es:eu-west-1:123456789012:domain/search', DomainEndpoint: 'vpc-search-abcdefghijkl.eu-west-1.es.amazonaws.com', SecurityGroupId: 'sg-0e5e0123456789abc' };
    case 'x-ssm_parameter':
      return { ParameterName: '/made-up/parameter', ParameterArn: 'arn:aws:ssm:eu-west-1:123456789012:parameter/made-up/parameter', Type: 'String' };
    case 'x-sqs':
      return { QueueUrl: `https://sqs.eu-west-1.amazonaws.com/123456789012/${name}`, Arn: `arn:aws:sqs:eu-west-1:123456789012:${name}`, QueueName: name };
    case 'x-dynamodb':
      return { Arn: `arn:aws:dynamodb:eu-west-1:123456789012:table/${name}`, TableName: name };
    case 'x-codeguru_profiler':
      return { Arn: `arn:aws:codeguru-profiler:eu-west-1:123456789012:profilingGroup/${name}`, ProfileName: name };
    case 'x-kinesis':
      return { StreamId: name, Arn: `arn:aws:kinesis:eu-west-1:123456789012:stream/${name}` };
    case 'x-kinesis_firehose':
      return { DeliveryStreamId: name, Arn: `arn:aws:firehose:eu-west-1:123456789012:deliverystream/${name}` };
    case 'x-aps':
      return { Arn: 'arn:aws:aps:eu-west-1:123456789012:workspace/ws-0123abcd-0123-4567-89ab-0123456789ab', WorkspaceId: 'ws-0123abcd-0123-4567-89ab-0123456789ab', PrometheusEndpoint: 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-0123abcd-0123-4567-89ab-0123456789ab/' };
    case 'x-rds':
    case 'x-docdb':
    case 'x-neptune': {
      const port = { 'x-rds': '5432', 'x-docdb': '27017', 'x-neptune': '8182' }[module];
      return {
        Type: 'cluster',
        Identifier: name,
        Arn: `arn:aws:rds:eu-west-1:123456789012:cluster:${name}`,
        ResourceId: 'cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
        Endpoint: `${name}.cluster-c0a1b2c3d4e5.eu-west-1.rds.amazonaws.com`,
        Port: port,
        SecurityGroupId: 'sg-0db0123456789abcd',
        SecretArn: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`,
      };
    }
    case 'x-efs':
      return { FileSystemId: 'fs-0123456789abcdef0', Arn: 'arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0', SecurityGroupId: 'sg-0ef50123456789abc' };
    default:
      return {};
  }
}
