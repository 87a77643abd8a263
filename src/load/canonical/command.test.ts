import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { splitCommand } from './command.js';
import { shortFormCases, type Case } from './test-support.js';

const cases: Case[] = [
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
];

shortFormCases('canonicalize: commands', cases);

describe('splitCommand', () => {
  test('splitCommand handles quotes and escapes without expanding anything', () => {
    assert.deepEqual(splitCommand(`a "b c" 'd $e' f\\ g \${H:-x} && i`), ['a', 'b c', 'd $e', 'f g', '${H:-x}', '&&', 'i']);
    assert.deepEqual(splitCommand(''), []);
  });
});
