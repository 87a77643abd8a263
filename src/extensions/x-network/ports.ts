/**
 * Which of a family's ports an ingress source opens: all of them, or those its `Ports` lists.
 * A listed port the family does not expose is an error (a rule on it would open nothing).
 */
import type { FamilyStack } from '../../synth/family.js';
import { listOf, type KeyPath, type Reporter } from './report.js';

export interface FamilyPort {
  port: number;
  protocol: 'tcp' | 'udp';
}

export function portsFor(fs: FamilyStack, filter: unknown, path: KeyPath, r: Reporter): FamilyPort[] {
  const all = fs.ports;
  if (!Array.isArray(filter)) return all;
  const known = [...new Set(all.map((p) => p.port))];
  filter.forEach((p, i) => {
    if (typeof p === 'number' && known.includes(p)) return;
    r.error({
      code: 'CXN1003',
      path: [...path, i],
      message: `port ${String(p)} is not a port of family "${fs.family.name}"`,
      expected: known.length > 0 ? `one of the family's ports: ${listOf(known.map(String))}` : 'no Ports: the family exposes no port',
      hint: 'ingress rules open the ports the family\'s services declare in `ports:`; add the port there or remove it from Ports',
    });
  });
  return all.filter((p) => filter.includes(p.port));
}

/** `Tcp` / `Udp`, as used in logical IDs of rules between families. */
export function title(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
