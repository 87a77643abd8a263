/**
 * Ports: the short syntax `[ip:][host:]container[/proto]` with ranges, the long form and bare
 * integers turned into docker's long form, the identity docker de-duplicates ports by, and
 * `expose` entries as strings.
 */
import { isIP } from 'node:net';
import { isMapping, keyPos, type Mapping } from '../positions.js';
import { isSpecError, type SpecError } from './spec-error.js';
import { copyMapping, describe, ordered, stableText, stamp, uniqueBy } from './tree.js';
import { mapList, report, type Transform } from './walk.js';

const PORT_ORDER = ['name', 'mode', 'host_ip', 'target', 'published', 'protocol', 'app_protocol'] as const;
const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);
const PORT_EXPECTED =
  'a port "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]" with ports 1-65535 (ranges like "8000-8002"), an integer, or a mapping with `target`';
const PORT_HINT = 'e.g. "8080:80", "127.0.0.1:8080:80/udp", 80, or {target: 80, published: "8080"}';

function portError(error: string): SpecError {
  return { error, expected: PORT_EXPECTED, hint: PORT_HINT };
}

interface PortRange {
  start: number;
  end: number;
}

function parsePortRange(text: string, what: string): PortRange | SpecError {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return portError(`${what} "${text}" is not a port number or range`);
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535) return portError(`${what} "${text}" is above 65535`);
  if (end < start) return portError(`${what} range "${text}" ends before it starts`);
  return { start, end };
}

function portMapping(fields: { host_ip?: string; target: number; published?: string; protocol: string }): Mapping {
  const m: Mapping = { mode: 'ingress' };
  if (fields.host_ip) m.host_ip = fields.host_ip;
  m.target = fields.target;
  if (fields.published !== undefined && fields.published !== '') m.published = fields.published;
  m.protocol = fields.protocol;
  return m;
}

/**
 * Parses the port short syntax `[ip:][host:]container[/proto]` as docker does: a container
 * range gives one entry per port (matching a host range of the same length), a single
 * container port with a host range keeps the host range as `published`.
 */
export function parsePortSpec(spec: string): Mapping[] | SpecError {
  let rest = spec.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
    if (!PROTOCOLS.has(protocol)) return portError(`unknown protocol "${spec.slice(slash + 1)}" in port "${spec}"`);
  }
  const parts = rest.split(':');
  const containerText = parts[parts.length - 1];
  let hostText = '';
  let ip = '';
  if (parts.length === 2) hostText = parts[0];
  else if (parts.length >= 3) {
    hostText = parts[parts.length - 2];
    ip = parts.slice(0, parts.length - 2).join(':');
  }
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (ip !== '' && isIP(ip) === 0) return portError(`invalid host IP address "${ip}" in port "${spec}"`);
  if (containerText === '') return portError(`no container port in "${spec}"`);
  const container = parsePortRange(containerText, 'container port');
  if (isSpecError(container)) return container;
  if (container.start === 0) return portError(`container port 0 in "${spec}" is not a valid port`);
  let host: PortRange | undefined;
  if (hostText !== '') {
    const h = parsePortRange(hostText, 'host port');
    if (isSpecError(h)) return h;
    host = h;
    const sameLength = h.end - h.start === container.end - container.start;
    if (!sameLength && container.end !== container.start) {
      return portError(`host range "${hostText}" and container range "${containerText}" in "${spec}" have different lengths`);
    }
  }
  const entries: Array<{ key: string; port: Mapping }> = [];
  for (let i = 0; i <= container.end - container.start; i++) {
    const target = container.start + i;
    let published: string | undefined;
    if (host) {
      published = String(host.start + i);
      if (container.start === container.end && host.start !== host.end) published = `${host.start}-${host.end}`;
    }
    entries.push({ key: `${target}/${protocol}`, port: portMapping({ host_ip: ip, target, published, protocol }) });
  }
  // docker sorts the container ports of one entry as text ("100/tcp" before "99/tcp").
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return entries.map((e) => e.port);
}

function portNumber(v: unknown, what: string, allowZero: boolean): number | SpecError {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  if (text === undefined || !/^\d+$/.test(text)) return portError(`${what} ${JSON.stringify(v)} is not a port number`);
  const n = Number(text);
  if (n > 65535) return portError(`${what} ${text} is above 65535`);
  if (n === 0 && !allowZero) return portError(`${what} 0 is not a valid port`);
  return n;
}

/** Canonical form of one port entry (string, integer or mapping); a string may expand to several. */
export function canonicalPorts(entry: unknown): Mapping[] | SpecError {
  if (typeof entry === 'string') return parsePortSpec(entry);
  if (typeof entry === 'number') {
    const n = portNumber(entry, 'port', false);
    return isSpecError(n) ? n : [portMapping({ target: n, protocol: 'tcp' })];
  }
  if (isMapping(entry)) {
    const target = portNumber(entry.target, 'target port', false);
    if (isSpecError(target)) return target;
    const m = copyMapping(entry);
    m.target = target;
    if (typeof m.published === 'number') {
      const p = portNumber(m.published, 'published port', true);
      if (isSpecError(p)) return p;
      m.published = String(p);
    }
    if (typeof m.protocol === 'string') m.protocol = m.protocol.toLowerCase();
    m.protocol ??= 'tcp';
    m.mode ??= 'ingress';
    return [ordered(m, PORT_ORDER)];
  }
  return portError(`a port must be a string, an integer or a mapping, not ${describe(entry)}`);
}

/** The identity docker uses to de-duplicate ports: host IP, published, target and protocol. */
export function portIdentity(port: Mapping): string {
  const ip = typeof port.host_ip === 'string' && port.host_ip !== '' ? port.host_ip : '0.0.0.0';
  return `${ip}:${port.published ?? ''}:${port.target}/${port.protocol ?? 'tcp'}`;
}

export const transformPorts: Transform = (value, at) => {
  if (!Array.isArray(value)) return value;
  const list = mapList(value, at, (item, itemAt) => {
    const ports = canonicalPorts(item);
    if (isSpecError(ports)) {
      report(itemAt, 'CXM1001', `invalid port ${describe(item)}: ${ports.error}`, ports.expected, ports.hint);
      return [item];
    }
    const pos = keyPos(itemAt.parent, itemAt.key);
    return ports.map((p) => (typeof item === 'object' ? p : stamp(p, pos)));
  });
  return uniqueBy(list, (p) => (isMapping(p) ? portIdentity(p) : undefined));
};

export const transformExpose: Transform = (value, at) => {
  if (!Array.isArray(value)) return value;
  const list = mapList(value, at, (item) => [typeof item === 'number' ? String(item) : item]);
  return uniqueBy(list, (v) => stableText(v));
};
