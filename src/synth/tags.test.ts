import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isTaggable, withTags } from './tags.js';

const TAGS = [
  { Key: 'team', Value: 'orders' },
  { Key: 'compose-x::project-name', Value: 'shop' },
];

describe('withTags', () => {
  it('adds the project tags after the resource own ones, sorted by key; a resource tag wins over a project tag of the same key', () => {
    const out = withTags('AWS::RDS::DBCluster', { Engine: 'aurora-postgresql', Tags: [{ Key: 'team', Value: 'db' }] }, TAGS);
    assert.deepEqual(out, {
      Engine: 'aurora-postgresql',
      Tags: [
        { Key: 'team', Value: 'db' },
        { Key: 'compose-x::project-name', Value: 'shop' },
      ],
    });
  });
  it('writes the tag property a type names its own way (EFS FileSystemTags / AccessPointTags, Cognito UserPoolTags as a map)', () => {
    assert.deepEqual(withTags('AWS::EFS::FileSystem', { Encrypted: true }, TAGS)?.FileSystemTags, [
      { Key: 'compose-x::project-name', Value: 'shop' },
      { Key: 'team', Value: 'orders' },
    ]);
    assert.equal(withTags('AWS::EFS::FileSystem', {}, TAGS)?.Tags, undefined);
    assert.ok(Array.isArray(withTags('AWS::EFS::AccessPoint', {}, TAGS)?.AccessPointTags));
    assert.deepEqual(withTags('AWS::Cognito::UserPool', { UserPoolTags: { team: 'auth' } }, TAGS)?.UserPoolTags, { team: 'auth', 'compose-x::project-name': 'shop' });
    assert.deepEqual(withTags('AWS::SSM::Parameter', {}, TAGS)?.Tags, { 'compose-x::project-name': 'shop', team: 'orders' });
  });
  it('leaves types without tags alone, and the data modules’ resources are taggable', () => {
    assert.deepEqual(withTags('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp' }, TAGS), { IpProtocol: 'tcp' });
    for (const t of ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::Kinesis::Stream', 'AWS::SecretsManager::Secret', 'AWS::ElastiCache::CacheCluster', 'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster', 'AWS::ElasticLoadBalancingV2::LoadBalancer']) {
      assert.ok(isTaggable(t), t);
    }
  });
});
