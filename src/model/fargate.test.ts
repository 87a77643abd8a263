import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  FARGATE_PAIRS,
  FARGATE_ALLOWED_VALUES,
  fargateSize,
  fargateParameterValue,
  isFargatePair,
  type FargateSize,
} from './fargate.js';
import { UnitError } from './units.js';

function sized(cpu: number, memory: number): FargateSize {
  const r = fargateSize(cpu, memory);
  if ('error' in r) assert.fail(`unexpected too-large for ${cpu}/${memory}`);
  return r;
}

describe('FARGATE_PAIRS', () => {
  test('matches the AWS documented table', () => {
    const byCpu = new Map<number, number[]>();
    for (const p of FARGATE_PAIRS) byCpu.set(p.cpu, [...(byCpu.get(p.cpu) ?? []), p.memory]);
    const range = (a: number, b: number, step: number): number[] => {
      const out: number[] = [];
      for (let m = a; m <= b; m += step) out.push(m);
      return out;
    };
    assert.deepEqual([...byCpu.keys()], [256, 512, 1024, 2048, 4096, 8192, 16384]);
    assert.deepEqual(byCpu.get(256), [512, 1024, 2048]);
    assert.deepEqual(byCpu.get(512), [1024, 2048, 3072, 4096]);
    assert.deepEqual(byCpu.get(1024), range(2048, 8192, 1024));
    assert.deepEqual(byCpu.get(2048), range(4096, 16384, 1024));
    assert.deepEqual(byCpu.get(4096), range(8192, 30720, 1024));
    assert.deepEqual(byCpu.get(8192), range(16384, 61440, 4096));
    assert.deepEqual(byCpu.get(16384), range(32768, 122880, 8192));
    assert.equal(FARGATE_PAIRS.length, 74);
  });

  test('is strictly ascending by cpu then memory', () => {
    for (let i = 1; i < FARGATE_PAIRS.length; i++) {
      const a = FARGATE_PAIRS[i - 1];
      const b = FARGATE_PAIRS[i];
      assert.ok(a.cpu < b.cpu || (a.cpu === b.cpu && a.memory < b.memory), `${i}`);
    }
  });

  test('allowed values are the pairs in parameter form', () => {
    assert.equal(FARGATE_ALLOWED_VALUES.length, FARGATE_PAIRS.length);
    assert.equal(FARGATE_ALLOWED_VALUES[0], '256!512');
    assert.equal(FARGATE_ALLOWED_VALUES.at(-1), '16384!122880');
    assert.ok(FARGATE_ALLOWED_VALUES.includes('2048!4096'));
    assert.ok(FARGATE_ALLOWED_VALUES.includes('4096!30720'));
    assert.ok(!FARGATE_ALLOWED_VALUES.includes('4096!32768'));
    assert.ok(!FARGATE_ALLOWED_VALUES.includes('256!1536'));
  });

  test('fargateParameterValue / isFargatePair', () => {
    assert.equal(fargateParameterValue({ cpu: 2048, memory: 4096 }), '2048!4096');
    assert.ok(isFargatePair(256, 512));
    assert.ok(!isFargatePair(256, 4096));
    assert.ok(!isFargatePair(300, 1024));
  });
});

describe('fargateSize', () => {
  const cases: Array<[number, number, string, boolean]> = [
    [2048, 4096, '2048!4096', false], // kafka lab: connect 2 vCPU + 4G
    [256, 4096, '512!4096', true], // memory pushes CPU up (reference bug §22.7 not copied)
    [256, 512, '256!512', false],
    [0, 0, '256!512', true],
    [0, 2048, '256!2048', true],
    [0, 2049, '512!3072', true],
    [3000, 0, '4096!8192', true],
    [3000, 9000, '4096!9216', true],
    [1024, 1, '1024!2048', true],
    [512, 1536, '512!2048', true],
    [2048, 20000, '4096!20480', true],
    [4096, 30721, '8192!32768', true],
    [4096, 31744, '8192!32768', true],
    [10000, 0, '16384!32768', true],
    [16384, 122880, '16384!122880', false],
    [0, 100000, '16384!106496', true],
    [255.5, 511.5, '256!512', true],
  ];
  for (const [cpu, mem, expected, roundedUp] of cases) {
    test(`${cpu} units / ${mem} MiB → ${expected}${roundedUp ? ' (rounded up)' : ''}`, () => {
      const r = sized(cpu, mem);
      assert.equal(fargateParameterValue(r), expected);
      assert.equal(r.roundedUp, roundedUp);
    });
  }

  test('beyond 16 vCPU or 120 GiB is too large', () => {
    const tooLarge = { error: 'too-large', maxCpu: 16384, maxMemory: 122880 };
    assert.deepEqual(fargateSize(16385, 0), tooLarge);
    assert.deepEqual(fargateSize(0, 122881), tooLarge);
    assert.deepEqual(fargateSize(32768, 262144), tooLarge);
  });

  test('rejects negative or non-finite input', () => {
    assert.throws(() => fargateSize(-1, 0), UnitError);
    assert.throws(() => fargateSize(0, Number.NaN), UnitError);
    assert.throws(() => fargateSize(Infinity, 0), UnitError);
  });

  test('property: result is the smallest valid pair covering both', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16384 }), fc.integer({ min: 0, max: 122880 }), (cpu, mem) => {
        const r = sized(cpu, mem);
        assert.ok(isFargatePair(r.cpu, r.memory));
        assert.ok(r.cpu >= cpu && r.memory >= mem);
        const smaller = FARGATE_PAIRS.filter(
          (p) => p.cpu >= cpu && p.memory >= mem && (p.cpu < r.cpu || (p.cpu === r.cpu && p.memory < r.memory)),
        );
        assert.deepEqual(smaller, []);
        assert.equal(r.roundedUp, r.cpu !== cpu || r.memory !== mem);
      }),
      { numRuns: 2000 },
    );
  });

  test('property: exact pairs are returned unchanged', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FARGATE_PAIRS), (p) => {
        const r = sized(p.cpu, p.memory);
        assert.deepEqual(r, { cpu: p.cpu, memory: p.memory, roundedUp: false });
      }),
    );
  });
});
