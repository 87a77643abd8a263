/**
 * Serialises a template (or its document) to JSON or YAML text, deterministically.
 *
 * JSON: 2-space indent and a trailing newline.
 * YAML: long-form intrinsics (`Fn::Sub:` keys, never `!Sub` tags), no anchors/aliases, no line
 * folding, and every string that a YAML 1.1 or 1.2 parser would read as something else
 * (`"0012"`, `"true"`, `"yes"`, `"1:20"`, `"~"`, `"0o17"`, …) double-quoted, so that it
 * round-trips as a string whatever parser CloudFormation or a user's tool uses.
 */

import { Document, parse, Scalar, visit } from 'yaml';
import type { Template, TemplateDocument } from './template.js';

export type Serializable = Template | TemplateDocument;

function documentOf(t: Serializable): TemplateDocument {
  return 'toJSON' in t && typeof t.toJSON === 'function' ? t.toJSON() : (t as TemplateDocument);
}

export function toJson(t: Serializable): string {
  return JSON.stringify(documentOf(t), null, 2) + '\n';
}

export function toYaml(t: Serializable): string {
  const doc = new Document(documentOf(t), { aliasDuplicateObjects: false });
  const memo = new Map<string, boolean>();
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      let quote = memo.get(node.value);
      if (quote === undefined) {
        // `<<` is the YAML 1.1 merge key: a plain `<<` key would merge instead of being a key.
        quote = node.value === '<<' || readsAsNonString(node.value);
        memo.set(node.value, quote);
      }
      if (quote) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true });
}

/** True when the plain scalar `text` would not be read back as that same string by YAML 1.1 or 1.2. */
export function readsAsNonString(text: string): boolean {
  if (text === '' || !PLAIN_CANDIDATE.test(text)) return false;
  if (!KEYWORD.test(text) && !NUMERIC_START.test(text)) return false;
  return !readsBackAs(text, '1.2') || !readsBackAs(text, '1.1');
}

// Cheap filters before asking the parser (which is the source of truth). Only strings made of
// these characters can resolve to a number, bool, null, date or similar; anything else is left
// to the library, which already quotes what it must.
const PLAIN_CANDIDATE = /^[-+.:0-9A-Za-z_~]+$/;
// The only non-numeric plain scalars that resolve to another type in YAML 1.1 or 1.2 core.
const KEYWORD = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
// Every int / float / inf / nan / timestamp / sexagesimal form of YAML 1.1 and 1.2 starts so
// (the `yaml` package's 1.1 float rule even reads `e0` or `E5` as a number).
const NUMERIC_START = /^[-+]?[.0-9eE]/;

function readsBackAs(text: string, version: '1.1' | '1.2'): boolean {
  try {
    const v: unknown = parse(`k: ${text}`, { version });
    return typeof v === 'object' && v !== null && (v as Record<string, unknown>).k === text;
  } catch {
    return false;
  }
}
