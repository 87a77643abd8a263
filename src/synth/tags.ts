/**
 * Tags: every taggable resource carries the project's x-tags and the default tags
 * (`compose-x::project-name`, `compose-x::version`). The table lists the resource types we
 * generate and the shape of their Tags property.
 */
import type { CfnValue } from '../cfn/intrinsics.js';

/** The tag property's shape; its name is `Tags` unless given (e.g. AWS::EFS::FileSystem's `FileSystemTags`). */
type TagShape = 'list' | 'map' | { property: string; shape: 'list' | 'map' };

const TAGGABLE: Record<string, TagShape> = {
  'AWS::APS::Workspace': 'list',
  'AWS::CertificateManager::Certificate': 'list',
  'AWS::CloudFormation::Stack': 'list',
  'AWS::CloudWatch::Alarm': 'list',
  'AWS::CloudWatch::CompositeAlarm': 'list',
  'AWS::CodeGuruProfiler::ProfilingGroup': 'list',
  'AWS::Cognito::UserPool': { property: 'UserPoolTags', shape: 'map' },
  'AWS::DocDB::DBCluster': 'list',
  'AWS::DocDB::DBClusterParameterGroup': 'list',
  'AWS::DocDB::DBInstance': 'list',
  'AWS::DocDB::DBSubnetGroup': 'list',
  'AWS::DynamoDB::Table': 'list',
  'AWS::EC2::EIP': 'list',
  'AWS::EC2::FlowLog': 'list',
  'AWS::EC2::InternetGateway': 'list',
  'AWS::EC2::NatGateway': 'list',
  'AWS::EC2::RouteTable': 'list',
  'AWS::EC2::SecurityGroup': 'list',
  'AWS::EC2::Subnet': 'list',
  'AWS::EC2::VPC': 'list',
  'AWS::EC2::DHCPOptions': 'list',
  'AWS::ECR::Repository': 'list',
  'AWS::ECS::CapacityProvider': 'list',
  'AWS::ECS::Cluster': 'list',
  'AWS::ECS::Service': 'list',
  'AWS::ECS::TaskDefinition': 'list',
  'AWS::EFS::AccessPoint': { property: 'AccessPointTags', shape: 'list' },
  'AWS::EFS::FileSystem': { property: 'FileSystemTags', shape: 'list' },
  'AWS::ElastiCache::CacheCluster': 'list',
  'AWS::ElastiCache::ParameterGroup': 'list',
  'AWS::ElastiCache::ReplicationGroup': 'list',
  'AWS::ElastiCache::SubnetGroup': 'list',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'list',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'list',
  'AWS::IAM::Role': 'list',
  'AWS::Kinesis::Stream': 'list',
  'AWS::KinesisFirehose::DeliveryStream': 'list',
  'AWS::KMS::Key': 'list',
  'AWS::Logs::LogGroup': 'list',
  'AWS::Neptune::DBCluster': 'list',
  'AWS::Neptune::DBClusterParameterGroup': 'list',
  'AWS::Neptune::DBInstance': 'list',
  'AWS::Neptune::DBSubnetGroup': 'list',
  'AWS::OpenSearchService::Domain': 'list',
  'AWS::RDS::DBCluster': 'list',
  'AWS::RDS::DBClusterParameterGroup': 'list',
  'AWS::RDS::DBInstance': 'list',
  'AWS::RDS::DBParameterGroup': 'list',
  'AWS::RDS::DBSubnetGroup': 'list',
  'AWS::S3::Bucket': 'list',
  'AWS::SecretsManager::Secret': 'list',
  'AWS::SNS::Topic': 'list',
  'AWS::SQS::Queue': 'list',
  'AWS::ServiceDiscovery::PrivateDnsNamespace': 'list',
  'AWS::ServiceDiscovery::Service': 'list',
  'AWS::SSM::Parameter': 'map',
  'AWS::WAFv2::WebACL': 'list',
};

export type TagSet = ReadonlyArray<{ Key: string; Value: string }>;

export function isTaggable(type: string): boolean {
  return type in TAGGABLE;
}

/**
 * Returns the properties with the tags added. Tags already set on the resource win over
 * project tags with the same key; order: resource tags, then project tags sorted by key.
 */
export function withTags(
  type: string,
  props: { readonly [k: string]: CfnValue | undefined } | undefined,
  tags: TagSet,
): { [k: string]: CfnValue | undefined } | undefined {
  const taggable = TAGGABLE[type];
  if (!taggable || tags.length === 0) return props ? { ...props } : props;
  const { property, shape } = typeof taggable === 'string' ? { property: 'Tags', shape: taggable } : taggable;
  const out: { [k: string]: CfnValue | undefined } = { ...(props ?? {}) };
  if (shape === 'map') {
    const existing = (out[property] ?? {}) as Record<string, CfnValue>;
    const merged: Record<string, CfnValue> = {};
    for (const t of [...tags].sort((a, b) => (a.Key < b.Key ? -1 : 1))) if (!(t.Key in existing)) merged[t.Key] = t.Value;
    out[property] = { ...existing, ...merged };
    return out;
  }
  const existing = Array.isArray(out[property]) ? (out[property] as { Key: string; Value: CfnValue }[]) : [];
  const keys = new Set(existing.map((t) => t.Key));
  const added = [...tags].filter((t) => !keys.has(t.Key)).sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
  out[property] = [...existing, ...added.map((t) => ({ Key: t.Key, Value: t.Value }))];
  return out;
}
