/**
 * Reports the problems of the networking extensions at a key path of the compose project:
 * file:line from the path, each distinct problem once (a service in two families is checked
 * once per family but reported once).
 */
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatPath, posAt, type Mapping } from '../../load/positions.js';

export type KeyPath = ReadonlyArray<string | number>;

export interface Problem {
  code: string;
  path: KeyPath;
  message: string;
  expected?: string;
  hint?: string;
}

export class Reporter {
  private readonly seen = new Set<string>();

  constructor(
    private readonly doc: Mapping,
    private readonly bag: DiagnosticBag,
  ) {}

  error(p: Problem): void {
    this.emit('error', p);
  }

  warn(p: Problem): void {
    this.emit('warning', p);
  }

  private emit(severity: 'error' | 'warning', p: Problem): void {
    const path = formatPath(p.path);
    const key = `${p.code}\u0000${path}\u0000${p.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const d = { code: p.code, message: p.message, path, pos: posAt(this.doc, p.path), expected: p.expected, hint: p.hint };
    if (severity === 'error') this.bag.error(d);
    else this.bag.warn(d);
  }
}

/** "a, b and c" for messages. */
export function listOf(items: readonly string[]): string {
  if (items.length === 0) return '(none)';
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
