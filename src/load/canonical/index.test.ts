import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { posAt } from '../positions.js';
import { canonicalize } from './index.js';
import { canon, doc, HOME, PROJECT, shortFormCases, type Case } from './test-support.js';

const cases: Case[] = [
  {
    name: 'x- extensions are left as written',
    input: '{x-thing: {ports: ["abc"], environment: [A=1], command: a b}}',
    expected: '{x-thing: {ports: ["abc"], environment: [A=1], command: a b}}',
  },
];

shortFormCases('canonicalize: extensions', cases);

describe('canonicalize: output details', () => {
  test('canonical output is a fixed point', () => {
    const input = `
services:
  s:
    ports: ["8080:80", 81, {target: 82, published: 8082}]
    volumes: ["data:/d:ro", "./x:/x", "/anon"]
    environment: [A=1, B]
    labels: [l=1]
    command: echo hi
    healthcheck: {test: curl x, interval: 90s}
    depends_on: [db]
    secrets: [s1]
    build: .
    env_file: a.env
    mem_limit: 1g
    extra_hosts: ["h:1.2.3.4"]
    ulimits: {nofile: {soft: 1, hard: 2}}
  db: {image: postgres, networks: [back]}
`;
    const once = canon(input);
    const bag = new DiagnosticBag();
    const twice = canonicalize(once, { projectDir: PROJECT, bag, home: HOME });
    assert.deepEqual(bag.items, []);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(twice)), JSON.parse(JSON.stringify(once)));
  });

  test('does not modify its input', () => {
    const d = doc('services: {s: {ports: ["80"], environment: [A=1], command: a b}}');
    const before = JSON.stringify(d);
    canonicalize(d, { projectDir: PROJECT, bag: new DiagnosticBag() });
    assert.equal(JSON.stringify(d), before);
  });

  test('values built from short forms keep the position of the short form', () => {
    const out = canon('services:\n  s:\n    ports:\n      - "8080:80"\n    environment:\n      - A=1\n');
    assert.deepEqual(posAt(out, ['services', 's', 'ports', 0, 'target']), { file: 'compose.yml', line: 4, column: 9 });
    assert.deepEqual(posAt(out, ['services', 's', 'environment', 'A']), { file: 'compose.yml', line: 6, column: 9 });
    assert.equal(posAt(out, ['services', 's', 'networks'])?.line, 2);
  });
});
