import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Template } from './template.js';
import { CFN_LIMITS, checkLimits } from './limits.js';

function withResources(n: number): Template {
  const t = new Template();
  for (let i = 0; i < n; i++) t.addResource(`R${i}`, { Type: 'AWS::SNS::Topic' });
  return t;
}

describe('checkLimits', () => {
  test('a template within every quota has no diagnostics', () => {
    assert.deepEqual(checkLimits('connect', withResources(CFN_LIMITS.resources), CFN_LIMITS.templateBodyBytes), []);
  });

  test('too many resources: CXT1001 naming the stack and the limit, with a hint', () => {
    const [d, ...rest] = checkLimits('connect', withResources(501), 1000);
    assert.equal(rest.length, 0);
    assert.equal(d.code, 'CXT1001');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /stack "connect" has 501 resources; CloudFormation allows at most 500/);
    assert.ok(d.hint && d.hint.length > 0);
  });

  test('parameters, outputs, mappings', () => {
    const t = new Template();
    for (let i = 0; i < 201; i++) {
      t.addParameter(`P${i}`, { Type: 'String' });
      t.addOutput(`O${i}`, { Value: 'x' });
      t.addMapping(`M${i}`, { a: { b: 'c' } });
    }
    t.addResource('R', { Type: 'AWS::SNS::Topic' });
    assert.deepEqual(
      checkLimits('s', t, 10).map((d) => d.code),
      ['CXT1002', 'CXT1003', 'CXT1004'],
    );
  });

  test('template body size', () => {
    const ds = checkLimits('big', withResources(1), 1_000_001);
    assert.deepEqual(ds.map((d) => d.code), ['CXT1005']);
    assert.match(ds[0].message, /"big" is 1000001 bytes; CloudFormation accepts at most 1000000 bytes/);
  });

  test('mapping attributes, description and parameter default sizes', () => {
    const t = withResources(1);
    const big: Record<string, Record<string, string>> = {};
    for (let i = 0; i < 201; i++) big[`k${i}`] = { v: 'x' };
    t.addMapping('s3', big);
    t.description = 'é'.repeat(513); // 1026 bytes
    t.addParameter('P', { Type: 'String', Default: 'x'.repeat(4097) });
    const ds = checkLimits('s', t, 10);
    assert.deepEqual(ds.map((d) => d.code), ['CXT1006', 'CXT1007', 'CXT1008']);
    assert.match(ds[0].message, /201 attributes in mapping s3/);
    assert.equal(ds[2].path, 's.Parameters.P');
  });
});
