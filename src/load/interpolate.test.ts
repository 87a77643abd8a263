import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { InterpolationError, castForPath, interpolateString, interpolateTree, type VarLookup } from './interpolate.js';
import { keyPos, selfPos, setKeyPos, setSelfPos } from './positions.js';
import { OverrideTag, ResetTag } from './tags.js';

const env: Record<string, string> = { SET: 'value', EMPTY: '', N: '3', B: 'yes', DOLLAR: '$X', NESTED: '${SET}' };
const lookup: VarLookup = (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
const run = (text: string): string => interpolateString(text, lookup).value;

function throwsInterp(text: string, kind: 'required' | 'syntax'): InterpolationError {
  try {
    interpolateString(text, lookup);
  } catch (e) {
    assert.ok(e instanceof InterpolationError, `expected InterpolationError, got ${String(e)}`);
    assert.equal(e.kind, kind);
    return e;
  }
  assert.fail(`expected ${JSON.stringify(text)} to throw`);
}

describe('interpolateString', () => {
  const cases: Array<[string, string]> = [
    // plain references
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['a-$SET-b', 'a-value-b'],
    ['$SET_SUFFIX', ''],
    ['${SET}_SUFFIX', 'value_SUFFIX'],
    ['$SET.x', 'value.x'],
    ['$EMPTY|', '|'],
    // :- and -
    ['${SET:-d}', 'value'],
    ['${EMPTY:-d}', 'd'],
    ['${UNSET:-d}', 'd'],
    ['${SET-d}', 'value'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    ['${UNSET:-}', ''],
    // :+ and +
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${UNSET:+alt}', ''],
    ['${SET+alt}', 'alt'],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    // ? and :? with a value
    ['${SET:?boom}', 'value'],
    ['${SET?boom}', 'value'],
    ['${EMPTY?boom}', ''],
    // nesting and brace counting
    ['${UNSET:-${SET}}', 'value'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['${UNSET:-a${SET}b}c', 'avaluebc'],
    ['${SET:+[${N}]}', '[3]'],
    ['${UNSET:-$SET}', 'value'],
    ['${UNSET:-{a}}', '{a}'],
    ['${UNSET:-$${X}}', '${X}'],
    ['${SET:-$${X}}', 'value'],
    // first operator decides
    ['${UNSET-a:-b}', 'a:-b'],
    ['${UNSET:-a-b}', 'a-b'],
    ['${EMPTY-a:?b}', ''],
    ['${UNSET:-x?y}', 'x?y'],
    // escapes and literal dollars
    ['$$', '$'],
    ['$$SET', '$SET'],
    ['$$$SET', '$value'],
    ['$${SET}', '${SET}'],
    ['cost: 5$', 'cost: 5$'],
    ['$ 1', '$ 1'],
    ['$1', '$1'],
    ['$-x', '$-x'],
    ['a}b', 'a}b'],
    ['$}', '$}'],
    // values are final: never interpolated again
    ['$DOLLAR', '$X'],
    ['$NESTED', '${SET}'],
    ['${UNSET:-$$SET}', '$SET'],
    // ECS Compose-X additions
    ['${!SET}', '${SET}'],
    ['${!CONNECT_BUCKET}/x', '${CONNECT_BUCKET}/x'],
    ['${!}', '${}'],
    ['{!ENV}.jks', '{!ENV}.jks'],
    ['${AWS::Region}', '${AWS::Region}'],
    ['arn:${AWS::Partition}:s3:::${SET}', 'arn:${AWS::Partition}:s3:::value'],
    ['${AWS::AccountId}${AWS::StackName}${AWS::URLSuffix}${AWS::StackId}', '${AWS::AccountId}${AWS::StackName}${AWS::URLSuffix}${AWS::StackId}'],
    ['${AWS::NoValue}|${AWS::NotificationARNs}', '${AWS::NoValue}|${AWS::NotificationARNs}'],
    ['${UNSET:-${AWS::Region}}', '${AWS::Region}'],
    ['${UNSET:-${!SET}}', '${SET}'],
    // lab examples from the reference
    ['${REGISTRY_URI}confluentinc/cp-kafka-connect:${IMAGE_TAG:-latest}', 'confluentinc/cp-kafka-connect:latest'],
    ['${ENV_NAME:-dev}', 'dev'],
  ];
  for (const [input, expected] of cases) {
    test(`${input} → ${expected}`, () => assert.equal(run(input), expected));
  }

  test('reports unset variables without a default, once each, in order', () => {
    const r = interpolateString('$U1 ${U2} $U1 ${U3:-x} ${U4-y} ${U5:+z} ${U6+w} ${SET}', lookup);
    assert.deepEqual(r.unset, ['U1', 'U2']);
    assert.equal(r.value, '   x y   value');
  });

  test('reports unset variables used inside a default that is applied', () => {
    assert.deepEqual(interpolateString('${UNSET:-$INNER}', lookup).unset, ['INNER']);
    assert.deepEqual(interpolateString('${SET:-$INNER}', lookup).unset, []);
  });

  test('required variables', () => {
    const e = throwsInterp('${X:?must be set}', 'required');
    assert.equal(e.message, 'required variable X is missing a value: must be set');
    assert.equal(e.variable, 'X');
    assert.match(e.hint, /X/);
    assert.equal(throwsInterp('${EMPTY:?no}', 'required').variable, 'EMPTY');
    assert.equal(throwsInterp('${UNSET?}', 'required').message, 'required variable UNSET is missing a value');
    assert.equal(throwsInterp('${UNSET?need $SET}', 'required').message, 'required variable UNSET is missing a value: need value');
    assert.equal(throwsInterp('${UNSET:-${INNER:?inner}}', 'required').variable, 'INNER');
  });

  test('a required check inside an unused default does not fire', () => {
    assert.equal(run('${SET:-${INNER:?inner}}'), 'value');
  });

  const invalid = ['${', '${}', '${ }', '${ foo}', '${foo }', '${foo!}', '${1}', '${X', '${X:-${Y}', 'a ${X:=d}', '${X:}', '${X.Y}', '${SET:-${}}'];
  for (const text of invalid) {
    test(`syntax error: ${text}`, () => {
      const e = throwsInterp(text, 'syntax');
      assert.match(e.message, /^invalid interpolation format/);
      assert.match(e.hint, /\$\$/);
    });
  }

  test('syntax errors inside an unused default are still reported', () => {
    throwsInterp('${SET:-${}}', 'syntax');
  });

  test('deep nesting is a syntax error, not a crash', () => {
    const deep = '${A:-'.repeat(500) + 'x' + '}'.repeat(500);
    throwsInterp(deep, 'syntax');
    const ok = '${A:-'.repeat(20) + 'x' + '}'.repeat(20);
    assert.equal(run(ok), 'x');
  });

  test('property: interpolation is total', () => {
    const alphabet = fc.constantFrom('$', '{', '}', ':', '-', '+', '?', '!', 'A', 'B', '_', '1', ' ', 'AWS::', 'x');
    const text = fc.oneof(fc.string(), fc.array(alphabet, { maxLength: 30 }).map((a) => a.join('')));
    const vars = fc.dictionary(fc.constantFrom('A', 'B', '_', 'x', 'AWS'), fc.oneof(fc.constant(''), fc.string()));
    fc.assert(
      fc.property(text, vars, (s, v) => {
        const look: VarLookup = (n) => (Object.hasOwn(v, n) ? v[n] : undefined);
        try {
          const r = interpolateString(s, look);
          return typeof r.value === 'string' && Array.isArray(r.unset);
        } catch (e) {
          return e instanceof InterpolationError && (e.kind === 'syntax' || e.kind === 'required');
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('property: strings without $ are returned unchanged', () => {
    fc.assert(
      fc.property(fc.string().map((s) => s.replaceAll('$', '')), (s) => {
        const r = interpolateString(s, () => 'nope');
        return r.value === s && r.unset.length === 0;
      }),
    );
  });

  test('property: escaping every $ as $$ gives back the original text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => interpolateString(s.replaceAll('$', () => '$$'), () => 'v').value === s),
    );
  });
});

describe('castForPath', () => {
  test('matches wildcard patterns by segment', () => {
    assert.equal(castForPath(['services', 'web', 'deploy', 'replicas']), 'int');
    assert.equal(castForPath(['services', 'web', 'ports', 0, 'target']), 'int');
    assert.equal(castForPath(['services', 'web', 'deploy', 'resources', 'limits', 'cpus']), 'float');
    assert.equal(castForPath(['volumes', 'data', 'external']), 'bool');
    assert.equal(castForPath(['services', 'web', 'ports', 0]), undefined);
    assert.equal(castForPath(['services', 'web', 'environment', 'replicas']), undefined);
    assert.equal(castForPath(['x-foo', 'web', 'read_only']), undefined);
  });
});

describe('interpolateTree', () => {
  const vars: Record<string, string> = { N: '3', B: 'Yes', F: 'no', C: '0.5', P: '8080', IMG: 'nginx', BAD: 'many', K: 'key' };
  const look: VarLookup = (n) => (Object.hasOwn(vars, n) ? vars[n] : undefined);
  const pos = (line: number, column = 3) => ({ file: 'compose.yaml', line, column });

  test('interpolates values at any depth, never keys, and keeps other scalars', () => {
    const tree = {
      services: {
        web: {
          image: '${IMG}:${TAG:-latest}',
          labels: { $K: '$K', list: ['$K=v'] },
          environment: ['A=$IMG', 'B=$${IMG}'],
          'x-custom': { deep: [{ v: '${!IMG}' }] },
          stop_signal: null,
          mem: 5,
          init: true,
        },
      },
    };
    const bag = new DiagnosticBag();
    const out = interpolateTree(tree, look, 'compose.yaml', bag);
    assert.deepEqual(out, {
      services: {
        web: {
          image: 'nginx:latest',
          labels: { $K: 'key', list: ['key=v'] },
          environment: ['A=nginx', 'B=${IMG}'],
          'x-custom': { deep: [{ v: '${IMG}' }] },
          stop_signal: null,
          mem: 5,
          init: true,
        },
      },
    });
    assert.deepEqual(bag.items, []);
    assert.notEqual(out, tree);
    assert.equal(tree.services.web.image, '${IMG}:${TAG:-latest}', 'input is not modified');
  });

  test('casts every string at a typed path, as docker compose does', () => {
    const tree = {
      services: {
        web: {
          deploy: { replicas: '${N}', resources: { limits: { cpus: '$C' }, reservations: { cpus: '0.25' } } },
          read_only: '$B',
          privileged: '${F}',
          tty: 'true',
          scale: '3',
          ports: [{ target: '$P', published: '${P}' }, { target: 80, published: '${P}-8090' }],
          healthcheck: { retries: '${N}', disable: '${F}' },
          cpus: '${C}',
        },
      },
      volumes: { data: { external: '${B}' } },
      networks: { front: { external: '${F}' } },
      secrets: { s: { external: '${B}' } },
    };
    const bag = new DiagnosticBag();
    const out = interpolateTree(tree, look, 'compose.yaml', bag);
    assert.deepEqual(bag.items, []);
    assert.deepEqual(out, {
      services: {
        web: {
          deploy: { replicas: 3, resources: { limits: { cpus: 0.5 }, reservations: { cpus: 0.25 } } },
          read_only: true,
          privileged: false,
          tty: true,
          scale: 3,
          ports: [{ target: 8080, published: 8080 }, { target: 80, published: '8080-8090' }],
          healthcheck: { retries: 3, disable: false },
          cpus: 0.5,
        },
      },
      volumes: { data: { external: true } },
      networks: { front: { external: false } },
      secrets: { s: { external: true } },
    });
  });

  test('a value that does not fit its type is an error CXI1003, with position', () => {
    const web = { deploy: { replicas: '${BAD}' }, read_only: '${N}' };
    setKeyPos(web.deploy, 'replicas', pos(4, 17));
    setKeyPos(web, 'read_only', pos(5, 16));
    const bag = new DiagnosticBag();
    interpolateTree({ services: { web } }, look, 'compose.yaml', bag);
    assert.equal(bag.errors.length, 2);
    const [replicas, readOnly] = bag.errors;
    assert.equal(replicas?.code, 'CXI1003');
    assert.equal(replicas?.path, 'services.web.deploy.replicas');
    assert.deepEqual(replicas?.pos, pos(4, 17));
    assert.equal(replicas?.expected, 'an integer');
    assert.match(replicas?.message ?? '', /"many"/);
    assert.equal(readOnly?.path, 'services.web.read_only');
    assert.match(readOnly?.expected ?? '', /boolean/);
  });

  test('a missing required variable is error CXI1001 with path, position, expected and hint', () => {
    const web = { image: '${X:?must be set}' };
    setKeyPos(web, 'image', pos(3, 12));
    const bag = new DiagnosticBag();
    const out = interpolateTree({ services: { web } }, look, 'compose.yaml', bag) as { services: { web: { image: string } } };
    assert.equal(bag.errors.length, 1);
    const d = bag.errors[0];
    assert.equal(d?.code, 'CXI1001');
    assert.equal(d?.message, 'required variable X is missing a value: must be set');
    assert.equal(d?.path, 'services.web.image');
    assert.deepEqual(d?.pos, pos(3, 12));
    assert.ok(d?.expected);
    assert.ok(d?.hint);
    assert.equal(out.services.web.image, '${X:?must be set}');
  });

  test('a syntax error is CXI1002 and walking continues', () => {
    const list = ['ok $IMG', 'bad ${'];
    setKeyPos(list, 1, pos(7, 9));
    const bag = new DiagnosticBag();
    const out = interpolateTree({ services: { web: { command: list } } }, look, 'compose.yaml', bag);
    assert.deepEqual(out, { services: { web: { command: ['ok nginx', 'bad ${'] } } });
    assert.equal(bag.errors.length, 1);
    assert.equal(bag.errors[0]?.code, 'CXI1002');
    assert.equal(bag.errors[0]?.path, 'services.web.command[1]');
    assert.deepEqual(bag.errors[0]?.pos, pos(7, 9));
    assert.match(bag.errors[0]?.hint ?? '', /\$\$/);
  });

  test('one warning CXI2001 per unset variable, at its first use', () => {
    const a = { image: '$MISSING', command: '$MISSING $OTHER' };
    const b = { image: '${MISSING}' };
    setKeyPos(a, 'image', pos(2));
    setKeyPos(a, 'command', pos(3));
    const bag = new DiagnosticBag();
    interpolateTree({ services: { a, b } }, look, 'compose.yaml', bag);
    assert.equal(bag.errors.length, 0);
    const ws = bag.warnings;
    assert.deepEqual(ws.map((w) => w.code), ['CXI2001', 'CXI2001']);
    assert.match(ws[0]?.message ?? '', /MISSING/);
    assert.equal(ws[0]?.path, 'services.a.image');
    assert.deepEqual(ws[0]?.pos, pos(2));
    assert.match(ws[1]?.message ?? '', /OTHER/);
    assert.deepEqual(ws[1]?.pos, pos(3));
  });

  test('new containers carry the positions of the originals', () => {
    const web = { image: '$IMG', ports: ['80'] };
    setSelfPos(web, pos(2, 3));
    setKeyPos(web, 'image', pos(3, 12));
    setSelfPos(web.ports, pos(4, 5));
    setKeyPos(web.ports, 0, pos(5, 9));
    const out = interpolateTree({ web }, look, 'compose.yaml', new DiagnosticBag()) as { web: { ports: string[] } };
    assert.deepEqual(selfPos(out.web), pos(2, 3));
    assert.deepEqual(keyPos(out.web, 'image'), pos(3, 12));
    assert.deepEqual(selfPos(out.web.ports), pos(4, 5));
    assert.deepEqual(keyPos(out.web.ports, 0), pos(5, 9));
  });

  test('reset tags are kept; override tags are interpolated into a new tag', () => {
    const reset = new ResetTag();
    const override = new OverrideTag({ replicas: '${N}', image: '$IMG' });
    const tree = { services: { web: { ports: reset, deploy: override } } };
    const out = interpolateTree(tree, look, 'compose.yaml', new DiagnosticBag()) as {
      services: { web: { ports: unknown; deploy: unknown } };
    };
    assert.equal(out.services.web.ports, reset);
    assert.ok(out.services.web.deploy instanceof OverrideTag);
    assert.notEqual(out.services.web.deploy, override);
    assert.deepEqual((out.services.web.deploy as OverrideTag).value, { replicas: 3, image: 'nginx' });
  });
});
