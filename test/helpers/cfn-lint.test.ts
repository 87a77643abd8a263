import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { assertLintClean, formatFinding, lintTemplate } from './cfn-lint.js';
import { Template } from '../../src/cfn/template.js';
import { AWS_STACK_NAME, NO_VALUE, equals, escapeSub, fnIf, getAtt, ref, sub } from '../../src/cfn/intrinsics.js';

const trustPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

function good(): Template {
  const t = new Template({ description: 'lint sample' });
  t.addParameter('RootStackName', { Type: 'String', Default: 'self' });
  t.addCondition('UseStackName', equals(ref('RootStackName'), 'self'));
  t.addResource('Topic', {
    Type: 'AWS::SNS::Topic',
    Properties: { DisplayName: fnIf('UseStackName', AWS_STACK_NAME, ref('RootStackName')) },
  });
  t.addResource('Role', { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trustPolicy } });
  t.addOutput('TopicArn', { Value: ref('Topic') });
  t.addOutput('RoleArn', { Value: getAtt('Role', 'Arn') });
  return t;
}

function ids(doc: object): string[] {
  return lintTemplate(doc).map((f) => f.ruleId);
}

describe('lintTemplate', () => {
  test('a known-good template is clean', () => {
    const t0 = Date.now();
    assertLintClean(good(), 'good');
    const first = Date.now() - t0;
    const t1 = Date.now();
    assertLintClean(good().toJSON(), 'good again');
    const second = Date.now() - t1;
    assert.ok(second < first, `engine is reused (first ${first} ms, second ${second} ms)`);
  });

  test('Ref to an unknown resource is reported (F1020)', () => {
    const doc = good().toJSON();
    (doc.Resources.Topic as { Properties: Record<string, unknown> }).Properties.TopicName = { Ref: 'Nope' };
    const f = lintTemplate(doc);
    assert.deepEqual(f.map((x) => x.ruleId), ['F1020']);
    assert.equal(f[0].severity, 'FATAL');
    assert.equal(f[0].logicalId, 'Topic');
    assert.equal(f[0].propertyPath, 'Properties.TopicName');
    assert.ok(f[0].line !== undefined && f[0].line > 0);
    assert.throws(() => assertLintClean(doc, 'broken'), (e: unknown) => {
      assert.ok(e instanceof assert.AssertionError);
      assert.match(e.message, /^broken: 1 cfn-lint finding\(s\)\n {2}F1020 FATAL Topic Properties.TopicName \(\d+:\d+\): 'Nope'/);
      return true;
    });
  });

  test('invalid property (F3002), unknown type (F3006), missing required (F3003)', () => {
    const t = new Template();
    t.addResource('Topic', { Type: 'AWS::SNS::Topic', Properties: { Bogus: 1 } });
    t.addResource('Other', { Type: 'AWS::SNS::Topicx' });
    t.addResource('Role', { Type: 'AWS::IAM::Role' });
    assert.deepEqual(ids(t).sort(), ['F3002', 'F3003', 'F3006']);
  });

  test('Fn::Sub with an undefined variable is F1018; escaped ${!X} is clean', () => {
    const bad = new Template();
    bad.addResource('Topic', { Type: 'AWS::SNS::Topic', Properties: { DisplayName: sub('x-${CONNECT_BUCKET}') } });
    assert.deepEqual(ids(bad), ['F1018']);
    const ok = new Template();
    ok.addResource('Topic', {
      Type: 'AWS::SNS::Topic',
      Properties: { DisplayName: sub(escapeSub('x-${CONNECT_BUCKET}') + '-${AWS::Region}') },
    });
    assert.deepEqual(ids(ok), []);
  });

  test('literal ${X} in an ECS environment value is E1029 unless escaped inside Fn::Sub', () => {
    const task = (value: unknown): Template => {
      const t = new Template();
      t.addParameter('Img', { Type: 'String' });
      t.addResource('Task', {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          ContainerDefinitions: [
            { Name: 'web', Image: ref('Img'), Environment: [{ Name: 'ECS_CONFIG_CONTENT', Value: value as string }] },
          ],
        },
      });
      return t;
    };
    assert.deepEqual(ids(task('files:\n  x: ${CONNECT_BUCKET}')), ['E1029']);
    assert.deepEqual(ids(task(sub(escapeSub('files:\n  x: ${CONNECT_BUCKET}')))), []);
  });

  test('common mistakes: DependsOn / Condition / FindInMap targets, unused parameter, redundant Sub', () => {
    const t = new Template();
    t.addParameter('Unused', { Type: 'String' });
    t.addResource('A', { Type: 'AWS::SNS::Topic', DependsOn: 'Missing' });
    t.addResource('B', { Type: 'AWS::SNS::Topic', Condition: 'NoSuchCondition' });
    t.addResource('C', { Type: 'AWS::SNS::Topic', Properties: { DisplayName: sub('no variables') } });
    t.addResource('D', { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { 'Fn::FindInMap': ['Nope', 'a', 'b'] } } });
    t.addResource('E', { Type: 'AWS::SNS::Topic', Properties: { DisplayName: fnIf('NoCond', 'a', NO_VALUE) } });
    assert.deepEqual(ids(t).sort(), ['E1028', 'E3005', 'E8002', 'F1012', 'W1020', 'W2001']);
  });

  test('nested stacks: relative TemplateURL only gives W3002 (ignored by default); child is not read', () => {
    const t = new Template();
    t.addResource('iam', {
      Type: 'AWS::CloudFormation::Stack',
      Properties: { TemplateURL: 'iam.json', Parameters: { RootStackName: AWS_STACK_NAME } },
    });
    t.addOutput('RoleArn', { Value: getAtt('iam', 'Outputs.DoesNotExistAnywhere') });
    assert.deepEqual(ids(t), []);
    assert.deepEqual(lintTemplate(t, { ignore: [] }).map((f) => f.ruleId), ['W3002']);
  });

  test('formatFinding', () => {
    assert.equal(
      formatFinding({ ruleId: 'W2001', severity: 'WARN', message: 'm', logicalId: 'P', line: 4, column: 5 }),
      'W2001 WARN P (4:5): m',
    );
    assert.equal(formatFinding({ ruleId: 'F0001', severity: 'FATAL', message: 'm' }), 'F0001 FATAL: m');
  });
});
