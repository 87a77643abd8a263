/**
 * Test helper: lints a CloudFormation document offline with AWS's `@aws/cloudformation-validate`
 * (CEL engine) and returns the findings of severity WARN or above.
 *
 * The engine takes ~4-5 s to create, so it is created once per process and reused; each
 * template then takes a few milliseconds (the first one ~100 ms).
 *
 * Behaviour of the validator worth knowing (version 1.9.0-beta):
 *  - Nested stacks are not followed: an AWS::CloudFormation::Stack with a relative TemplateURL
 *    (`iam.json`) yields only W3002 "may only work with 'package' cli command"; the child
 *    template is never read, and `Fn::GetAtt [stack, Outputs.X]` is accepted for any X.
 *    W3002 is therefore ignored by default (see DEFAULT_IGNORED_RULES): lint each nested
 *    template on its own.
 *  - Fn::Sub with an undefined variable: F1018 (FATAL). A literal `${X}` outside Fn::Sub in
 *    e.g. an ECS container Environment value: E1029. `${!X}` inside Fn::Sub is clean.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CelEngine, TemplateFile } from '@aws/cloudformation-validate';
import type { Engine, StandardDiagnostic } from '@aws/cloudformation-validate';
import { collectTemplate } from './lint-collector.js';

export interface Finding {
  ruleId: string;
  severity: 'WARN' | 'ERROR' | 'FATAL';
  message: string;
  /** Logical ID of the entity (resource, parameter, output...) the finding is about. */
  logicalId?: string;
  /** Property path inside the entity, e.g. `Properties.TopicName`. */
  propertyPath?: string;
  line?: number;
  column?: number;
}

export interface LintOptions {
  /** Rule IDs to drop. Defaults to DEFAULT_IGNORED_RULES. */
  ignore?: readonly string[];
}

/** W3002: relative TemplateURL on a nested stack; expected for rendered (not yet uploaded) root stacks. */
export const DEFAULT_IGNORED_RULES: readonly string[] = ['W3002'];

let engine: Engine | undefined;
let workDir: string | undefined;
let counter = 0;

function getEngine(): Engine {
  engine ??= new CelEngine();
  return engine;
}

function getWorkDir(): string {
  if (workDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'cx-cfn-lint-'));
    workDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return workDir;
}

/** Lints `doc` (a template document, or anything whose JSON form is one). */
export function lintTemplate(doc: object, options: LintOptions = {}): Finding[] {
  const ignore = new Set(options.ignore ?? DEFAULT_IGNORED_RULES);
  const file = join(getWorkDir(), `template-${process.pid}-${counter++}.json`);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  try {
    const report = getEngine().validateStandard(new TemplateFile(file), { severityLevel: 'WARN' });
    const findings = report.diagnostics
      .filter((d) => !ignore.has(d.ruleId))
      .map(toFinding)
      .filter((f) => !certificateFromParameter(doc, f));
    if (report.status !== 'OK') {
      findings.unshift({ ruleId: 'VALIDATOR', severity: 'ERROR', message: `validator status ${report.status}` });
    }
    return findings;
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * The validator's E3676 ("HTTPS listener requires Certificates") does not see a certificate
 * whose ARN is a Ref / GetAtt (e.g. a parameter fed from the certificate stack); real
 * CloudFormation and cfn-lint accept it. Dropped only when every certificate of that listener
 * is such an intrinsic.
 */
function certificateFromParameter(doc: object, f: Finding): boolean {
  if (f.ruleId !== 'E3676' || f.logicalId === undefined) return false;
  const resources = (doc as { Resources?: Record<string, { Properties?: { Certificates?: unknown } }> }).Resources ?? {};
  const certs = resources[f.logicalId]?.Properties?.Certificates;
  return Array.isArray(certs) && certs.length > 0 && certs.every((c) => typeof c === 'object' && c !== null && typeof (c as { CertificateArn?: unknown }).CertificateArn === 'object');
}

function toFinding(d: StandardDiagnostic): Finding {
  const f: Finding = { ruleId: d.ruleId, severity: toSeverity(d.severity), message: d.message };
  if (d.entity?.logicalId) f.logicalId = d.entity.logicalId;
  if (d.propertyPath) f.propertyPath = d.propertyPath;
  if (d.startLine !== undefined) f.line = d.startLine;
  if (d.startColumn !== undefined) f.column = d.startColumn;
  return f;
}

function toSeverity(s: StandardDiagnostic['severity']): Finding['severity'] {
  return s === 'FATAL' || s === 'ERROR' ? s : 'WARN';
}

/** One line per finding: `E3005 ERROR Topic Properties.X (12:5): message`. */
export function formatFinding(f: Finding): string {
  const where = [f.logicalId, f.propertyPath].filter((x) => x !== undefined).join(' ');
  const at = f.line !== undefined ? ` (${f.line}:${f.column ?? 0})` : '';
  return `${f.ruleId} ${f.severity}${where ? ' ' + where : ''}${at}: ${f.message}`;
}

/**
 * Throws an AssertionError listing every finding when `doc` is not lint-clean. A clean template
 * is also handed to the real cfn-lint run after the tests (see lint-collector.ts).
 */
export function assertLintClean(doc: object, label: string, options: LintOptions = {}): void {
  const findings = lintTemplate(doc, options);
  if (findings.length === 0) {
    collectTemplate('template.json', JSON.stringify(doc), label);
    return;
  }
  throw new assert.AssertionError({
    message: `${label}: ${findings.length} cfn-lint finding(s)\n` + findings.map((f) => '  ' + formatFinding(f)).join('\n'),
    actual: findings,
    expected: [],
    operator: 'assertLintClean',
  });
}
