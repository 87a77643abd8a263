import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { UnitError, parseMemoryBytes, bytesToMiB, parseCpus, cpusToUnits } from './units.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('parseMemoryBytes', () => {
  const cases: Array<[string | number, number]> = [
    [0, 0],
    [1536, 1536],
    ['1536', 1536],
    ['10b', 10],
    ['10B', 10],
    ['1k', 1024],
    ['2KB', 2048],
    ['512m', 512 * MiB],
    ['128M', 128 * MiB],
    ['64mb', 64 * MiB],
    ['4G', 4 * GiB],
    ['1.5g', 1.5 * GiB],
    ['2gb', 2 * GiB],
    ['1t', 1024 * GiB],
    ['1TB', 1024 * GiB],
    ['.5g', 512 * MiB],
    ['  256m  ', 256 * MiB],
    ['256 m', 256 * MiB],
    ['0.1k', 103],
    [2.5, 3],
  ];
  for (const [input, bytes] of cases) {
    test(`${JSON.stringify(input)} → ${bytes}`, () => {
      assert.equal(parseMemoryBytes(input), bytes);
    });
  }

  const bad: Array<string | number> = ['', 'abc', '12x', '1gib', '-1m', '1..5g', 'g', '1 g b', -5, Number.NaN, Infinity, '1e3m'];
  for (const input of bad) {
    test(`rejects ${JSON.stringify(String(input))}`, () => {
      assert.throws(
        () => parseMemoryBytes(input),
        (e: unknown) => e instanceof UnitError && e.expected.includes('byte size') && Object.is(e.input, input),
      );
    });
  }

  test('rejects non-string/non-number values coming from untyped YAML', () => {
    const untyped: unknown = true;
    assert.throws(() => parseMemoryBytes(untyped as string), UnitError);
  });

  test('UnitError is an Error with a readable message', () => {
    try {
      parseMemoryBytes('12x');
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof Error);
      assert.equal((e as Error).name, 'UnitError');
      assert.match((e as Error).message, /"12x"/);
    }
  });
});

describe('bytesToMiB', () => {
  test('rounds up to whole MiB', () => {
    assert.equal(bytesToMiB(0), 0);
    assert.equal(bytesToMiB(1), 1);
    assert.equal(bytesToMiB(MiB), 1);
    assert.equal(bytesToMiB(MiB + 1), 2);
    assert.equal(bytesToMiB(parseMemoryBytes('4G')), 4096);
    assert.equal(bytesToMiB(parseMemoryBytes('1.5g')), 1536);
  });
  test('rejects negative / non-finite', () => {
    assert.throws(() => bytesToMiB(-1), UnitError);
    assert.throws(() => bytesToMiB(Number.NaN), UnitError);
  });
});

describe('parseCpus / cpusToUnits', () => {
  const cases: Array<[string | number, number, number]> = [
    ['0.5', 0.5, 512],
    [2, 2, 2048],
    ['2.0', 2, 2048],
    [0.25, 0.25, 256],
    ['.1', 0.1, 103],
    [0, 0, 0],
    [' 1 ', 1, 1024],
    [16, 16, 16384],
  ];
  for (const [input, vcpus, units] of cases) {
    test(`${JSON.stringify(input)} → ${vcpus} vCPU → ${units} units`, () => {
      assert.equal(parseCpus(input), vcpus);
      assert.equal(cpusToUnits(parseCpus(input)), units);
    });
  }
  for (const input of ['', 'two', '-1', '1e2', '0x10', '1,5', -0.5, Number.NaN, Infinity]) {
    test(`parseCpus rejects ${JSON.stringify(String(input))}`, () => {
      assert.throws(() => parseCpus(input), (e: unknown) => e instanceof UnitError && /vCPU/.test(e.expected));
    });
  }
  test('cpusToUnits rounds up and rejects negatives', () => {
    assert.equal(cpusToUnits(0.0001), 1);
    assert.equal(cpusToUnits(1.5), 1536);
    assert.throws(() => cpusToUnits(-1), UnitError);
  });
});
