/**
 * Diagnostics: every problem the user can fix is a Diagnostic with a permanent code, a
 * source position (file:line:column), the key path, what was expected and a hint.
 * Stages collect diagnostics and fail once with all of them (see UserError).
 */

export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** Dotted key path, e.g. services.web.ports[0] */
  path?: string;
  pos?: SourcePos;
  expected?: string;
  hint?: string;
}

const USER_ERROR = Symbol.for('ecs-compose-x.UserError');

/** Thrown when the user's input cannot be processed; carries every diagnostic found. */
export class UserError extends Error {
  readonly [USER_ERROR] = true;
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('; '));
    this.name = 'UserError';
    this.diagnostics = diagnostics;
  }

  static is(e: unknown): e is UserError {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[USER_ERROR] === true;
  }
}

/** Collects diagnostics for one stage; `fail()` throws if any error was reported. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  error(d: Omit<Diagnostic, 'severity'>): void {
    this.items.push({ ...d, severity: 'error' });
  }

  warn(d: Omit<Diagnostic, 'severity'>): void {
    this.items.push({ ...d, severity: 'warning' });
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  /** Throws a UserError holding every diagnostic (warnings included) when there is an error. */
  throwIfErrors(): void {
    if (this.hasErrors()) throw new UserError(sortDiagnostics(this.items));
  }
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => {
    const fa = a.pos?.file ?? '';
    const fb = b.pos?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.pos?.line ?? 0;
    const lb = b.pos?.line ?? 0;
    if (la !== lb) return la - lb;
    return (a.pos?.column ?? 0) - (b.pos?.column ?? 0);
  });
}

/** Formats one diagnostic as the CLI prints it. */
export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  const where = d.pos ? `${relative(d.pos.file, cwd)}:${d.pos.line}:${d.pos.column}: ` : '';
  const lines = [`${where}${d.severity} ${d.code}: ${d.message}`];
  if (d.path) lines.push(`  at: ${d.path}`);
  if (d.expected) lines.push(`  expected: ${d.expected}`);
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

function relative(file: string, cwd: string): string {
  if (file.startsWith(cwd + '/')) return file.slice(cwd.length + 1);
  return file;
}
