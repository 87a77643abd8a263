/**
 * Wording helpers for validation messages: how a key path, a value and a JSON type are
 * named in text shown to users (YAML words: "mapping", "sequence").
 */

type KeyPath = ReadonlyArray<string | number>;

/** JSON Schema type name → the word users see. */
export function typeName(t: string): string {
  switch (t) {
    case 'object':
      return 'mapping';
    case 'array':
      return 'sequence';
    default:
      return t;
  }
}

/** The type word with an article: "a mapping", "an integer", "null". */
export function typeWithArticle(t: string): string {
  const name = typeName(t);
  if (name === 'null') return 'null';
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

/** JSON type of a parsed YAML value. */
export function valueType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** "a", "a or b", "a, b or c". */
export function joinOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * How a message names the value at `path`: the last key with the indexes that follow it,
 * e.g. ['services','web','ports',0] → "`ports[0]`"; the empty path is "the document".
 */
export function subject(path: KeyPath): string {
  if (path.length === 0) return 'the document';
  let i = path.length - 1;
  while (i > 0 && typeof path[i] === 'number') i--;
  let out = String(path[i]);
  for (const k of path.slice(i + 1)) out += `[${String(k)}]`;
  return `\`${out}\``;
}

/** A short rendering of a scalar (or a type word for containers) for messages. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return `\`${v.length > 60 ? `${v.slice(0, 57)}...` : v}\``;
  if (typeof v === 'number' || typeof v === 'boolean') return `\`${String(v)}\``;
  return typeWithArticle(valueType(v));
}
