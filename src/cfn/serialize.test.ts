import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'yaml';
import { Template } from './template.js';
import { readsAsNonString, toJson, toYaml } from './serialize.js';
import { AWS_REGION, NO_VALUE, escapeSub, fnIf, ref, sub } from './intrinsics.js';

function sample(): Template {
  const t = new Template({ description: 'Root template generated via ECS ComposeX' });
  t.addParameter('RootStackName', { Type: 'String', Default: 'self', AllowedValues: ['self', '0012', 'true'] });
  t.addMapping('ComposeXDefaults', { ECS: { PlatformVersion: '1.4.0' } });
  t.addCondition('UseStackName', { 'Fn::Equals': [ref('RootStackName'), 'self'] });
  t.addResource('Topic', {
    Type: 'AWS::SNS::Topic',
    Properties: {
      DisplayName: fnIf('UseStackName', sub(escapeSub('a ${X}\nb: c') + ' ${AWS::Region}'), NO_VALUE),
      Tags: [
        { Key: 'version', Value: '1.4.0' },
        { Key: 'flag', Value: 'true' },
        { Key: 'n', Value: 'no' },
        { Key: 'count', Value: 3 },
      ],
    },
  });
  t.addOutput('TopicArn', { Value: ref('Topic') });
  return t;
}

describe('toJson', () => {
  test('2-space indent, trailing newline, same bytes for same input', () => {
    const s = toJson(sample());
    assert.ok(s.endsWith('}\n'));
    assert.ok(s.startsWith('{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Description"'));
    assert.equal(s, toJson(sample()));
    assert.deepEqual(JSON.parse(s), sample().toJSON());
  });

  test('accepts a document as well as a Template', () => {
    assert.equal(toJson(sample().toJSON()), toJson(sample()));
  });
});

describe('toYaml', () => {
  test('long-form intrinsics, no tags, no anchors', () => {
    const t = new Template();
    t.addResource('A', { Type: 'T', Properties: { X: NO_VALUE, Y: NO_VALUE, R: AWS_REGION, S: sub('${AWS::Region}') } });
    const y = toYaml(t);
    assert.match(y, /Fn::Sub: \$\{AWS::Region\}/);
    assert.match(y, /X:\n {8}Ref: AWS::NoValue\n/);
    assert.doesNotMatch(y, /!Sub|!Ref|!If|[&*][a-z0-9]+\b/);
  });

  test('deterministic and round-trips to the same document', () => {
    const y = toYaml(sample());
    assert.equal(y, toYaml(sample()));
    assert.deepEqual(parse(y), sample().toJSON());
    assert.deepEqual(parse(y, { version: '1.1' }), sample().toJSON());
  });

  test('number/bool-looking strings are quoted and stay strings', () => {
    const t = new Template();
    const values = ['0012', 'true', '1.4.0', 'yes', 'No', 'on', '~', 'null', '1e3', '0x1F', '0o17', '1:20', '2024-01-01', '.inf', '12'];
    t.addMapping('M', { K: Object.fromEntries(values.map((v, i) => [`k${i}`, v])) });
    t.addMapping('Ports', { '80': { '443': 'x' } });
    const y = toYaml(t);
    assert.match(y, /k0: "0012"/);
    assert.match(y, /k1: "true"/);
    assert.match(y, /k2: 1\.4\.0/, '1.4.0 is unambiguous: left plain');
    assert.match(y, /"80":/);
    for (const version of ['1.1', '1.2'] as const) assert.deepEqual(parse(y, { version }), t.toJSON());
    assert.equal(typeof (parse(y).Mappings.M.K.k0 as unknown), 'string');
  });

  test('numbers and booleans stay typed', () => {
    const t = new Template();
    t.addResource('Q', { Type: 'AWS::SQS::Queue', Properties: { DelaySeconds: 5, FifoQueue: true } });
    const y = toYaml(t);
    assert.match(y, /DelaySeconds: 5\n/);
    assert.match(y, /FifoQueue: true\n/);
  });

  test('a `<<` key is quoted: it is a key, not a YAML 1.1 merge', () => {
    const t = new Template();
    t.addResource('Q', { Type: 'AWS::SQS::Queue', Properties: { Tags: [{ '<<': '' }] } } as never);
    const y = toYaml(t);
    assert.match(y, /"<<": ""/);
  });

  test('readsAsNonString', () => {
    for (const s of ['0012', 'true', 'False', 'y', 'off', '-1', '+1', '1_000', '3.14', '.NaN', 'NULL', 'e0', '+E5', '.']) {
      assert.ok(readsAsNonString(s), s);
    }
    for (const s of ['1.4.0', 'AWS::SNS::Topic', 'hello', 'truely', 'x1', '', 'a b', 'v1.2']) {
      assert.ok(!readsAsNonString(s), s);
    }
  });

  test('any JSON round-trips through YAML (property)', () => {
    const key = fc.string({ minLength: 1, maxLength: 8 });
    const leaf = fc.oneof(
      fc.string(),
      fc.constantFrom('0012', 'true', 'yes', '~', '1:2', '0o7', '', 'e0', '.', '2024-01-01'),
      fc.integer(),
      fc.boolean(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    );
    const value = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 3 })),
    })).v;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 4 }), (props) => {
        const t = new Template();
        t.addResource('R', { Type: 'T', Properties: props as Record<string, string> });
        const y = toYaml(t);
        assert.deepEqual(parse(y), t.toJSON());
        assert.deepEqual(parse(y, { version: '1.1' }), t.toJSON());
      }),
      { numRuns: 500 },
    );
  });
});
