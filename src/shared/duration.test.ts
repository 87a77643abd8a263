import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseDurationSeconds } from './duration.js';
import { UnitError } from './units.js';

describe('parseDurationSeconds', () => {
  const cases: Array<[string | number, number]> = [
    ['1h2m3s', 3723],
    ['1m30s', 90],
    ['10s', 10],
    ['500ms', 0.5],
    ['1.5s', 1.5],
    ['2m', 120],
    ['1us', 0.000001],
    ['1µs', 0.000001],
    ['250ns', 0.00000025],
    ['1h', 3600],
    ['1.5h', 5400],
    ['1m0.5s', 60.5],
    ['1s500ms', 1.5],
    ['0s', 0],
    ['30', 30],
    ['0', 0],
    [' 5s ', 5],
    [30, 30],
    [2.5, 2.5],
    [0, 0],
  ];
  for (const [input, seconds] of cases) {
    test(`${JSON.stringify(input)} → ${seconds}`, () => {
      assert.equal(parseDurationSeconds(input), seconds);
    });
  }

  const bad: Array<string | number> = ['', 's', '10x', '1h 2m', '-5s', '1d', '5S', 'abc', '1..5s', 'ms', -1, Number.NaN, Infinity];
  for (const input of bad) {
    test(`rejects ${JSON.stringify(String(input))}`, () => {
      assert.throws(
        () => parseDurationSeconds(input),
        (e: unknown) => e instanceof UnitError && e.expected.includes('duration'),
      );
    });
  }
});
