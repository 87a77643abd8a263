/**
 * Fixtures for the canonical tests: compose YAML parsed with positions and canonicalized
 * against a fixed project and home folder, and a runner for short-form cases.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { parseYamlFile } from '../parse.js';
import type { Mapping } from '../positions.js';
import { canonicalize } from './index.js';

export const PROJECT = '/proj';
export const HOME = '/home/me';

export function doc(text: string, file = 'compose.yml'): Mapping {
  const bag = new DiagnosticBag();
  const docs = parseYamlFile(text, file, bag);
  assert.deepEqual(bag.items, [], 'fixture must parse');
  return docs[0].tree as Mapping;
}

export function canon(text: string, bag = new DiagnosticBag()): Mapping {
  return canonicalize(doc(text), { projectDir: PROJECT, bag, home: HOME });
}

/** The canonical form of service `s` given the YAML of its body, as plain JSON data. */
export function service(body: string, bag = new DiagnosticBag()): Mapping {
  const out = canon(`services:\n  s: ${body}\n`, bag);
  return JSON.parse(JSON.stringify((out.services as Mapping).s)) as Mapping;
}

export interface Case {
  name: string;
  /** Service body (flow YAML). */
  input: string;
  /** Expected keys of the canonical service (flow YAML); other keys are not compared. */
  expected: string;
}

/** One test a case: the service body canonicalizes without diagnostics to the expected keys. */
export function shortFormCases(title: string, cases: readonly Case[]): void {
  describe(title, () => {
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
}
