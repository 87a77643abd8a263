/**
 * Commands: `command` and `entrypoint` strings split like a shell without any expansion,
 * list items as strings, and a `healthcheck.test` string as a CMD-SHELL test.
 */
import { parse as shellParse } from 'shell-quote';
import { scalarText, stamp } from './tree.js';
import { mapList, posOf, type Transform } from './walk.js';

/**
 * Shell-style split of a command string, without any expansion: values are already
 * interpolated, so `$`, `#` and glob characters are literal text here.
 */
export function splitCommand(text: string): string[] {
  const DOLLAR = '\u{F0000}';
  const HASH = '\u{F0001}';
  const guarded = text.replaceAll('$', DOLLAR).replace(/#/g, HASH);
  const restore = (s: string): string => s.replaceAll(DOLLAR, '$').replaceAll(HASH, '#');
  const out: string[] = [];
  for (const token of shellParse(guarded)) {
    if (typeof token === 'string') out.push(restore(token));
    else if ('op' in token && token.op === 'glob') out.push(restore(token.pattern));
    else if ('op' in token) out.push(restore(token.op));
    else if ('comment' in token) out.push(restore(`#${token.comment}`));
  }
  return out;
}

export const transformCommand: Transform = (value, at) => {
  if (typeof value === 'string') return stamp(splitCommand(value), posOf(at));
  if (Array.isArray(value)) return mapList(value, at, (item) => [item === null ? item : scalarText(item)]);
  return value;
};

export const transformHealthTest: Transform = (value, at) => {
  if (typeof value === 'string') return stamp(['CMD-SHELL', value], posOf(at));
  if (Array.isArray(value)) return mapList(value, at, (item) => [scalarText(item)]);
  return value;
};

