/**
 * Key/value fields: `KEY=VALUE` lists and mappings (environment, build args, labels and the
 * like) as mappings of strings, driver options as strings, and `extra_hosts` as a sorted list
 * of `host=ip`.
 */
import type { SourcePos } from '../../diagnostics/diagnostic.js';
import { carryAll, isMapping, keyPos, selfPos, setKeyPos, setSelfPos, type Mapping } from '../positions.js';
import { copyMapping, listToMapping, put, scalarText } from './tree.js';
import { posOf, type Transform } from './walk.js';

/**
 * `KEY=VALUE` lists and mappings → a mapping of strings. A key without value becomes
 * `bare` (null for environment and build args, "" for labels and similar).
 */
function keyValueMap(bare: null | ''): Transform {
  return (value) => {
    if (Array.isArray(value)) {
      return listToMapping(value, (item) => {
        const text = scalarText(item);
        const eq = text.indexOf('=');
        return eq < 0 ? [text, bare] : [text.slice(0, eq), text.slice(eq + 1)];
      });
    }
    if (!isMapping(value)) return value;
    const out: Mapping = {};
    carryAll(out, value);
    for (const [k, v] of Object.entries(value)) put(out, k, v === null || v === undefined ? bare : scalarText(v));
    return out;
  };
}

export const envMap = keyValueMap(null);
export const labelMap = keyValueMap('');

export const driverOptions: Transform = (value) => {
  if (!isMapping(value)) return value;
  const out = copyMapping(value);
  for (const [k, v] of Object.entries(value)) put(out, k, v === null ? v : scalarText(v));
  return out;
};

export const transformExtraHosts: Transform = (value, at) => {
  const entries: Array<{ text: string; pos: SourcePos | undefined }> = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const text = scalarText(item);
      const eq = text.indexOf('=');
      const sep = eq >= 0 ? eq : text.indexOf(':');
      const host = sep < 0 ? text : text.slice(0, sep);
      const ip = sep < 0 ? '' : text.slice(sep + 1);
      entries.push({ text: `${host}=${ip}`, pos: keyPos(value, i) });
    });
  } else if (isMapping(value)) {
    for (const [host, ips] of Object.entries(value)) {
      for (const ip of Array.isArray(ips) ? ips : [ips]) entries.push({ text: `${host}=${scalarText(ip)}`, pos: keyPos(value, host) });
    }
  } else return value;
  const seen = new Set<string>();
  const unique = entries.filter((e) => (seen.has(e.text) ? false : (seen.add(e.text), true)));
  unique.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const out = unique.map((e) => e.text);
  setSelfPos(out, selfPos(value) ?? posOf(at));
  unique.forEach((e, i) => setKeyPos(out, i, e.pos));
  return out;
};
