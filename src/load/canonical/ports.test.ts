import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticBag, formatDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Mapping } from '../positions.js';
import { parsePortSpec } from './ports.js';
import { canon, service, shortFormCases, type Case } from './test-support.js';

const cases: Case[] = [
  {
    name: 'port "8080:80"',
    input: '{ports: ["8080:80"]}',
    expected: '{ports: [{mode: ingress, target: 80, published: "8080", protocol: tcp}]}',
  },
  {
    name: 'port with host IP and protocol',
    input: '{ports: ["127.0.0.1:8080:80/udp"]}',
    expected: '{ports: [{mode: ingress, host_ip: 127.0.0.1, target: 80, published: "8080", protocol: udp}]}',
  },
  {
    name: 'port as an integer and as a lone container port',
    input: '{ports: [80, "81"]}',
    expected: '{ports: [{mode: ingress, target: 80, protocol: tcp}, {mode: ingress, target: 81, protocol: tcp}]}',
  },
  {
    name: 'port with host IP and no host port',
    input: '{ports: ["127.0.0.1::80"]}',
    expected: '{ports: [{mode: ingress, host_ip: 127.0.0.1, target: 80, protocol: tcp}]}',
  },
  {
    name: 'port with a bracketed IPv6 host IP',
    input: '{ports: ["[::1]:8080:80"]}',
    expected: '{ports: [{mode: ingress, host_ip: "::1", target: 80, published: "8080", protocol: tcp}]}',
  },
  {
    name: 'port range gives one entry per port',
    input: '{ports: ["8000-8002:8000-8002"]}',
    expected: `{ports: [
      {mode: ingress, target: 8000, published: "8000", protocol: tcp},
      {mode: ingress, target: 8001, published: "8001", protocol: tcp},
      {mode: ingress, target: 8002, published: "8002", protocol: tcp}]}`,
  },
  {
    name: 'host range for a single container port stays a range',
    input: '{ports: ["8000-8010:80"]}',
    expected: '{ports: [{mode: ingress, target: 80, published: "8000-8010", protocol: tcp}]}',
  },
  {
    name: 'long port syntax: target becomes a number, published a string, defaults added',
    input: '{ports: [{target: "80", published: 8080}, {target: 443, published: "8443", protocol: UDP, mode: host, name: web}]}',
    expected: `{ports: [{mode: ingress, target: 80, published: "8080", protocol: tcp},
      {name: web, mode: host, target: 443, published: "8443", protocol: udp}]}`,
  },
  {
    name: 'equal ports are de-duplicated',
    input: '{ports: ["8080:80", {target: 80, published: 8080}, "9000:80"]}',
    expected: `{ports: [{mode: ingress, target: 80, published: "8080", protocol: tcp},
      {mode: ingress, target: 80, published: "9000", protocol: tcp}]}`,
  },
  { name: 'expose becomes strings', input: '{expose: [80, "81-82"]}', expected: '{expose: ["80", "81-82"]}' },
];

shortFormCases('canonicalize: ports', cases);

describe('canonicalize: port details', () => {
  test('port keys are in the order docker prints them', () => {
    const out = service('{ports: ["127.0.0.1:8080:80"]}');
    assert.deepEqual(Object.keys((out.ports as Mapping[])[0]), ['mode', 'host_ip', 'target', 'published', 'protocol']);
  });

  test('a port range sorts its ports as text, like docker', () => {
    const ports = parsePortSpec('98-101');
    assert.ok(Array.isArray(ports));
    assert.deepEqual(
      ports.map((p) => p.target),
      [100, 101, 98, 99],
    );
  });
});

describe('canonicalize: port errors', () => {
  const portErrors: Array<[string, RegExp]> = [
    ['"abc"', /invalid port "abc": container port "abc" is not a port number/],
    ['"70000:80"', /host port "70000" is above 65535/],
    ['"8080:0"', /container port 0/],
    ['"9000-9001:80-82"', /different lengths/],
    ['"82-80"', /ends before it starts/],
    ['"80/xyz"', /unknown protocol "xyz"/],
    ['"999.1.1.1:80:80"', /invalid host IP address/],
    ['{target: http}', /target port "http" is not a port number/],
  ];
  for (const [value, message] of portErrors) {
    test(`invalid port ${value} → CXM1001 with path and position`, () => {
      const bag = new DiagnosticBag();
      canon(`services:\n  web:\n    image: a\n    ports:\n      - "80"\n      - ${value}\n`, bag);
      assert.equal(bag.errors.length, 1);
      const d = bag.errors[0];
      assert.equal(d.code, 'CXM1001');
      assert.match(d.message, message);
      assert.equal(d.path, 'services.web.ports[1]');
      assert.equal(d.pos?.line, 6);
      assert.ok(d.expected && d.hint);
      const text = formatDiagnostic(d);
      assert.match(text, /^compose\.yml:6:9: error CXM1001/);
      assert.match(text, /at: services\.web\.ports\[1\]/);
    });
  }
});
