import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import type { Mapping } from '../positions.js';
import { canon, service, shortFormCases, type Case } from './test-support.js';

const cases: Case[] = [
  {
    name: 'named volume, read-only',
    input: '{volumes: ["data:/var/lib/data:ro"]}',
    expected: '{volumes: [{type: volume, source: data, target: /var/lib/data, read_only: true, volume: {}}]}',
  },
  {
    name: 'relative bind mount resolved against the project folder',
    input: '{volumes: ["./conf/:/etc/app/"]}',
    expected: '{volumes: [{type: bind, source: /proj/conf, target: /etc/app, bind: {create_host_path: true}}]}',
  },
  {
    name: 'absolute bind mount with rw and a parent-folder bind',
    input: '{volumes: ["/abs:/p:rw", "../up:/up"]}',
    expected: `{volumes: [{type: bind, source: /abs, target: /p, bind: {create_host_path: true}},
      {type: bind, source: /up, target: /up, bind: {create_host_path: true}}]}`,
  },
  {
    name: 'anonymous volume',
    input: '{volumes: ["/only/target/"]}',
    expected: '{volumes: [{type: volume, target: /only/target, volume: {}}]}',
  },
  {
    name: 'home folder bind mount',
    input: '{volumes: ["~/x:/p"]}',
    expected: '{volumes: [{type: bind, source: /home/me/x, target: /p, bind: {create_host_path: true}}]}',
  },
  {
    name: 'volume options nocopy, propagation and SELinux label',
    input: '{volumes: ["data:/d:nocopy", "./b:/b:ro,rshared,z"]}',
    expected: `{volumes: [{type: volume, source: data, target: /d, volume: {nocopy: true}},
      {type: bind, source: /proj/b, target: /b, read_only: true, bind: {propagation: rshared, create_host_path: true, selinux: z}}]}`,
  },
  {
    name: 'long volume syntax: target cleaned, relative bind source resolved, read_only false dropped',
    input: '{volumes: [{type: bind, source: ./x, target: /a/../b/, read_only: false}, {target: /c, type: volume, source: v, read_only: true}]}',
    expected: `{volumes: [{type: bind, source: /proj/x, target: /b},
      {type: volume, source: v, target: /c, read_only: true}]}`,
  },
  {
    name: 'volumes are unique by target (the later wins, in place)',
    input: '{volumes: ["one:/d", "./x:/x", "two:/d/"]}',
    expected: `{volumes: [{type: volume, source: two, target: /d, volume: {}},
      {type: bind, source: /proj/x, target: /x, bind: {create_host_path: true}}]}`,
  },
  {
    name: 'secrets and configs: a name becomes {source}, no implicit target',
    input: '{secrets: [s1, {source: s2, target: t, mode: 0o440}], configs: [c1]}',
    expected: '{secrets: [{source: s1}, {source: s2, target: t, mode: "0440"}], configs: [{source: c1}]}',
  },
];

shortFormCases('canonicalize: volumes, secrets and configs', cases);

describe('canonicalize: volume details', () => {
  test('volume keys are in the order docker prints them', () => {
    const out = service('{volumes: [{target: /b, read_only: true, source: ./x, type: bind, bind: {selinux: z}}]}');
    const v = (out.volumes as Mapping[])[0];
    assert.deepEqual(Object.keys(v), ['type', 'source', 'target', 'read_only', 'bind']);
    assert.deepEqual(Object.keys(v.bind as Mapping), ['create_host_path', 'selinux']);
  });

  test('invalid volume → CXM1002', () => {
    const bag = new DiagnosticBag();
    canon('services:\n  web:\n    volumes:\n      - "data::b"\n      - "data:/b:ro:x"\n', bag);
    assert.deepEqual(
      bag.errors.map((d) => [d.code, d.path, d.pos?.line]),
      [
        ['CXM1002', 'services.web.volumes[0]', 4],
        ['CXM1002', 'services.web.volumes[1]', 5],
      ],
    );
    assert.match(bag.errors[0].message, /empty section between colons/);
    assert.match(bag.errors[1].message, /too many colons/);
  });
});
