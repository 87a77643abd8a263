import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticBag, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseDotEnv } from './dotenv.js';
import type { VarLookup } from './interpolate.js';

const none: VarLookup = () => undefined;
const osEnv: Record<string, string> = { HOME_DIR: '/home/me', OS_ONLY: 'from-os', EMPTY_OS: '' };
const os: VarLookup = (n) => (Object.hasOwn(osEnv, n) ? osEnv[n] : undefined);

const parse = (text: string, lookup: VarLookup = none): Record<string, string> =>
  Object.fromEntries(parseDotEnv(text, '/p/.env', lookup));

function fails(text: string, lookup: VarLookup = none): Diagnostic {
  try {
    parseDotEnv(text, '/p/.env', lookup);
  } catch (e) {
    assert.ok(UserError.is(e), `expected UserError, got ${String(e)}`);
    assert.equal(e.diagnostics.length, 1);
    return e.diagnostics[0] as Diagnostic;
  }
  assert.fail(`expected ${JSON.stringify(text)} to fail`);
}

describe('parseDotEnv: lines', () => {
  const single: Array<[string, string, string]> = [
    ['FOO=bar', 'FOO', 'bar'],
    ['FOO =bar', 'FOO', 'bar'],
    ['FOO= bar', 'FOO', 'bar'],
    ['FOO=bar ', 'FOO', 'bar'],
    ['FOO=foobar=', 'FOO', 'foobar='],
    ['FOO=bar # this is foo', 'FOO', 'bar'],
    ['FOO=bar#baz', 'FOO', 'bar#baz'],
    ['FOO=', 'FOO', ''],
    ['FOO="bar"', 'FOO', 'bar'],
    ["FOO='bar'", 'FOO', 'bar'],
    ['FOO="escaped\\"bar"', 'FOO', 'escaped"bar'],
    ['FOO="\'d\'"', 'FOO', "'d'"],
    ["FOO='it\\'s'", 'FOO', "it's"],
    ['FOO="bar#baz" # comment', 'FOO', 'bar#baz'],
    ["FOO='bar#baz' # comment", 'FOO', 'bar#baz'],
    ['FOO="bar\\nbaz"', 'FOO', 'bar\nbaz'],
    ['FOO="a\\tb\\\\c"', 'FOO', 'a\tb\\c'],
    ['FOO="\\0123"', 'FOO', 'S'],
    ['FOO="\\q"', 'FOO', '\\q'],
    ["FOO='bar\\nbaz'", 'FOO', 'bar\\nbaz'],
    ['FOO=bar\\nbaz', 'FOO', 'bar\\nbaz'],
    ['OPTION_A: 1', 'OPTION_A', '1'],
    ['OPTION_A: Foo=bar', 'OPTION_A', 'Foo=bar'],
    ['OPTION_A=1:B', 'OPTION_A', '1:B'],
    ['export OPTION_A=2', 'OPTION_A', '2'],
    ['export\tOPTION_A=2', 'OPTION_A', '2'],
    ['  export OPTION_A=2', 'OPTION_A', '2'],
    ['export exportFoo=2', 'exportFoo', '2'],
    ['exportFOO=2', 'exportFOO', '2'],
    ['export_FOO =2', 'export_FOO', '2'],
    ['FOO.BAR=foobar', 'FOO.BAR', 'foobar'],
    ['a[1]=c', 'a[1]', 'c'],
    ['my-key=v', 'my-key', 'v'],
    ['árvíztűrő=tükörfúrógép', 'árvíztűrő', 'tükörfúrógép'],
    ['\tKEY=value', 'KEY', 'value'],
    ['URL=postgres://localhost:5432/db?sslmode=disable', 'URL', 'postgres://localhost:5432/db?sslmode=disable'],
  ];
  for (const [line, key, value] of single) {
    test(`${line} → ${key}=${JSON.stringify(value)}`, () => assert.deepEqual(parse(line), { [key]: value }));
  }

  test('comments, blank lines, CRLF and a BOM are skipped', () => {
    const text = '\uFEFF# header\r\n\r\nA=1\r\n   # indented comment\r\n\tB=2\r\n\r\n';
    assert.deepEqual(parse(text), { A: '1', B: '2' });
  });

  test('quoted values may span lines', () => {
    assert.deepEqual(parse('J="first line\nsecond line"\nK=\'a\nb\'\nZ=last'), {
      J: 'first line\nsecond line',
      K: 'a\nb',
      Z: 'last',
    });
  });

  test('a later definition of a key wins', () => {
    assert.deepEqual(parse('A=1\nA=2'), { A: '2' });
  });

  test('a bare KEY takes its value from the lookup, or is ignored', () => {
    assert.deepEqual(parse('OS_ONLY\nNOT_SET\nEMPTY_OS\nA=1', os), { OS_ONLY: 'from-os', EMPTY_OS: '', A: '1' });
    assert.deepEqual(parse('export OS_ONLY', os), { OS_ONLY: 'from-os' });
    assert.deepEqual(parse('NOT_SET'), {});
  });

  test('the lookup does not override values written in the file', () => {
    assert.deepEqual(parse('OS_ONLY=file', os), { OS_ONLY: 'file' });
  });

  test('keys come back in file order', () => {
    assert.deepEqual([...parseDotEnv('Z=1\nA=2\nM=3', 'f', none).keys()], ['Z', 'A', 'M']);
  });
});

describe('parseDotEnv: interpolation', () => {
  test('earlier variables and the lookup are interpolated in unquoted and double-quoted values', () => {
    assert.deepEqual(parse('FOO=test\nBAR=$FOO\nBAZ=${FOO}bar\nQ="quote $FOO"\nH=${HOME_DIR}/x', os), {
      FOO: 'test',
      BAR: 'test',
      BAZ: 'testbar',
      Q: 'quote test',
      H: '/home/me/x',
    });
  });

  test('the lookup wins over earlier values of the file', () => {
    assert.deepEqual(parse('OS_ONLY=file\nB=$OS_ONLY', os), { OS_ONLY: 'file', B: 'from-os' });
  });

  test('single quotes are literal', () => {
    assert.deepEqual(parse("FOO=x\nBAR='quote $FOO ${FOO}'"), { FOO: 'x', BAR: 'quote $FOO ${FOO}' });
  });

  test('escaped dollars stay literal', () => {
    assert.deepEqual(parse('FOO=test\nA="foo\\$BAR"\nB="foo\\${BAR}"\nC="foo\\${FOO} ${FOO}"\nD=$$FOO'), {
      FOO: 'test',
      A: 'foo$BAR',
      B: 'foo${BAR}',
      C: 'foo${FOO} test',
      D: '$FOO',
    });
  });

  test('defaults and compose-x additions work inside .env', () => {
    assert.deepEqual(parse('A=${UNSET:-dflt}\nB=${!X}\nC=${AWS::Region}'), { A: 'dflt', B: '${X}', C: '${AWS::Region}' });
  });

  test('an undefined variable becomes empty and is reported once as CXI2002', () => {
    const bag = new DiagnosticBag();
    const out = parseDotEnv('A=$NOPE\nB=x${NOPE}', '/p/.env', none, bag);
    assert.deepEqual(Object.fromEntries(out), { A: '', B: 'x' });
    assert.equal(bag.warnings.length, 1);
    assert.equal(bag.warnings[0]?.code, 'CXI2002');
    assert.match(bag.warnings[0]?.message ?? '', /NOPE/);
    assert.deepEqual(bag.warnings[0]?.pos, { file: '/p/.env', line: 1, column: 3 });
  });

  test('a missing required variable is CXI1011 with the line', () => {
    const d = fails('A=1\nB=${X:?needed}');
    assert.equal(d.code, 'CXI1011');
    assert.equal(d.pos?.line, 2);
    assert.match(d.message, /required variable X is missing a value: needed/);
  });

  test('a bad placeholder is CXI1011', () => {
    const d = fails('A="${"');
    assert.equal(d.code, 'CXI1011');
    assert.match(d.message, /invalid interpolation format/);
  });
});

describe('parseDotEnv: errors (CXI1010)', () => {
  test('an unexpected character in a key', () => {
    const d = fails('A=1\n\nlol$wut');
    assert.equal(d.code, 'CXI1010');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.pos, { file: '/p/.env', line: 3, column: 4 });
    assert.match(d.message, /unexpected character "\$" in variable name "lol\$wut"/);
    assert.ok(d.expected);
    assert.ok(d.hint);
  });

  test('a key with a space', () => {
    const d = fails('FOO BAR=1');
    assert.equal(d.code, 'CXI1010');
    assert.match(d.message, /cannot contain a space/);
  });

  test('an empty key', () => {
    assert.equal(fails('="value"').code, 'CXI1010');
  });

  test('an unterminated quoted value', () => {
    const d = fails('A=1\nKEY="value\nB=2');
    assert.equal(d.code, 'CXI1010');
    assert.match(d.message, /unterminated quoted value "value/);
    assert.deepEqual(d.pos, { file: '/p/.env', line: 2, column: 5 });
    assert.equal(fails("K='x").code, 'CXI1010');
  });

  test('text after a closing quote', () => {
    const d = fails('A="x" y');
    assert.equal(d.code, 'CXI1010');
    assert.equal(d.pos?.column, 7);
  });
});
