import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Template } from './template.js';
import { CfnInternalError } from './errors.js';
import { AWS_STACK_NAME, NO_VALUE, equals, fnIf, getAtt, ref, sub } from './intrinsics.js';

function sample(): Template {
  const t = new Template({ description: 'Root template' });
  t.addOutput('TopicArn', { Value: ref('Topic'), Description: 'arn' });
  t.addResource('Topic', { Type: 'AWS::SNS::Topic' });
  t.addCondition('UseStackName', equals(ref('RootStackName'), 'self'));
  t.addMapping('ComposeXDefaults', { ECS: { PlatformVersion: '1.4.0' } });
  t.addParameter('RootStackName', { Type: 'String', Default: 'self' });
  t.setMetadata('Type', 'ComposeX');
  return t;
}

describe('Template', () => {
  test('sections come out in canonical order whatever the add order', () => {
    assert.deepEqual(Object.keys(sample().toJSON()), [
      'AWSTemplateFormatVersion',
      'Description',
      'Metadata',
      'Parameters',
      'Mappings',
      'Conditions',
      'Resources',
      'Outputs',
    ]);
  });

  test('empty optional sections are omitted; Resources always present', () => {
    assert.deepEqual(new Template().toJSON(), { AWSTemplateFormatVersion: '2010-09-09', Resources: {} });
  });

  test('entries keep insertion order; attributes use a fixed order', () => {
    const t = new Template();
    t.addResource('Zeta', { Type: 'AWS::SNS::Topic' });
    t.addResource('Alpha', {
      Properties: { TopicName: 'x' },
      DeletionPolicy: 'Retain',
      DependsOn: ['Zeta'],
      Condition: 'C',
      Metadata: { m: 1 },
      UpdateReplacePolicy: 'Retain',
      Type: 'AWS::SNS::Topic',
    });
    t.addParameter('B', { Default: 'd', Description: 'b', Type: 'String', AllowedValues: ['d', 'e'] });
    t.addParameter('A', { MaxLength: 3, Type: 'String' });
    t.addOutput('O', { Export: { Name: sub('${AWS::StackName}::O') }, Value: 'v', Condition: 'C', Description: 'd' });
    const doc = t.toJSON();
    assert.deepEqual(Object.keys(doc.Resources), ['Zeta', 'Alpha']);
    assert.deepEqual(Object.keys(doc.Resources.Alpha as object), [
      'Type',
      'Condition',
      'DependsOn',
      'DeletionPolicy',
      'UpdateReplacePolicy',
      'Metadata',
      'Properties',
    ]);
    assert.deepEqual(Object.keys(doc.Parameters ?? {}), ['B', 'A']);
    assert.deepEqual(Object.keys(doc.Parameters?.B as object), ['Type', 'Description', 'Default', 'AllowedValues']);
    assert.deepEqual(Object.keys(doc.Outputs?.O as object), ['Description', 'Condition', 'Value', 'Export']);
  });

  test('identical inputs give byte-identical JSON', () => {
    assert.equal(JSON.stringify(sample()), JSON.stringify(sample()));
  });

  test('duplicate logical IDs throw an internal error', () => {
    const t = sample();
    assert.throws(() => t.addResource('Topic', { Type: 'AWS::SQS::Queue' }), CfnInternalError);
    assert.throws(() => t.addParameter('RootStackName', { Type: 'String' }), CfnInternalError);
    assert.throws(() => t.addCondition('UseStackName', true), /duplicate logical ID "UseStackName"/);
    assert.throws(() => t.addMapping('ComposeXDefaults', {}), CfnInternalError);
    assert.throws(() => t.addOutput('TopicArn', { Value: 'x' }), CfnInternalError);
    // Parameters and resources share one namespace (both are Ref targets).
    assert.throws(() => t.addResource('RootStackName', { Type: 'AWS::SNS::Topic' }), /clashes with a parameter/);
    assert.throws(() => t.addParameter('Topic', { Type: 'String' }), /clashes with a resource/);
    // Other sections have their own namespace.
    t.addOutput('Topic', { Value: ref('Topic') });
  });

  test('invalid logical IDs throw', () => {
    const t = new Template();
    assert.throws(() => t.addResource('my-topic', { Type: 'AWS::SNS::Topic' }), CfnInternalError);
    assert.throws(() => t.addParameter('', { Type: 'String' }), CfnInternalError);
    assert.throws(() => t.addOutput('x'.repeat(256), { Value: 'v' }), CfnInternalError);
    assert.throws(() => t.addResource('A', { Type: 'T', DependsOn: 'b-c' }), CfnInternalError);
    assert.throws(() => t.addResource('B', { Type: 'T', Condition: 'has space' }), CfnInternalError);
    assert.throws(() => t.addResource('C', { Type: 'T', DependsOn: ['C'] }), /depends on itself/);
  });

  test('DependsOn: duplicates removed, empty list dropped, string kept', () => {
    const t = new Template();
    t.addResource('A', { Type: 'AWS::SNS::Topic' });
    t.addResource('B', { Type: 'AWS::SNS::Topic', DependsOn: ['A', 'A'] });
    t.addResource('C', { Type: 'AWS::SNS::Topic', DependsOn: [] });
    t.addResource('D', { Type: 'AWS::SNS::Topic', DependsOn: 'A' });
    const r = t.toJSON().Resources;
    assert.deepEqual(r.B, { Type: 'AWS::SNS::Topic', DependsOn: ['A'] });
    assert.deepEqual(r.C, { Type: 'AWS::SNS::Topic' });
    assert.deepEqual(r.D, { Type: 'AWS::SNS::Topic', DependsOn: 'A' });
  });

  test('values are copied; undefined members dropped; non-JSON rejected', () => {
    const t = new Template();
    const props: Record<string, unknown> = { TopicName: 'a', DisplayName: undefined, Tags: [{ Key: 'k', Value: 'v' }] };
    t.addResource('Topic', { Type: 'AWS::SNS::Topic', Properties: props as Record<string, string> });
    props.TopicName = 'changed';
    assert.deepEqual(t.toJSON().Resources.Topic, {
      Type: 'AWS::SNS::Topic',
      Properties: { TopicName: 'a', Tags: [{ Key: 'k', Value: 'v' }] },
    });
    const doc = t.toJSON();
    (doc.Resources.Topic as Record<string, unknown>).Type = 'mutated';
    assert.equal((t.toJSON().Resources.Topic as Record<string, unknown>).Type, 'AWS::SNS::Topic');

    assert.throws(() => t.addResource('N', { Type: 'T', Properties: { X: Number.NaN } }), /cannot be serialised/);
    assert.throws(
      () => t.addResource('U', { Type: 'T', Properties: { X: [undefined] as unknown as string[] } }),
      /undefined list item/,
    );
    assert.throws(
      () => t.addResource('D', { Type: 'T', Properties: { X: new Date() as unknown as string } }),
      /plain objects/,
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => t.addResource('Cy', { Type: 'T', Properties: cyclic as Record<string, string> }), /circular/);
    assert.throws(
      () => t.addResource('K', { Type: 'T', Bogus: 1 } as unknown as { Type: string }),
      /unknown attribute Bogus/,
    );
  });

  test('shared intrinsic objects are fine (no aliasing in the output)', () => {
    const t = new Template();
    t.addResource('A', { Type: 'T', Properties: { X: NO_VALUE, Y: NO_VALUE, Z: fnIf('C', AWS_STACK_NAME, NO_VALUE) } });
    const p = (t.toJSON().Resources.A as { Properties: Record<string, unknown> }).Properties;
    assert.deepEqual(p.X, { Ref: 'AWS::NoValue' });
    assert.notEqual(p.X, p.Y);
  });

  test('accessors', () => {
    const t = sample();
    assert.deepEqual(t.counts(), { parameters: 1, mappings: 1, conditions: 1, resources: 1, outputs: 1 });
    assert.ok(t.hasResource('Topic') && t.hasParameter('RootStackName') && t.hasOutput('TopicArn'));
    assert.ok(t.hasCondition('UseStackName') && t.hasMapping('ComposeXDefaults'));
    assert.ok(!t.hasResource('Nope'));
    assert.deepEqual(t.resourceIds(), ['Topic']);
    assert.deepEqual(t.parameterIds(), ['RootStackName']);
    assert.deepEqual(t.outputIds(), ['TopicArn']);
    assert.deepEqual(t.mappingSizes(), [{ id: 'ComposeXDefaults', attributes: 1 }]);
    assert.deepEqual(t.parameterDefaults(), [{ id: 'RootStackName', value: 'self' }]);
    assert.deepEqual(t.resource('Topic'), { Type: 'AWS::SNS::Topic' });
    assert.equal(t.resource('Nope'), undefined);
    assert.deepEqual(t.addResource('Role', { Type: 'AWS::IAM::Role' }), { Ref: 'Role' });
    assert.deepEqual(t.addCondition('C2', true), { Condition: 'C2' });
    assert.deepEqual(getAtt('Role', 'Arn'), { 'Fn::GetAtt': ['Role', 'Arn'] });
  });
});
