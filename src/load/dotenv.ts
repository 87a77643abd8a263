/**
 * `.env` files, parsed the way docker compose (compose-go `dotenv/`) reads them.
 *
 * - `KEY=VALUE` or `KEY: VALUE`, optional `export ` prefix, `#` comment lines and blank lines.
 * - Key characters: letters, digits, `_`, `.`, `-`, `[`, `]`.
 * - A key alone on its line takes its value from the lookup; when the lookup has none the line
 *   is ignored.
 * - Unquoted values run to the end of the line; ` #` starts a trailing comment; trailing
 *   whitespace is dropped; `${X}` placeholders are interpolated.
 * - Single quotes: literal text (only `\'` is unescaped), may span lines.
 * - Double quotes: escapes (`\n`, `\r`, `\t`, `\"`, `\\`, `\$`, octal `\0ddd`…) and then
 *   interpolation; may span lines.
 * - Placeholders see the lookup first, then the variables defined earlier in the file.
 *
 * Deliberately stricter than compose-go: an empty key, or text after a closing quote other than a
 * comment, is an error instead of being silently misread.
 */
import { UserError, type DiagnosticBag, type SourcePos } from '../diagnostics/diagnostic.js';
import { InterpolationError, interpolateString, type VarLookup } from './interpolate.js';

const EXPECTED_LINE = 'KEY=VALUE, export KEY=VALUE, KEY alone, or a # comment';

/**
 * Parses a `.env` file. Returns the variables it defines, in file order. Throws UserError (CXI1010
 * for a malformed line, CXI1011 for a value that cannot be interpolated). Variables used by
 * placeholders but set nowhere are reported as CXI2002 warnings when `warnings` is given.
 */
export function parseDotEnv(text: string, file: string, lookup: VarLookup, warnings?: DiagnosticBag): Map<string, string> {
  return new DotEnvParser(text, file, lookup, warnings).parse();
}

class DotEnvParser {
  private readonly src: string;
  private readonly lineStarts: number[] = [0];
  private readonly out = new Map<string, string>();
  private readonly warned = new Set<string>();
  private i = 0;

  constructor(
    text: string,
    private readonly file: string,
    private readonly lookup: VarLookup,
    private readonly warnings: DiagnosticBag | undefined,
  ) {
    this.src = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
    for (let k = 0; k < this.src.length; k++) if (this.src[k] === '\n') this.lineStarts.push(k + 1);
  }

  parse(): Map<string, string> {
    while (this.skipBlankAndComments()) this.statement();
    return this.out;
  }

  /** Moves to the start of the next statement; false at the end of the text. */
  private skipBlankAndComments(): boolean {
    const { src } = this;
    for (;;) {
      while (this.i < src.length && /\s/.test(src[this.i] as string)) this.i++;
      if (this.i >= src.length) return false;
      if (src[this.i] !== '#') return true;
      const nl = src.indexOf('\n', this.i);
      if (nl < 0) return false;
      this.i = nl;
    }
  }

  private statement(): void {
    const { src } = this;
    const exportPrefix = /^export[ \t\v\f]+/.exec(src.slice(this.i, this.i + 64));
    if (exportPrefix) this.i += exportPrefix[0].length;
    const keyStart = this.i;
    let j = this.i;
    let sep: string | undefined;
    while (j < src.length) {
      const cp = src.codePointAt(j) as number;
      const ch = String.fromCodePoint(cp);
      if (ch === '=' || ch === ':' || ch === '\n') {
        sep = ch;
        break;
      }
      if (!isInlineSpace(ch) && !isKeyChar(ch)) {
        const lineText = src.slice(keyStart, lineEnd(src, keyStart));
        this.fail(j, `unexpected character ${JSON.stringify(ch)} in variable name ${JSON.stringify(lineText)}`,
          'variable names use letters, digits, "_", ".", "-", "[" and "]"');
      }
      j += ch.length;
    }
    const key = src.slice(keyStart, j).replace(/[ \t\v\f\r\u0085\u00a0]+$/, '');
    if (key === '') this.fail(keyStart, 'missing variable name', 'write KEY=VALUE');
    if (/[ \t\v\f\r\u0085\u00a0]/.test(key)) {
      this.fail(keyStart, `variable name ${JSON.stringify(key)} cannot contain a space`, 'write KEY=VALUE with no space inside KEY');
    }
    if (sep === undefined || sep === '\n') {
      // A bare KEY inherits its value, or is ignored when nothing defines it.
      const inherited = this.resolve(key);
      if (inherited !== undefined) this.out.set(key, inherited);
      this.i = j;
      return;
    }
    this.i = j + 1;
    while (this.i < src.length && isInlineSpace(src[this.i] as string)) this.i++;
    const quote = src[this.i];
    const valueStart = this.i;
    const value = quote === '"' || quote === "'" ? this.quotedValue(quote, key) : this.unquotedValue(key, valueStart);
    this.out.set(key, value);
  }

  private unquotedValue(key: string, start: number): string {
    const end = lineEnd(this.src, start);
    let raw = this.src.slice(start, end);
    const comment = raw.indexOf(' #');
    if (comment >= 0) raw = raw.slice(0, comment);
    raw = raw.replace(/\s+$/, '');
    this.i = end;
    return this.expand(raw, key, start);
  }

  private quotedValue(quote: string, key: string): string {
    const { src } = this;
    const open = this.i;
    let chars = '';
    let escaped = false;
    for (let k = open + 1; k < src.length; k++) {
      const c = src[k] as string;
      if (c !== quote) {
        if (!escaped && c === '\\') {
          escaped = true;
          continue;
        }
        if (escaped) chars += '\\';
        escaped = false;
        chars += c;
        continue;
      }
      if (escaped) {
        escaped = false;
        chars += c;
        continue;
      }
      this.i = k + 1;
      this.expectLineEnd(quote);
      return quote === '"' ? this.expand(unescapeDoubleQuoted(chars), key, open) : chars;
    }
    const shown = src.slice(open, lineEnd(src, open));
    return this.fail(open, `unterminated quoted value ${shown}`, `close the value with ${quote}`);
  }

  /** After a closing quote only blanks and a `#` comment may follow on the same line. */
  private expectLineEnd(quote: string): void {
    const { src } = this;
    let k = this.i;
    while (k < src.length && isInlineSpace(src[k] as string)) k++;
    if (k >= src.length || src[k] === '\n') {
      this.i = k;
      return;
    }
    if (src[k] === '#') {
      this.i = lineEnd(src, k);
      return;
    }
    this.fail(k, `unexpected text after the closing ${quote}`, `put the whole value inside the quotes, or start a comment with " #"`);
  }

  private resolve(name: string): string | undefined {
    return this.lookup(name) ?? this.out.get(name);
  }

  private expand(raw: string, key: string, offset: number): string {
    try {
      const { value, unset } = interpolateString(raw, (n) => this.resolve(n));
      for (const name of unset) this.warnUnset(name, offset);
      return value;
    } catch (e) {
      if (!(e instanceof InterpolationError)) throw e;
      throw new UserError([
        {
          code: 'CXI1011',
          severity: 'error',
          message: `value of ${key}: ${e.message}`,
          pos: this.pos(offset),
          expected: e.kind === 'required' ? `a value for variable ${e.variable ?? ''}` : 'a valid placeholder',
          hint: e.hint,
        },
      ]);
    }
  }

  private warnUnset(name: string, offset: number): void {
    if (!this.warnings || this.warned.has(name)) return;
    this.warned.add(name);
    this.warnings.warn({
      code: 'CXI2002',
      message: `variable ${name} is not set; an empty string is used`,
      pos: this.pos(offset),
      hint: `define ${name} earlier in the file or in the environment`,
    });
  }

  private fail(offset: number, message: string, hint: string): never {
    throw new UserError([{ code: 'CXI1010', severity: 'error', message, pos: this.pos(offset), expected: EXPECTED_LINE, hint }]);
  }

  private pos(offset: number): SourcePos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - (this.lineStarts[lo] as number) + 1 };
  }
}

function lineEnd(src: string, from: number): number {
  const nl = src.indexOf('\n', from);
  return nl < 0 ? src.length : nl;
}

function isInlineSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\v' || ch === '\f' || ch === '\r' || ch === '\u0085' || ch === '\u00a0';
}

function isKeyChar(ch: string): boolean {
  return ch === '_' || ch === '.' || ch === '-' || ch === '[' || ch === ']' || /^[\p{L}\p{N}]$/u.test(ch);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
  // `\$` keeps a literal dollar through the interpolation that follows.
  $: '$$',
};

/** Shell-style escapes of a double-quoted value; unknown escapes are kept as written. */
function unescapeDoubleQuoted(s: string): string {
  let out = '';
  let k = 0;
  while (k < s.length) {
    const c = s[k] as string;
    if (c !== '\\' || k + 1 >= s.length) {
      out += c;
      k++;
      continue;
    }
    const next = s[k + 1] as string;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      k += 2;
      continue;
    }
    if (next === '0') {
      const digits = /^\d{0,3}/.exec(s.slice(k + 2, k + 5))?.[0] ?? '';
      const code = /^[0-7]{3}$/.test(digits) ? parseInt(digits, 8) : NaN;
      out += code <= 0o377 ? String.fromCharCode(code) : '\\0' + digits;
      k += 2 + digits.length;
      continue;
    }
    out += c;
    k++;
  }
  return out;
}
