/**
 * The `access` of a listener target: a path (`/api/*`), a host (`api.example.com`) or both
 * (`api.example.com[:port]/path`; the port is not part of the Host condition, as in 1.x), as
 * listener rule conditions. `/` alone (or no access) matches everything: the listener's default.
 */
export interface Condition {
  Field: 'host-header' | 'path-pattern';
  HostHeaderConfig?: { Values: string[] };
  PathPatternConfig?: { Values: string[] };
}

const HOST = '(?=.{1,255}(?::|/|$))(?!-)[A-Za-z0-9*?-]{1,63}(?:\\.[A-Za-z0-9*?-]{1,63})*\\.?';
const HOST_PATH = new RegExp(`^(${HOST})(?::\\d{1,5})?(/\\S*)$`);
const HOST_ONLY = new RegExp(`^(${HOST})(?::\\d{1,5})?$`);
const PATH = /^\/\S*$/;

/** Conditions of the access string; [] for the catch-all; undefined when not understood. */
export function accessConditions(access: string): Condition[] | undefined {
  if (access === '/' || access === '/*') return [];
  if (PATH.test(access)) return [path(access)];
  const hp = HOST_PATH.exec(access);
  if (hp) return hp[2] === '/' || hp[2] === '/*' ? [host(hp[1])] : [host(hp[1]), path(hp[2])];
  const h = HOST_ONLY.exec(access);
  if (h && h[1].includes('.')) return [host(h[1])];
  return undefined;
}

const host = (v: string): Condition => ({ Field: 'host-header', HostHeaderConfig: { Values: [v] } });
const path = (v: string): Condition => ({ Field: 'path-pattern', PathPatternConfig: { Values: [v] } });
