/**
 * The real cfn-lint gate (scripts/cfn-lint.mjs, run by scripts/run-tests.mjs over every template
 * the tests produce): it reports findings and fails, ignores W3002 on root templates only, skips
 * the .params.json / .config.json files, and the literal `${X}` form of the renderer is clean
 * where the `${!X}` escape alone and the bare text are not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { literal, sub } from '../../src/cfn/intrinsics.js';

interface LintScript {
  storeTemplate(dir: string, name: string, text: string, origin: string): string;
  readIndex(dir: string): Map<string, Set<string>>;
}
const SCRIPT = resolve('scripts/cfn-lint.mjs');
const script = (await import(new URL(`file://${SCRIPT}`).href)) as LintScript;

/** A template whose parameter `X` is set as the display name `value` of a topic. */
function topic(value: unknown, resources: Record<string, unknown> = {}): string {
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { X: { Type: 'String' } },
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: value, TopicName: { Ref: 'X' } } }, ...resources },
  });
}

test('cfn-lint gate: reports every finding with its file and fails; W3002 only ignored on root templates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cx-gate-'));
  try {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'escaped.json'), topic(sub('text ${!X}'))); // W1020
    writeFileSync(join(dir, 'bare.json'), topic('text ${X}')); // E1029
    writeFileSync(join(dir, 'sub', 'literal.json'), topic(literal('text ${X} and ${!Y}')));
    writeFileSync(join(dir, 'mixed.json'), topic(sub('${AWS::Region} ${!X}')));
    const nested = { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'child.json' } } };
    writeFileSync(join(dir, 'root.json'), topic('root', nested)); // W3002, ignored on a root template
    writeFileSync(join(dir, 'root.params.json'), '[{"ParameterKey": "X"}]'); // not a template
    writeFileSync(join(dir, 'notes.yml'), 'services: {}\n'); // not a template
    const r = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const findings = r.stdout
      .split('\n')
      .filter((l) => l.startsWith(dir))
      .map((l) => l.slice(dir.length + 1).replace(/:\d+:\d+ /, ' ').split(' ').slice(0, 2).join(' '))
      .sort();
    assert.deepEqual(findings, ['bare.json E1029', 'escaped.json W1020'], r.stdout);
    assert.match(r.stdout, /cfn-lint: 5 template\(s\), 2 finding\(s\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cfn-lint gate: collected templates are stored once per content, with every origin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cx-gate-'));
  try {
    const a = script.storeTemplate(dir, 'a.json', '{"Resources": {}}', 'one');
    const b = script.storeTemplate(dir, 'b.json', '{\n  "Resources": {}\n}\n', 'two');
    const c = script.storeTemplate(dir, 'c.yaml', 'Resources: {}\n', 'three');
    assert.equal(a, b, 'the same JSON document, whatever its layout');
    assert.notEqual(a, c);
    assert.equal(readFileSync(join(dir, a), 'utf8'), '{\n  "Resources": {}\n}\n');
    assert.deepEqual([...script.readIndex(dir)].map(([f, o]) => [f, [...o]]), [
      [a, ['one', 'two']],
      [c, ['three']],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
