import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { compositeRule } from './expression.js';

const declared: Record<string, string> = { 'cpu-high': 'cpuhigh', 'mem-high': 'memhigh', 'tasks.max': 'tasksmax' };
const rule = (e: string) => compositeRule(e, (n) => declared[n]);

describe('CompositeExpression', () => {
  test('bare names are ALARM(arn); operators upper-cased; parentheses kept', () => {
    assert.deepEqual(rule('cpu-high and (mem-high Or not tasks.max)'), {
      rule: 'ALARM("${cpuhigh.Arn}") AND (ALARM("${memhigh.Arn}") OR NOT ALARM("${tasksmax.Arn}"))',
      refs: ['cpuhigh', 'memhigh', 'tasksmax'],
    });
  });

  test('explicit states and quoted external alarm names', () => {
    assert.deepEqual(rule('OK(cpu-high) AND INSUFFICIENT_DATA("legacy ${x}")'), {
      rule: 'OK("${cpuhigh.Arn}") AND INSUFFICIENT_DATA("legacy ${!x}")',
      refs: ['cpuhigh'],
    });
  });

  test('errors', () => {
    assert.deepEqual(rule('cpu-high and other'), { error: '"other" is not an alarm declared under x-alarms' });
    assert.deepEqual(rule('cpu-high mem-high'), { error: 'missing and/or before "mem-high"' });
    assert.deepEqual(rule('and cpu-high'), { error: '"and" needs an alarm before it' });
    assert.deepEqual(rule('(cpu-high'), { error: 'unbalanced parentheses' });
    assert.deepEqual(rule('cpu-high or'), { error: 'the expression ends with an operator' });
    assert.deepEqual(rule('  '), { error: 'the expression is empty' });
    assert.deepEqual(rule('cpu-high & mem-high'), { error: 'unexpected text "& mem-high"' });
    assert.deepEqual(rule('ALARM(cpu-high mem-high)'), { error: 'ALARM( must hold one alarm name' });
  });
});
