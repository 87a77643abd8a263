/** Unit tests of the compute model: platform priority and compose constraints as ECS expressions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mapping } from '../load/positions.js';
import { ecsConstraint, familyPlatform } from './compute.js';

test('compose placement constraints become ECS cluster query expressions', () => {
  assert.equal(ecsConstraint('node.labels.tier == cache'), 'attribute:tier == cache');
  assert.equal(ecsConstraint('engine.labels.disk!=ssd'), 'attribute:disk != ssd');
  assert.equal(ecsConstraint('node.platform.os == Linux'), 'attribute:ecs.os-type == linux');
  assert.equal(ecsConstraint('node.platform.arch != aarch64'), 'attribute:ecs.cpu-architecture != arm64');
  assert.equal(ecsConstraint('attribute:ecs.instance-type =~ t3.*'), 'attribute:ecs.instance-type =~ t3.*');
  assert.equal(ecsConstraint('ec2InstanceId in [i-0123]'), 'ec2InstanceId in [i-0123]');
  assert.equal(ecsConstraint('node.hostname == one'), undefined);
  assert.equal(ecsConstraint('node.role == manager'), undefined);
});

test('a family runs on the highest platform its services ask for; Auto Scaling group providers mean EC2', () => {
  const svcs: Record<string, Mapping> = {
    a: { deploy: { labels: { 'ecs.compute.platform': 'FARGATE' } } },
    b: { deploy: { labels: { 'ecs.compute.platform': 'ec2' } } },
    c: { deploy: { labels: { 'ecs.compute.platform': 'EXTERNAL' } } },
    d: { 'x-ecs': { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE' }, { CapacityProvider: 'my-asg' }] } },
    e: {},
  };
  const of = (s: string) => svcs[s];
  assert.equal(familyPlatform(['a', 'b'], of, 'FARGATE').platform, 'EC2');
  assert.deepEqual(familyPlatform(['a', 'b', 'c'], of, 'FARGATE').platformSource?.path, ['services', 'c', 'deploy', 'labels', 'ecs.compute.platform']);
  assert.deepEqual(familyPlatform(['d'], of, 'FARGATE'), {
    platform: 'EC2',
    platformSource: { service: 'd', path: ['services', 'd', 'x-ecs', 'CapacityProviderStrategy', 1, 'CapacityProvider'] },
  });
  assert.equal(familyPlatform(['e'], of, 'FARGATE').platform, 'FARGATE');
  assert.equal(familyPlatform(['e'], of, 'EC2').platform, 'EC2');
  assert.equal(familyPlatform(['a'], of, 'EC2').platform, 'FARGATE', 'an explicit FARGATE label wins over the cluster default');
});
