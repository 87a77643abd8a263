/**
 * The AWS region to call: `--region`, else AWS_REGION, else AWS_DEFAULT_REGION, else the
 * `region` of the AWS profile (AWS_PROFILE or `default`) in the shared config file
 * (AWS_CONFIG_FILE or ~/.aws/config). Undefined when none is set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type Env = Record<string, string | undefined>;

export function resolveRegion(opt: string | undefined, env: Env, profile?: string): string | undefined {
  const direct = [opt, env.AWS_REGION, env.AWS_DEFAULT_REGION].find((v) => typeof v === 'string' && v.trim() !== '');
  if (direct) return direct.trim();
  const file = env.AWS_CONFIG_FILE || join(env.HOME || homedir(), '.aws', 'config');
  if (!existsSync(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return profileSetting(text, profile ?? env.AWS_PROFILE ?? 'default', 'region');
}

/** A setting of a profile in an AWS shared config file (`[default]` or `[profile <name>]`). */
export function profileSetting(text: string, profile: string, key: string): string | undefined {
  const wanted = profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`];
  let inSection = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[#;].*$/, '').trim();
    if (!line) continue;
    const section = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (section) {
      inSection = wanted.includes(section[1].replace(/\s+/g, ' '));
      continue;
    }
    if (!inSection || /^\s/.test(raw)) continue;
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (kv && kv[1] === key && kv[2] !== '') return kv[2];
  }
  return undefined;
}
