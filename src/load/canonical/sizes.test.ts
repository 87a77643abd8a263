import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatGoDuration } from './sizes.js';
import { canon, shortFormCases, type Case } from './test-support.js';

const cases: Case[] = [
  { name: 'stop_grace_period normalised', input: '{stop_grace_period: 1m}', expected: '{stop_grace_period: 1m0s}' },
  {
    name: 'memory sizes become byte counts as strings',
    input: `{mem_limit: 4G, mem_reservation: 128M, shm_size: 1.5g, memswap_limit: -1,
      deploy: {resources: {limits: {memory: 512mb, cpus: "0.5"}, reservations: {memory: 1024, cpus: 2}}}}`,
    expected: `{mem_limit: "4294967296", mem_reservation: "134217728", shm_size: "1610612736", memswap_limit: "-1",
      deploy: {resources: {limits: {memory: "536870912", cpus: 0.5}, reservations: {memory: "1024", cpus: 2}}}}`,
  },
  { name: 'cpus becomes a number', input: '{cpus: "1.25"}', expected: '{cpus: 1.25}' },
];

shortFormCases('canonicalize: sizes, cpus and durations', cases);

describe('canonicalize: quantity errors', () => {
  test('invalid memory size, duration and cpus → CXM1003, CXM1004, CXM1005', () => {
    const bag = new DiagnosticBag();
    canon('services:\n  web:\n    mem_limit: lots\n    healthcheck:\n      interval: soon\n    cpus: many\n', bag);
    assert.deepEqual(
      bag.errors.map((d) => [d.code, d.path, d.pos?.line]),
      [
        ['CXM1003', 'services.web.mem_limit', 3],
        ['CXM1004', 'services.web.healthcheck.interval', 5],
        ['CXM1005', 'services.web.cpus', 6],
      ],
    );
  });
});

describe('formatGoDuration', () => {
  test('formatGoDuration prints like Go', () => {
    const cases: Array<[number, string]> = [
      [0, '0s'],
      [30e9, '30s'],
      [90e9, '1m30s'],
      [3600e9, '1h0m0s'],
      [3600e9 + 1.5e9, '1h0m1.5s'],
      [500e6, '500ms'],
      [1.5e6, '1.5ms'],
      [2e3, '2µs'],
      [7, '7ns'],
    ];
    for (const [ns, text] of cases) assert.equal(formatGoDuration(ns), text, `${ns}ns`);
  });
});
