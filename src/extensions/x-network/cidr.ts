/**
 * CIDR blocks of ingress sources: IPv4 (`a.b.c.d/n`) and IPv6 (`x:y::z/n`), with the host bits
 * of the address clear (`10.0.0.1/24` is rejected: the network is 10.0.0.0/24, the host 10.0.0.1/32).
 */

export type CidrCheck = { ok: true; cidr: string } | { ok: false; reason: 'format' | 'host-bits'; network?: string };

export function checkIpv4Cidr(text: string): CidrCheck {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return { ok: false, reason: 'format' };
  const parts = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (parts.some((p) => p > 255) || prefix > 32 || m.slice(1, 6).some((p) => p.length > 1 && p.startsWith('0'))) {
    return { ok: false, reason: 'format' };
  }
  const addr = parts.reduce((a, p) => a * 256n + BigInt(p), 0n);
  const network = maskOff(addr, 32, prefix);
  if (network !== addr) return { ok: false, reason: 'host-bits', network: `${formatV4(network)}/${prefix}` };
  return { ok: true, cidr: text };
}

export function checkIpv6Cidr(text: string): CidrCheck {
  const m = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(text);
  if (!m) return { ok: false, reason: 'format' };
  const prefix = Number(m[2]);
  const addr = parseV6(m[1]);
  if (addr === undefined || prefix > 128 || (m[2].length > 1 && m[2].startsWith('0'))) return { ok: false, reason: 'format' };
  const network = maskOff(addr, 128, prefix);
  if (network !== addr) return { ok: false, reason: 'host-bits', network: `${formatV6(network)}/${prefix}` };
  return { ok: true, cidr: text };
}

function maskOff(addr: bigint, bits: number, prefix: number): bigint {
  const host = (1n << BigInt(bits - prefix)) - 1n;
  return addr & ~host;
}

function formatV4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((a, g) => a * 65536n + BigInt(parseInt(g, 16)), 0n);
}

function formatV6(n: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((n >> BigInt(i * 16)) & 0xffffn));
  // compress the longest run of zero groups (RFC 5952)
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i > 1) best = { start: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.len).join(':')}`;
}
