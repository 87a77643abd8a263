import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  AWS_ACCOUNT_ID,
  AWS_PARTITION,
  AWS_REGION,
  AWS_STACK_ID,
  AWS_STACK_NAME,
  AWS_URL_SUFFIX,
  NO_VALUE,
  and,
  cidr,
  condition,
  equals,
  escapeSub,
  findInMap,
  fnIf,
  getAZs,
  getAtt,
  hasSubSyntax,
  hasSubVariable,
  importValue,
  isIntrinsic,
  join,
  literal,
  not,
  or,
  ref,
  select,
  split,
  sub,
  subOrLiteral,
} from './intrinsics.js';
import { CfnInternalError } from './errors.js';

describe('intrinsics', () => {
  test('ref / getAtt', () => {
    assert.deepEqual(ref('Topic'), { Ref: 'Topic' });
    assert.deepEqual(getAtt('iam', 'Outputs.RoleArn'), { 'Fn::GetAtt': ['iam', 'Outputs.RoleArn'] });
  });

  test('sub: short form without vars, list form with vars', () => {
    assert.deepEqual(sub('${AWS::StackName}-x'), { 'Fn::Sub': '${AWS::StackName}-x' });
    assert.deepEqual(sub('x', {}), { 'Fn::Sub': 'x' });
    const vars = { STACK_NAME: AWS_STACK_NAME };
    const s = sub('${STACK_NAME}::a', vars);
    assert.deepEqual(s, { 'Fn::Sub': ['${STACK_NAME}::a', { STACK_NAME: { Ref: 'AWS::StackName' } }] });
    assert.notEqual((s['Fn::Sub'] as [string, object])[1], vars, 'vars are copied');
  });

  test('join / select / split / findInMap', () => {
    assert.deepEqual(join(',', ['a', ref('B')]), { 'Fn::Join': [',', ['a', { Ref: 'B' }]] });
    assert.deepEqual(select(0, getAZs()), { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    assert.deepEqual(split(',', ref('L')), { 'Fn::Split': [',', { Ref: 'L' }] });
    assert.deepEqual(findInMap('Network', 'VpcId', 'Id'), { 'Fn::FindInMap': ['Network', 'VpcId', 'Id'] });
  });

  test('conditions', () => {
    assert.deepEqual(fnIf('UseFargate', NO_VALUE, 'x'), { 'Fn::If': ['UseFargate', { Ref: 'AWS::NoValue' }, 'x'] });
    assert.deepEqual(equals(ref('P'), 'self'), { 'Fn::Equals': [{ Ref: 'P' }, 'self'] });
    assert.deepEqual(not(condition('A')), { 'Fn::Not': [{ Condition: 'A' }] });
    assert.deepEqual(and(condition('A'), condition('B')), { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] });
    assert.deepEqual(or(condition('A'), equals('a', 'b')), {
      'Fn::Or': [{ Condition: 'A' }, { 'Fn::Equals': ['a', 'b'] }],
    });
  });

  test('And / Or need 2 to 10 conditions', () => {
    assert.throws(() => and(condition('A')), CfnInternalError);
    assert.throws(() => or(...Array.from({ length: 11 }, (_, i) => condition(`C${i}`))), CfnInternalError);
    assert.equal(or(...Array.from({ length: 10 }, (_, i) => condition(`C${i}`)))['Fn::Or'].length, 10);
  });

  test('importValue / getAZs / cidr', () => {
    assert.deepEqual(importValue('x::y'), { 'Fn::ImportValue': 'x::y' });
    assert.deepEqual(getAZs(AWS_REGION), { 'Fn::GetAZs': { Ref: 'AWS::Region' } });
    assert.deepEqual(cidr('10.0.0.0/16', 6, 8), { 'Fn::Cidr': ['10.0.0.0/16', 6, 8] });
  });

  test('pseudo parameters are frozen Refs', () => {
    const all = [NO_VALUE, AWS_REGION, AWS_ACCOUNT_ID, AWS_PARTITION, AWS_STACK_NAME, AWS_URL_SUFFIX, AWS_STACK_ID];
    assert.deepEqual(
      all.map((r) => r.Ref),
      ['AWS::NoValue', 'AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::StackName', 'AWS::URLSuffix', 'AWS::StackId'],
    );
    for (const r of all) assert.ok(Object.isFrozen(r));
  });

  test('escapeSub escapes every ${ and nothing else', () => {
    assert.equal(escapeSub('plain $HOME text'), 'plain $HOME text');
    assert.equal(escapeSub('${CONNECT_BUCKET}'), '${!CONNECT_BUCKET}');
    assert.equal(escapeSub('a ${X} b ${Y}${Z}'), 'a ${!X} b ${!Y}${!Z}');
    assert.equal(escapeSub('already ${!X}'), 'already ${!!X}');
    assert.equal(escapeSub('$${X}'), '$${!X}');
    assert.equal(escapeSub(''), '');
    assert.ok(hasSubSyntax('x ${Y}'));
    assert.ok(!hasSubSyntax('x $Y {z}'));
  });

  test('literal keeps ${ as written through an Fn::Sub whose Dollar variable is $', () => {
    assert.equal(literal('plain $HOME {x}'), 'plain $HOME {x}');
    assert.deepEqual(literal('${CONNECT_BUCKET}/a ${!B}'), { 'Fn::Sub': ['${Dollar}{CONNECT_BUCKET}/a ${Dollar}{!B}', { Dollar: '$' }] });
    assert.deepEqual(literal('$${X}'), { 'Fn::Sub': ['$${Dollar}{X}', { Dollar: '$' }] });
  });

  test('subOrLiteral: Fn::Sub only with a variable; escapes alone become a literal', () => {
    assert.deepEqual(subOrLiteral('${AWS::Region} ${!X}'), { 'Fn::Sub': '${AWS::Region} ${!X}' });
    assert.deepEqual(subOrLiteral('a ${!X} b'), literal('a ${X} b'));
    assert.equal(subOrLiteral('no variable'), 'no variable');
    assert.ok(hasSubVariable('x ${Y}'));
    assert.ok(!hasSubVariable('x ${!Y} $Z'));
  });

  test('isIntrinsic', () => {
    assert.ok(isIntrinsic(ref('A')));
    assert.ok(isIntrinsic(sub('x')));
    assert.ok(isIntrinsic({ 'Fn::Base64': 'x' }));
    assert.ok(!isIntrinsic({ Ref: 'A', Other: 1 }));
    assert.ok(!isIntrinsic({ Name: 'x' }));
    assert.ok(!isIntrinsic(['Ref']));
    assert.ok(!isIntrinsic('Ref'));
    assert.ok(!isIntrinsic(null));
  });
});
