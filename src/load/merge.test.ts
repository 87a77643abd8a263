import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { DiagnosticBag, formatDiagnostic } from '../diagnostics/diagnostic.js';
import { parseYamlFile } from './parse.js';
import { posAt, type Mapping } from './positions.js';
import { OverrideTag, ResetTag } from './tags.js';
import { mergeFiles, resolveTags } from './merge.js';

function doc(text: string, file: string): Mapping {
  const bag = new DiagnosticBag();
  const docs = parseYamlFile(text, file, bag);
  assert.deepEqual(bag.items, [], `fixture ${file} must parse`);
  return docs[0].tree as Mapping;
}

/** Merges `over` (YAML) over `base` (YAML, tags resolved as the first file would be). */
function merge(base: string, over: string, bag = new DiagnosticBag()): Mapping {
  return mergeFiles(resolveTags(doc(base, 'base.yml')), doc(over, 'over.yml'), bag);
}

function hasTags(v: unknown): boolean {
  if (v instanceof ResetTag || v instanceof OverrideTag) return true;
  if (typeof v === 'object' && v !== null) return Object.values(v).some(hasTags);
  return false;
}

interface Case {
  name: string;
  base: string;
  over: string;
  expected: string;
}

/** (base, override, expected) per merge rule; all three are YAML, the service is `s`. */
const cases: Case[] = [
  {
    name: 'mappings merge recursively, scalars are replaced',
    base: 'services: {s: {image: a, deploy: {replicas: 1, resources: {limits: {cpus: "1"}}}}}',
    over: 'services: {s: {image: b, deploy: {resources: {limits: {memory: 1g}}}}}',
    expected: 'services: {s: {image: b, deploy: {replicas: 1, resources: {limits: {cpus: "1", memory: 1g}}}}}',
  },
  {
    name: 'a new service and a new top-level key are added',
    base: 'services: {s: {image: a}}',
    over: 'services: {t: {image: b}}\nvolumes: {data: {}}',
    expected: 'services: {s: {image: a}, t: {image: b}}\nvolumes: {data: {}}',
  },
  {
    name: 'other sequences are appended',
    base: 'services: {s: {security_opt: [a]}}',
    over: 'services: {s: {security_opt: [b, a]}}',
    expected: 'services: {s: {security_opt: [a, b, a]}}',
  },
  {
    name: 'command is replaced',
    base: 'services: {s: {command: [a, b]}}',
    over: 'services: {s: {command: c d}}',
    expected: 'services: {s: {command: c d}}',
  },
  {
    name: 'entrypoint is replaced',
    base: 'services: {s: {entrypoint: [a]}}',
    over: 'services: {s: {entrypoint: [b]}}',
    expected: 'services: {s: {entrypoint: [b]}}',
  },
  {
    name: 'healthcheck.test is replaced, other healthcheck keys merge',
    base: 'services: {s: {healthcheck: {test: [CMD, a], retries: 3}}}',
    over: 'services: {s: {healthcheck: {test: [CMD, b]}}}',
    expected: 'services: {s: {healthcheck: {test: [CMD, b], retries: 3}}}',
  },
  {
    name: 'ports with a different published port are both kept',
    base: 'services: {s: {ports: ["8080:80"]}}',
    over: 'services: {s: {ports: ["9000:80"]}}',
    expected: `services: {s: {ports: [
      {mode: ingress, target: 80, published: "8080", protocol: tcp},
      {mode: ingress, target: 80, published: "9000", protocol: tcp}]}}`,
  },
  {
    name: 'an equal port is de-duplicated on its canonical form (long syntax with integer published)',
    base: 'services: {s: {ports: ["8080:80"]}}',
    over: 'services: {s: {ports: [{target: 80, published: 8080}]}}',
    expected: 'services: {s: {ports: [{mode: ingress, target: 80, published: "8080", protocol: tcp}]}}',
  },
  {
    name: 'ports differing by protocol or host IP are kept',
    base: 'services: {s: {ports: ["8080:80"]}}',
    over: 'services: {s: {ports: ["8080:80/udp", "127.0.0.1:8080:80", "0.0.0.0:8080:80"]}}',
    expected: `services: {s: {ports: [
      {mode: ingress, host_ip: 0.0.0.0, target: 80, published: "8080", protocol: tcp},
      {mode: ingress, target: 80, published: "8080", protocol: udp},
      {mode: ingress, host_ip: 127.0.0.1, target: 80, published: "8080", protocol: tcp}]}}`,
  },
  {
    name: 'a port range overlapping an earlier port is de-duplicated per port',
    base: 'services: {s: {ports: ["8001:8001"]}}',
    over: 'services: {s: {ports: ["8000-8002:8000-8002"]}}',
    expected: `services: {s: {ports: [
      {mode: ingress, target: 8001, published: "8001", protocol: tcp},
      {mode: ingress, target: 8000, published: "8000", protocol: tcp},
      {mode: ingress, target: 8002, published: "8002", protocol: tcp}]}}`,
  },
  {
    name: 'volumes are unique by target: the later one replaces the earlier in place',
    base: 'services: {s: {volumes: ["one:/data", "./x:/conf"]}}',
    over: 'services: {s: {volumes: ["two:/data/", {type: bind, source: ./y, target: /other}]}}',
    expected: 'services: {s: {volumes: ["two:/data/", "./x:/conf", {type: bind, source: ./y, target: /other}]}}',
  },
  {
    name: 'secrets are unique by target, a short secret targets /run/secrets/<name>',
    base: 'services: {s: {secrets: [one, two]}}',
    over: 'services: {s: {secrets: [{source: three, target: /run/secrets/one}, {source: two, target: elsewhere}]}}',
    expected: `services: {s: {secrets: [{source: three, target: /run/secrets/one}, two,
      {source: two, target: elsewhere}]}}`,
  },
  {
    name: 'secrets with a relative target are placed under /run/secrets',
    base: 'services: {s: {secrets: [one]}}',
    over: 'services: {s: {secrets: [{source: two, target: one}]}}',
    expected: 'services: {s: {secrets: [{source: two, target: one}]}}',
  },
  {
    name: 'configs are unique by target, a short config targets /<name>',
    base: 'services: {s: {configs: [c1, c2]}}',
    over: 'services: {s: {configs: [{source: c3, target: /c1}, {source: c2, target: /etc/c2}]}}',
    expected: 'services: {s: {configs: [{source: c3, target: /c1}, c2, {source: c2, target: /etc/c2}]}}',
  },
  {
    name: 'environment list over list: key by key, a bare KEY becomes value-less',
    base: 'services: {s: {environment: [A=1, B=2, C=3]}}',
    over: 'services: {s: {environment: [B, C=4, D=5]}}',
    expected: 'services: {s: {environment: [A=1, B, C=4, D=5]}}',
  },
  {
    name: 'environment mapping over list keeps the list form',
    base: 'services: {s: {environment: [A=1, B=2]}}',
    over: 'services: {s: {environment: {A: 9, C: null}}}',
    expected: 'services: {s: {environment: [A=9, B=2, C]}}',
  },
  {
    name: 'environment list over mapping keeps the mapping form',
    base: 'services: {s: {environment: {A: "1", B: "2"}}}',
    over: 'services: {s: {environment: [A, B=x=y]}}',
    expected: 'services: {s: {environment: {A: null, B: x=y}}}',
  },
  {
    name: 'labels, annotations, sysctls, build.args and deploy.labels merge key by key',
    base: `services: {s: {labels: [a=1], annotations: {a: "1"}, sysctls: [net.x=1],
      build: {context: ., args: [A=1]}, deploy: {labels: {a: "1"}}}}`,
    over: `services: {s: {labels: {a: "2"}, annotations: [b=2], sysctls: {net.x: 2},
      build: {args: {B: "2"}}, deploy: {labels: [a=3]}}}`,
    expected: `services: {s: {labels: [a=2], annotations: {a: "1", b: "2"}, sysctls: [net.x=2],
      build: {context: ., args: [A=1, B=2]}, deploy: {labels: {a: "3"}}}}`,
  },
  {
    name: 'extra_hosts merge by host whatever the separator and form',
    base: 'services: {s: {extra_hosts: ["a:1.1.1.1", "b=2.2.2.2"]}}',
    over: 'services: {s: {extra_hosts: {a: 9.9.9.9, c: 3.3.3.3}}}',
    expected: 'services: {s: {extra_hosts: [a=9.9.9.9, b=2.2.2.2, c=3.3.3.3]}}',
  },
  {
    name: 'depends_on: short list and mapping merge per service',
    base: 'services: {s: {depends_on: [db, cache]}}',
    over: 'services: {s: {depends_on: {db: {condition: service_healthy}, queue: {condition: service_started}}}}',
    expected: `services: {s: {depends_on: {
      db: {condition: service_healthy, required: true},
      cache: {condition: service_started, required: true},
      queue: {condition: service_started}}}}`,
  },
  {
    name: 'service networks: list and mapping merge per network',
    base: 'services: {s: {networks: [front, back]}}',
    over: 'services: {s: {networks: {front: {aliases: [web]}, admin: null}}}',
    expected: 'services: {s: {networks: {front: {aliases: [web]}, back: null, admin: null}}}',
  },
  {
    name: 'network aliases are appended without duplicates',
    base: 'services: {s: {networks: {front: {aliases: [a, b]}}}}',
    over: 'services: {s: {networks: {front: {aliases: [b, c]}}}}',
    expected: 'services: {s: {networks: {front: {aliases: [a, b, c]}}}}',
  },
  {
    name: 'dns (string or list), dns_search, dns_opt, tmpfs, cap_add, cap_drop, profiles: appended, duplicates removed',
    base: `services: {s: {dns: 8.8.8.8, dns_search: a.example, dns_opt: [use-vc], tmpfs: /run,
      cap_add: [NET_ADMIN], cap_drop: [ALL], profiles: [dev]}}`,
    over: `services: {s: {dns: [8.8.8.8, 1.1.1.1], dns_search: [a.example, b.example], dns_opt: [use-vc, rotate],
      tmpfs: [/run, /tmp], cap_add: [NET_ADMIN, SYS_TIME], cap_drop: [ALL], profiles: [dev, test]}}`,
    expected: `services: {s: {dns: [8.8.8.8, 1.1.1.1], dns_search: [a.example, b.example], dns_opt: [use-vc, rotate],
      tmpfs: [/run, /tmp], cap_add: [NET_ADMIN, SYS_TIME], cap_drop: [ALL], profiles: [dev, test]}}`,
  },
  {
    name: 'expose: a number and the same port as text are duplicates',
    base: 'services: {s: {expose: [80, "81"]}}',
    over: 'services: {s: {expose: ["80", 82]}}',
    expected: 'services: {s: {expose: ["80", "81", 82]}}',
  },
  {
    name: 'logging with the same driver merges options',
    base: 'services: {s: {logging: {driver: awslogs, options: {a: "1", b: "2"}}}}',
    over: 'services: {s: {logging: {driver: awslogs, options: {b: "3"}}}}',
    expected: 'services: {s: {logging: {driver: awslogs, options: {a: "1", b: "3"}}}}',
  },
  {
    name: 'logging without a driver in the override merges options',
    base: 'services: {s: {logging: {driver: awslogs, options: {a: "1"}}}}',
    over: 'services: {s: {logging: {options: {b: "2"}}}}',
    expected: 'services: {s: {logging: {driver: awslogs, options: {a: "1", b: "2"}}}}',
  },
  {
    name: 'logging with another driver replaces the whole block',
    base: 'services: {s: {logging: {driver: awslogs, options: {a: "1"}}}}',
    over: 'services: {s: {logging: {driver: json-file, options: {max-size: 1m}}}}',
    expected: 'services: {s: {logging: {driver: json-file, options: {max-size: 1m}}}}',
  },
  {
    name: 'a build string merges with a build mapping',
    base: 'services: {s: {build: ./app}}',
    over: 'services: {s: {build: {dockerfile: Dockerfile.prod}}}',
    expected: 'services: {s: {build: {context: ./app, dockerfile: Dockerfile.prod}}}',
  },
  {
    name: 'a build string over a build mapping replaces only the context',
    base: 'services: {s: {build: {context: ., target: prod}}}',
    over: 'services: {s: {build: ./other}}',
    expected: 'services: {s: {build: {context: ./other, target: prod}}}',
  },
  {
    name: 'ulimits are merged per limit; a single number replaces the limit',
    base: 'services: {s: {ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 10, core: {soft: 1, hard: 2}}}}',
    over: 'services: {s: {ulimits: {nofile: 4096, core: {hard: 3}}}}',
    expected: 'services: {s: {ulimits: {nofile: 4096, nproc: 10, core: {soft: 1, hard: 3}}}}',
  },
  {
    name: 'null and [] in an override clear nothing',
    base: 'services: {s: {image: a, command: [x], ports: ["80"], environment: {A: "1"}, labels: [a=1]}}',
    over: 'services: {s: {image: null, command: [], ports: [], environment: null, labels: []}}',
    expected: 'services: {s: {image: a, command: [x], ports: ["80"], environment: {A: "1"}, labels: [a=1]}}',
  },
  {
    name: 'x-* at top level: deep merge, lists appended without duplicates',
    base: 'x-vpc: {Lookup: {VpcId: {Tags: [{Name: a}]}, Subnets: [s1]}}',
    over: 'x-vpc: {Lookup: {VpcId: {Tags: [{Name: a}, {Env: b}]}, Subnets: [s1, s2]}, Create: {}}',
    expected: 'x-vpc: {Lookup: {VpcId: {Tags: [{Name: a}, {Env: b}]}, Subnets: [s1, s2]}, Create: {}}',
  },
  {
    name: 'x-* in a service: deep merge, also for keys named like compose keys',
    base: 'services: {s: {x-network: {Ingress: {Myself: false, command: [a]}}}}',
    over: 'services: {s: {x-network: {Ingress: {Myself: true, command: [b]}}}}',
    expected: 'services: {s: {x-network: {Ingress: {Myself: true, command: [a, b]}}}}',
  },
  {
    name: '!reset removes a path',
    base: 'services: {s: {image: a, ports: ["80"], environment: {A: "1", B: "2"}}}',
    over: 'services: {s: {ports: !reset [], environment: {A: !reset null}}}',
    expected: 'services: {s: {image: a, environment: {B: "2"}}}',
  },
  {
    name: '!reset of a key in a list-form environment',
    base: 'services: {s: {environment: [A=1, B=2]}}',
    over: 'services: {s: {environment: {A: !reset null}}}',
    expected: 'services: {s: {environment: [B=2]}}',
  },
  {
    name: '!reset on a whole service removes it',
    base: 'services: {s: {image: a}, t: {image: b}}',
    over: 'services: {s: !reset {}}',
    expected: 'services: {t: {image: b}}',
  },
  {
    name: '!override replaces instead of merging',
    base: 'services: {s: {ports: ["8080:80"], environment: {A: "1"}, x-extra: {a: 1}}}',
    over: 'services: {s: {ports: !override ["9000:80"], environment: !override {B: "2"}, x-extra: !override {b: 2}}}',
    expected: 'services: {s: {ports: ["9000:80"], environment: {B: "2"}, x-extra: {b: 2}}}',
  },
  {
    name: 'tags on keys missing from the base are resolved too',
    base: 'services: {s: {image: a}}',
    over: 'services: {s: {labels: !override {a: "1"}, deploy: {replicas: !reset null, mode: replicated}}, t: {image: !override b, command: !reset []}}',
    expected: 'services: {s: {image: a, labels: {a: "1"}, deploy: {mode: replicated}}, t: {image: b}}',
  },
];

describe('mergeFiles: rule table', () => {
  for (const c of cases) {
    test(c.name, () => {
      const bag = new DiagnosticBag();
      const out = merge(c.base, c.over, bag);
      assert.deepEqual(bag.items, []);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(out)), parseYaml(c.expected));
      assert.equal(hasTags(out), false, 'no tag marker may survive a merge');
    });
  }
});

describe('mergeFiles: behaviour', () => {
  test('does not modify its inputs', () => {
    const base = resolveTags(doc('services: {s: {image: a, environment: [A=1], ports: ["80"]}}', 'base.yml'));
    const over = doc('services: {s: {image: b, environment: [B=1], ports: ["81"]}}', 'over.yml');
    const before = JSON.stringify([base, over]);
    mergeFiles(base, over, new DiagnosticBag());
    assert.equal(JSON.stringify([base, over]), before);
  });

  test('merged values keep the position of the file they came from', () => {
    const out = merge('services:\n  s:\n    image: a\n    user: root\n', 'services:\n  s:\n    image: b\n');
    assert.deepEqual(posAt(out, ['services', 's', 'image']), { file: 'over.yml', line: 3, column: 5 });
    assert.deepEqual(posAt(out, ['services', 's', 'user']), { file: 'base.yml', line: 4, column: 5 });
  });

  test('appended list items keep their own file positions', () => {
    const out = merge('services:\n  s:\n    cap_add:\n      - A\n', 'services:\n  s:\n    cap_add:\n      - B\n');
    assert.equal(posAt(out, ['services', 's', 'cap_add', 0])?.file, 'base.yml');
    assert.deepEqual(posAt(out, ['services', 's', 'cap_add', 1]), { file: 'over.yml', line: 4, column: 9 });
  });

  test('environment entries from a list keep the position of their item', () => {
    const out = merge('services:\n  s:\n    environment:\n      - A=1\n', 'services:\n  s:\n    environment:\n      - B=2\n');
    assert.equal(posAt(out, ['services', 's', 'environment', 1])?.line, 4);
    assert.equal(posAt(out, ['services', 's', 'environment', 1])?.file, 'over.yml');
  });

  test('a list over a mapping is an error at the key in the override file', () => {
    const bag = new DiagnosticBag();
    merge('services:\n  s:\n    deploy: {replicas: 1}\n', 'services:\n  s:\n    deploy: [1]\n', bag);
    assert.equal(bag.errors.length, 1);
    const d = bag.errors[0];
    assert.equal(d.code, 'CXM1101');
    assert.equal(d.path, 'services.s.deploy');
    assert.deepEqual(d.pos, { file: 'over.yml', line: 3, column: 5 });
    assert.match(formatDiagnostic(d), /over\.yml:3:5: error CXM1101: cannot merge a list over a mapping/);
  });
});

describe('resolveTags', () => {
  test('!reset drops the key and !override unwraps the value in a single document', () => {
    const out = resolveTags(doc('services: {s: {image: !override a, ports: !reset ["80"], x-a: [1, !reset 2, 3]}}', 'a.yml'));
    assert.deepStrictEqual(JSON.parse(JSON.stringify(out)), { services: { s: { image: 'a', 'x-a': [1, 3] } } });
    assert.equal(hasTags(out), false);
  });

  test('positions survive', () => {
    const out = resolveTags(doc('services:\n  s:\n    image: !override a\n', 'a.yml'));
    assert.deepEqual(posAt(out, ['services', 's', 'image']), { file: 'a.yml', line: 3, column: 5 });
  });
});

// ---------------------------------------------------------------------------------------------
// Property: merging a canonical, tag-free document with itself changes nothing.
// ---------------------------------------------------------------------------------------------

const name = fc.constantFrom('web', 'db', 'cache', 'api');
const text = fc.string({ maxLength: 8 });
const envKey = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,5}$/);
const absPath = fc.stringMatching(/^\/[a-z]{1,6}$/);
const json = fc.jsonValue({ maxDepth: 3 }).filter((v) => !JSON.stringify(v).includes('"__proto__"'));

const port = fc.record({
  mode: fc.constant('ingress'),
  target: fc.integer({ min: 1, max: 65535 }),
  published: fc.integer({ min: 1, max: 65535 }).map(String),
  protocol: fc.constantFrom('tcp', 'udp'),
});
const volume = fc.oneof(
  fc.record({ type: fc.constant('volume'), source: name, target: absPath, volume: fc.constant({}) }),
  fc.record({ type: fc.constant('bind'), source: absPath, target: absPath, bind: fc.constant({ create_host_path: true }) }),
);
const service = fc.record(
  {
    image: text,
    environment: fc.dictionary(envKey, fc.option(text, { nil: null })),
    labels: fc.dictionary(envKey, text),
    ports: fc.uniqueArray(port, { selector: (p) => `${p.published}:${p.target}/${p.protocol}` }),
    volumes: fc.uniqueArray(volume, { selector: (v) => v.target }),
    secrets: fc.uniqueArray(fc.record({ source: name }), { selector: (s) => s.source }),
    depends_on: fc.dictionary(name, fc.record({ condition: fc.constantFrom('service_started', 'service_healthy'), required: fc.boolean() })),
    networks: fc.dictionary(name, fc.option(fc.record({ aliases: fc.uniqueArray(text) }), { nil: null })),
    command: fc.array(text),
    dns: fc.uniqueArray(fc.ipV4()),
    // canonical extra_hosts are sorted `host=ip` texts
    extra_hosts: fc.uniqueArray(fc.tuple(name, fc.ipV4()).map(([h, ip]) => `${h}=${ip}`)).map((l) => [...l].sort()),
    logging: fc.record({ driver: fc.constantFrom('awslogs', 'json-file'), options: fc.dictionary(envKey, text) }),
    ulimits: fc.dictionary(name, fc.oneof(fc.nat(), fc.record({ soft: fc.nat(), hard: fc.nat() }))),
    'x-ext': json,
  },
  { requiredKeys: [] },
);
const canonicalDoc = fc.record(
  {
    services: fc.dictionary(name, service),
    networks: fc.dictionary(name, fc.option(fc.record({ driver: text }), { nil: null })),
    'x-top': json,
  },
  { requiredKeys: ['services'] },
);

test('property: merging a canonical document with itself gives the same document', () => {
  fc.assert(
    fc.property(canonicalDoc, (generated) => {
      const d = JSON.parse(JSON.stringify(generated)) as Mapping;
      const bag = new DiagnosticBag();
      const out = mergeFiles(d, d, bag);
      assert.deepEqual(bag.items, []);
      assert.deepStrictEqual(out, d);
    }),
    { numRuns: 300 },
  );
});
