/**
 * Tags: every taggable resource carries the project's x-tags and the default tags
 * (`compose-x::project-name`, `compose-x::version`). The table lists the resource types we
 * generate and the shape of their Tags property.
 */
import type { CfnValue } from '../cfn/intrinsics.js';

type TagShape = 'list' | 'map';

const TAGGABLE: Record<string, TagShape> = {
  'AWS::APS::Workspace': 'list',
  'AWS::CloudFormation::Stack': 'list',
  'AWS::CloudWatch::Alarm': 'list',
  'AWS::CloudWatch::CompositeAlarm': 'list',
  'AWS::EC2::EIP': 'list',
  'AWS::EC2::FlowLog': 'list',
  'AWS::EC2::InternetGateway': 'list',
  'AWS::EC2::NatGateway': 'list',
  'AWS::EC2::RouteTable': 'list',
  'AWS::EC2::SecurityGroup': 'list',
  'AWS::EC2::Subnet': 'list',
  'AWS::EC2::VPC': 'list',
  'AWS::EC2::DHCPOptions': 'list',
  'AWS::DynamoDB::Table': 'list',
  'AWS::ECS::Cluster': 'list',
  'AWS::ECS::Service': 'list',
  'AWS::ECS::TaskDefinition': 'list',
  'AWS::IAM::Role': 'list',
  'AWS::Logs::LogGroup': 'list',
  'AWS::OpenSearchService::Domain': 'list',
  'AWS::S3::Bucket': 'list',
  'AWS::SNS::Topic': 'list',
  'AWS::SQS::Queue': 'list',
  'AWS::ServiceDiscovery::PrivateDnsNamespace': 'list',
  'AWS::ServiceDiscovery::Service': 'list',
  'AWS::SSM::Parameter': 'map',
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
  const shape = TAGGABLE[type];
  if (!shape || tags.length === 0) return props ? { ...props } : props;
  const out: { [k: string]: CfnValue | undefined } = { ...(props ?? {}) };
  if (shape === 'map') {
    const existing = (out.Tags ?? {}) as Record<string, CfnValue>;
    const merged: Record<string, CfnValue> = {};
    for (const t of [...tags].sort((a, b) => (a.Key < b.Key ? -1 : 1))) if (!(t.Key in existing)) merged[t.Key] = t.Value;
    out.Tags = { ...existing, ...merged };
    return out;
  }
  const existing = Array.isArray(out.Tags) ? (out.Tags as { Key: string; Value: CfnValue }[]) : [];
  const keys = new Set(existing.map((t) => t.Key));
  const added = [...tags].filter((t) => !keys.has(t.Key)).sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
  out.Tags = [...existing, ...added.map((t) => ({ Key: t.Key, Value: t.Value }))];
  return out;
}
