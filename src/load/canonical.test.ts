import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { DiagnosticBag, formatDiagnostic } from '../diagnostics/diagnostic.js';
import { parseYamlFile } from './parse.js';
import { posAt, type Mapping } from './positions.js';
import { canonicalize, formatGoDuration, parsePortSpec, splitCommand } from './canonical.js';

const PROJECT = '/proj';
const HOME = '/home/me';

function doc(text: string, file = 'compose.yml'): Mapping {
  const bag = new DiagnosticBag();
  const docs = parseYamlFile(text, file, bag);
  assert.deepEqual(bag.items, [], 'fixture must parse');
  return docs[0].tree as Mapping;
}

function canon(text: string, bag = new DiagnosticBag()): Mapping {
  return canonicalize(doc(text), { projectDir: PROJECT, bag, home: HOME });
}

/** The canonical form of service `s` given the YAML of its body, as plain JSON data. */
function service(body: string, bag = new DiagnosticBag()): Mapping {
  const out = canon(`services:\n  s: ${body}\n`, bag);
  return JSON.parse(JSON.stringify((out.services as Mapping).s)) as Mapping;
}

interface Case {
  name: string;
  /** Service body (flow YAML). */
  input: string;
  /** Expected keys of the canonical service (flow YAML); other keys are not compared. */
  expected: string;
}

const cases: Case[] = [
  // ports
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
  // volumes
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
  // relations and references
  {
    name: 'depends_on list becomes a mapping; mapping entries get defaults',
    input: '{depends_on: [db]}',
    expected: '{depends_on: {db: {condition: service_started, required: true}}}',
  },
  {
    name: 'depends_on mapping entries get required: true',
    input: '{depends_on: {db: {condition: service_healthy}, c: {condition: service_started, required: false}}}',
    expected: '{depends_on: {db: {condition: service_healthy, required: true}, c: {condition: service_started, required: false}}}',
  },
  {
    name: 'secrets and configs: a name becomes {source}, no implicit target',
    input: '{secrets: [s1, {source: s2, target: t, mode: 0o440}], configs: [c1]}',
    expected: '{secrets: [{source: s1}, {source: s2, target: t, mode: "0440"}], configs: [{source: c1}]}',
  },
  {
    name: 'service networks list becomes a mapping',
    input: '{networks: [front, back]}',
    expected: '{networks: {front: null, back: null}}',
  },
  { name: 'a service without networks joins default', input: '{image: a}', expected: '{networks: {default: null}}' },
  { name: 'network_mode means no default network', input: '{network_mode: host}', expected: '{network_mode: host}' },
  {
    name: 'build string becomes an absolute context with the default Dockerfile',
    input: '{build: ./app}',
    expected: '{build: {context: /proj/app, dockerfile: Dockerfile}}',
  },
  {
    name: 'build mapping: default context, args list to mapping, remote context untouched',
    input: '{build: {args: [A=1, B], labels: [l=1]}}',
    expected: '{build: {context: /proj, dockerfile: Dockerfile, args: {A: "1", B: null}, labels: {l: "1"}}}',
  },
  {
    name: 'remote build context is not resolved',
    input: '{build: {context: "https://github.com/a/b.git#main", dockerfile: D}}',
    expected: '{build: {context: "https://github.com/a/b.git#main", dockerfile: D}}',
  },
  {
    name: 'env_file string and list become {path, required}',
    input: '{env_file: a.env}',
    expected: '{env_file: [{path: /proj/a.env, required: true}]}',
  },
  {
    name: 'env_file long form keeps required: false',
    input: '{env_file: [b.env, {path: /abs/c.env, required: false}]}',
    expected: '{env_file: [{path: /proj/b.env, required: true}, {path: /abs/c.env, required: false}]}',
  },
  { name: 'dns string becomes a list', input: '{dns: 8.8.8.8, tmpfs: /run}', expected: '{dns: [8.8.8.8], tmpfs: [/run]}' },
  { name: 'extends string becomes {service}', input: '{extends: base}', expected: '{extends: {service: base}}' },
  // key/value maps
  {
    name: 'environment list becomes a mapping; KEY alone is null',
    input: '{environment: [A=1, B, C=x=y, D=]}',
    expected: '{environment: {A: "1", B: null, C: x=y, D: ""}}',
  },
  {
    name: 'environment values become strings, booleans in lower case',
    input: '{environment: {A: 1, B: true, C: false, D: 1.5, E: null}}',
    expected: '{environment: {A: "1", B: "true", C: "false", D: "1.5", E: null}}',
  },
  {
    name: 'labels list becomes a mapping of strings (bare key: empty string)',
    input: '{labels: [a=1, b], deploy: {labels: {c: 2}}, annotations: [x=y], sysctls: {net.core.somaxconn: 1024}}',
    expected: '{labels: {a: "1", b: ""}, deploy: {labels: {c: "2"}}, annotations: {x: y}, sysctls: {net.core.somaxconn: "1024"}}',
  },
  // commands
  {
    name: 'command and entrypoint strings are shell-split',
    input: `{command: "sh -c 'echo hello world' \\"a b\\"", entrypoint: /bin/run --x=1}`,
    expected: '{command: [sh, -c, echo hello world, a b], entrypoint: [/bin/run, --x=1]}',
  },
  {
    name: 'command keeps $, # and globs literally',
    input: `{command: 'echo \${HOME} "$X" # not-a-comment *.txt'}`,
    expected: '{command: [echo, "${HOME}", "$X", "#", not-a-comment, "*.txt"]}',
  },
  { name: 'command list items become strings', input: '{command: [sleep, 10]}', expected: '{command: [sleep, "10"]}' },
  {
    name: 'healthcheck test string is CMD-SHELL; durations are normalised',
    input: '{healthcheck: {test: curl -f http://x, interval: 90s, timeout: 1h, start_period: 500ms, start_interval: 1.5s}}',
    expected: '{healthcheck: {test: [CMD-SHELL, curl -f http://x], interval: 1m30s, timeout: 1h0m0s, start_period: 500ms, start_interval: 1.5s}}',
  },
  { name: 'stop_grace_period normalised', input: '{stop_grace_period: 1m}', expected: '{stop_grace_period: 1m0s}' },
  // sizes and numbers
  {
    name: 'memory sizes become byte counts as strings',
    input: `{mem_limit: 4G, mem_reservation: 128M, shm_size: 1.5g, memswap_limit: -1,
      deploy: {resources: {limits: {memory: 512mb, cpus: "0.5"}, reservations: {memory: 1024, cpus: 2}}}}`,
    expected: `{mem_limit: "4294967296", mem_reservation: "134217728", shm_size: "1610612736", memswap_limit: "-1",
      deploy: {resources: {limits: {memory: "536870912", cpus: 0.5}, reservations: {memory: "1024", cpus: 2}}}}`,
  },
  { name: 'cpus becomes a number', input: '{cpus: "1.25"}', expected: '{cpus: 1.25}' },
  {
    name: 'extra_hosts become a sorted list of host=ip',
    input: '{extra_hosts: ["zz:10.0.0.1", "aa=10.0.0.2", "v6:::1"]}',
    expected: '{extra_hosts: [aa=10.0.0.2, v6=::1, zz=10.0.0.1]}',
  },
  {
    name: 'extra_hosts mapping (one or several addresses)',
    input: '{extra_hosts: {b: 1.1.1.1, a: [2.2.2.2, 3.3.3.3]}}',
    expected: '{extra_hosts: [a=2.2.2.2, a=3.3.3.3, b=1.1.1.1]}',
  },
  {
    name: 'ulimits: a single number stays, a mapping keeps soft/hard',
    input: '{ulimits: {nproc: 65535, nofile: {hard: "40000", soft: 20000}}}',
    expected: '{ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}}',
  },
  {
    name: 'x- extensions are left as written',
    input: '{x-thing: {ports: ["abc"], environment: [A=1], command: a b}}',
    expected: '{x-thing: {ports: ["abc"], environment: [A=1], command: a b}}',
  },
];

describe('canonicalize: short forms', () => {
  for (const c of cases) {
    test(c.name, () => {
      const bag = new DiagnosticBag();
      const out = service(c.input, bag);
      assert.deepEqual(bag.items, []);
      const expected = parseYaml(c.expected) as Mapping;
      const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, out[k]]));
      assert.deepStrictEqual(picked, expected);
    });
  }
});

describe('canonicalize: output details', () => {
  test('port keys are in the order docker prints them', () => {
    const out = service('{ports: ["127.0.0.1:8080:80"]}');
    assert.deepEqual(Object.keys((out.ports as Mapping[])[0]), ['mode', 'host_ip', 'target', 'published', 'protocol']);
  });

  test('volume keys are in the order docker prints them', () => {
    const out = service('{volumes: [{target: /b, read_only: true, source: ./x, type: bind, bind: {selinux: z}}]}');
    const v = (out.volumes as Mapping[])[0];
    assert.deepEqual(Object.keys(v), ['type', 'source', 'target', 'read_only', 'bind']);
    assert.deepEqual(Object.keys(v.bind as Mapping), ['create_host_path', 'selinux']);
  });

  test('a port range sorts its ports as text, like docker', () => {
    const ports = parsePortSpec('98-101');
    assert.ok(Array.isArray(ports));
    assert.deepEqual(
      ports.map((p) => p.target),
      [100, 101, 98, 99],
    );
  });

  test('top-level resources: legacy external name, labels list, secret file path', () => {
    const out = canon(`
networks: {front: {external: {name: shared}}, back: null}
volumes: {data: {labels: [a=1], driver_opts: {size: 10}}}
secrets: {s: {file: ./secret.txt}}
configs: {c: {external: true}}
x-top: {networks: [1]}
`);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(out)), {
      networks: { front: { external: true, name: 'shared' }, back: null },
      volumes: { data: { labels: { a: '1' }, driver_opts: { size: '10' } } },
      secrets: { s: { file: '/proj/secret.txt' } },
      configs: { c: { external: true } },
      'x-top': { networks: [1] },
    });
  });

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

describe('canonicalize: errors', () => {
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

describe('helpers', () => {
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

  test('splitCommand handles quotes and escapes without expanding anything', () => {
    assert.deepEqual(splitCommand(`a "b c" 'd $e' f\\ g \${H:-x} && i`), ['a', 'b c', 'd $e', 'f g', '${H:-x}', '&&', 'i']);
    assert.deepEqual(splitCommand(''), []);
  });
});
