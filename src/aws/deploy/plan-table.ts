/** Prints a change set's changes as a readable table: adds, modifications (with replacement), removals. */
import type { ChangeRow } from './change-set.js';

const ORDER: Record<string, number> = { Add: 0, Modify: 1, Import: 2, Dynamic: 3, Remove: 4 };
const SIGN: Record<string, string> = { Add: '+', Modify: '~', Remove: '-', Import: '>', Dynamic: '?' };

export function planTable(rootName: string, rows: ChangeRow[]): string {
  const count = (a: string) => rows.filter((r) => r.action === a).length;
  const head = `Changes to stack ${rootName}: ${count('Add')} to add, ${count('Modify')} to modify, ${count('Remove')} to remove\n`;
  if (rows.length === 0) return head;
  const sorted = [...rows].sort(
    (a, b) => (ORDER[a.action] ?? 9) - (ORDER[b.action] ?? 9) || a.stack.localeCompare(b.stack) || a.logicalId.localeCompare(b.logicalId),
  );
  const table: string[][] = [['', 'Action', 'Stack', 'Logical ID', 'Type', 'Replacement']];
  for (const r of sorted) {
    let repl = '';
    if (r.action === 'Modify') {
      repl = r.replacement === 'True' ? 'REPLACED' : r.replacement === 'Conditional' ? 'maybe replaced' : 'no';
      if (r.details.length > 0) repl += ` (${r.details.join(', ')})`;
    }
    table.push([SIGN[r.action] ?? ' ', r.action, r.stack || rootName, r.logicalId, r.type, repl]);
  }
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const lines = table.map((row) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w, i) => (i === 0 ? ' ' : '-'.repeat(w))).join('  '));
  return `${head}\n${lines.map((l) => '  ' + l).join('\n')}\n`;
}
