/**
 * Stage 1 of the loader: YAML text → plain JavaScript trees (one per YAML document), with the
 * position of every node registered in positions.ts. Anchors, aliases and `<<` merge keys are
 * expanded; duplicate keys and non-string keys are rejected; `!reset` / `!override` become
 * marker objects for the merge stage.
 */
import { LineCounter, Parser, Composer, isAlias, isMap, isPair, isScalar, isSeq, isDocument } from 'yaml';
import type { Document, Node as YamlNode, Pair, YAMLMap, YAMLSeq, Alias } from 'yaml';
import { DiagnosticBag, type SourcePos } from '../diagnostics/diagnostic.js';
import { setKeyPos, setSelfPos, formatPath } from './positions.js';
import { OverrideTag, ResetTag } from './tags.js';

export interface ParsedDocument {
  file: string;
  /** Index of the document inside the file (0 for the first). */
  index: number;
  tree: unknown;
}

const MERGE_KEY = '<<';

/** Parses every document of a YAML file. Problems go to `bag`; documents with errors are dropped. */
export function parseYamlFile(text: string, file: string, bag: DiagnosticBag): ParsedDocument[] {
  const lineCounter = new LineCounter();
  const docs: Document.Parsed[] = [];
  const composer = new Composer({ merge: false, uniqueKeys: false, prettyErrors: false, strict: false });
  for (const d of composer.compose(new Parser(lineCounter.addNewLine).parse(text), true, text.length)) {
    docs.push(d as Document.Parsed);
  }
  const posOf = (offset: number): SourcePos => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };

  const out: ParsedDocument[] = [];
  docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        bag.error({
          code: 'CXP1001',
          message: yamlErrorMessage(e.code, e.message),
          pos: posOf(e.pos[0]),
          expected: 'valid YAML',
          hint: yamlErrorHint(e.code, e.message),
        });
      }
      return;
    }
    if (doc.contents === null) return; // empty document
    const conv = new Converter(doc, posOf, bag);
    const tree = conv.convert(doc.contents as YamlNode, [], new Set());
    if (tree === null) return; // a document holding only `---` or comments
    out.push({ file, index, tree });
  });
  return out;
}

function yamlErrorMessage(code: string, message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'UNEXPECTED_TOKEN':
      return `YAML structure error: ${first}`;
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return `YAML indentation error: ${first}`;
    default:
      return `YAML syntax error: ${first}`;
  }
}

function yamlErrorHint(code: string, message: string): string {
  if (/sequence|block seq|list/i.test(message) || code === 'BLOCK_AS_IMPLICIT_KEY') {
    return 'a list item ("- ...") cannot stand where a mapping key is expected; check the indentation of this line and the one above';
  }
  if (/indent/i.test(message) || code === 'BAD_INDENT') {
    return 'entries of one mapping must start at the same column; YAML uses spaces, never tabs';
  }
  if (/tab/i.test(message)) return 'YAML does not allow tab characters for indentation; use spaces';
  return 'check the YAML syntax around this position (quotes, colons, indentation)';
}

class Converter {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly posOf: (offset: number) => SourcePos,
    private readonly bag: DiagnosticBag,
  ) {}

  private pos(node: { range?: [number, number, number] | null } | null | undefined): SourcePos | undefined {
    const r = node?.range;
    return r ? this.posOf(r[0]) : undefined;
  }

  convert(node: YamlNode | null, path: (string | number)[], aliasStack: Set<YamlNode>): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = (node as Alias).resolve(this.doc);
      if (!target) {
        this.bag.error({ code: 'CXP1002', message: `unknown alias *${(node as Alias).source}`, pos: this.pos(node), path: formatPath(path) });
        return null;
      }
      if (aliasStack.has(target)) {
        this.bag.error({ code: 'CXP1003', message: `recursive alias *${(node as Alias).source}`, pos: this.pos(node), path: formatPath(path) });
        return null;
      }
      const next = new Set(aliasStack);
      next.add(target);
      return this.convert(target, path, next);
    }
    const tag = (node as { tag?: string }).tag;
    if (tag === '!reset') return new ResetTag();
    const value = this.convertPlain(node, path, aliasStack);
    if (tag === '!override') return new OverrideTag(value);
    return value;
  }

  private convertPlain(node: YamlNode, path: (string | number)[], aliasStack: Set<YamlNode>): unknown {
    if (isScalar(node)) {
      // YAML 1.1 octal (`mode: 0440`), as docker compose's parser reads it.
      const src = (node as { source?: string }).source;
      if (typeof node.value === 'number' && node.type === 'PLAIN' && typeof src === 'string' && /^0[0-7]+$/.test(src)) return parseInt(src, 8);
      return node.value === undefined ? null : node.value;
    }
    if (isSeq(node)) return this.convertSeq(node as YAMLSeq, path, aliasStack);
    if (isMap(node)) return this.convertMap(node as YAMLMap, path, aliasStack);
    if (isPair(node)) return null;
    if (isDocument(node)) return null;
    return null;
  }

  private convertSeq(node: YAMLSeq, path: (string | number)[], aliasStack: Set<YamlNode>): unknown[] {
    const out: unknown[] = [];
    setSelfPos(out, this.pos(node));
    node.items.forEach((item, i) => {
      const child = this.convert(item as YamlNode, [...path, i], aliasStack);
      setKeyPos(out, i, this.pos(item as YamlNode));
      out.push(child);
    });
    return out;
  }

  private convertMap(node: YAMLMap, path: (string | number)[], aliasStack: Set<YamlNode>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    setSelfPos(out, this.pos(node));
    const seen = new Map<string, SourcePos | undefined>();
    const merges: Pair[] = [];
    for (const pair of node.items as Pair[]) {
      const keyNode = pair.key as YamlNode | null;
      if (isScalar(keyNode) && keyNode.value === MERGE_KEY && !keyNode.type?.startsWith('QUOTE')) {
        merges.push(pair);
        continue;
      }
      const key = this.keyString(keyNode, path);
      if (key === undefined) continue;
      const keyPos = this.pos(keyNode);
      if (seen.has(key)) {
        const first = seen.get(key);
        this.bag.error({
          code: 'CXP1004',
          message: `mapping key "${key}" already defined${first ? ` at line ${first.line}` : ''}`,
          pos: keyPos,
          path: formatPath([...path, key]),
          expected: 'each key at most once in a mapping',
          hint: 'remove one of the two entries, or merge their contents',
        });
        continue;
      }
      seen.set(key, keyPos);
      const value = this.convert(pair.value as YamlNode | null, [...path, key], aliasStack);
      defineKey(out, key, value);
      setKeyPos(out, key, keyPos);
    }
    // `<<` merge keys: local keys win over merged ones; in `<<: [*a, *b]` the first source wins.
    for (const pair of merges) {
      const sources = this.mergeSources(pair.value as YamlNode | null, path, aliasStack);
      for (const src of sources) {
        for (const [k, v] of Object.entries(src)) {
          if (Object.prototype.hasOwnProperty.call(out, k)) continue;
          defineKey(out, k, v);
          setKeyPos(out, k, this.pos(pair.key as YamlNode));
        }
      }
    }
    return out;
  }

  private mergeSources(value: YamlNode | null, path: (string | number)[], aliasStack: Set<YamlNode>): Record<string, unknown>[] {
    const items: (YamlNode | null)[] = isSeq(value) ? ((value as YAMLSeq).items as YamlNode[]) : [value];
    const out: Record<string, unknown>[] = [];
    for (const item of items) {
      const v = this.convert(item, path, aliasStack);
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof ResetTag) && !(v instanceof OverrideTag)) {
        out.push(v as Record<string, unknown>);
      } else {
        this.bag.error({
          code: 'CXP1005',
          message: 'a "<<" merge key must refer to a mapping or a list of mappings',
          pos: this.pos(item ?? undefined),
          path: formatPath(path),
          expected: 'mapping',
          hint: 'use `<<: *anchor` where the anchor names a mapping',
        });
      }
    }
    return out;
  }

  private keyString(keyNode: YamlNode | null, path: (string | number)[]): string | undefined {
    if (isScalar(keyNode)) {
      const v = keyNode.value;
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean') {
        const src = (keyNode as { source?: string }).source ?? String(v);
        // ECS Compose-X 1.x files key some x- settings by number (x-elbv2 `Listeners: {80: ...}`):
        // inside an x- extension such keys keep their text. docker compose rejects them elsewhere.
        if (path.some((p) => typeof p === 'string' && p.startsWith('x-'))) return src;
        this.bag.error({
          code: 'CXP1006',
          message: `mapping key ${src} is a ${typeof v}, not a string`,
          pos: this.pos(keyNode),
          path: formatPath(path),
          expected: 'a string key',
          hint: `quote the key: "${src}"`,
        });
        return undefined;
      }
      if (v === null) {
        this.bag.error({ code: 'CXP1006', message: 'empty mapping key', pos: this.pos(keyNode), path: formatPath(path), expected: 'a string key' });
        return undefined;
      }
    }
    this.bag.error({
      code: 'CXP1006',
      message: 'mapping keys must be strings',
      pos: this.pos(keyNode ?? undefined),
      path: formatPath(path),
      expected: 'a string key',
      hint: 'complex keys (mappings or lists used as keys) are not allowed in compose files',
    });
    return undefined;
  }
}

/** Sets a key safely, even for names like `__proto__`. */
function defineKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
