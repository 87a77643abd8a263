/**
 * Permission tables: what an `Access` value of a Services entry grants, as IAM statements on
 * the resource's attributes.
 *
 * A table has access names (`Access: RW`) and/or scopes (`Access: {objects: RW, bucket:
 * ListOnly}`, each scope with its own names) and/or flags (`Access: {..., enforceSecureConnection:
 * true}`). A permission lists actions and resource templates in which `${<Attribute>}` stands
 * for an attribute of the resource (`${Arn}`, `${Arn}/index/*`). Sids default to the access
 * name, `<scope><name>` for a scope, the flag name for a flag.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { escapeSub, sub } from '../../cfn/intrinsics.js';
import type { Statement } from '../../synth/family.js';

export interface Permission {
  Sid?: string;
  /** Allow by default. */
  Effect?: 'Allow' | 'Deny';
  Action: readonly string[];
  /** Resource templates: `${Arn}`, `${Arn}/*`, ... (attribute names of the resource). */
  Resource: readonly string[];
  Condition?: CfnValue;
  /** KMS actions this access needs on the key of an encrypted resource. */
  Kms?: readonly string[];
}

/** One access name: a permission or several. */
export type PermissionSet = Permission | readonly Permission[];

export interface PermissionTable {
  /** `Access: <name>` */
  names?: Readonly<Record<string, PermissionSet>>;
  /** `Access: {<scope>: <name>}`, statements in the order of the scopes here. */
  scopes?: Readonly<Record<string, Readonly<Record<string, PermissionSet>>>>;
  /** `Access: {<flag>: true}`, after the scopes. */
  flags?: Readonly<Record<string, PermissionSet>>;
  /**
   * `Access: {<key>: <text>}`, after the flags: the set with `{value}` in its resource templates
   * replaced by the text (which must match `pattern`), e.g. a database user name.
   */
  values?: Readonly<Record<string, { pattern: RegExp; describe: string; set: PermissionSet }>>;
}

/** An access value that does not fit the table: where (sub-key) and what is valid there. */
export interface AccessProblem {
  /** Sub-key of Access (a scope or flag), or undefined for the Access value itself. */
  key?: string;
  value: unknown;
  valid: string[];
}

const list = (p: PermissionSet): readonly Permission[] => (Array.isArray(p) ? (p as readonly Permission[]) : [p as Permission]);

/** The permissions an Access value grants, each with its default Sid, or the problems found. */
export function expandAccess(table: PermissionTable, access: unknown): { granted: Permission[]; problems: AccessProblem[] } {
  const granted: Permission[] = [];
  const problems: AccessProblem[] = [];
  const take = (set: PermissionSet, sid: string) => list(set).forEach((p, i) => granted.push({ ...p, Sid: p.Sid ?? (i === 0 ? sid : `${sid}${i}`) }));
  if (typeof access === 'string') {
    const set = table.names?.[access];
    if (set) take(set, access);
    else problems.push({ value: access, valid: Object.keys(table.names ?? {}) });
    return { granted, problems };
  }
  if (typeof access !== 'object' || access === null || Array.isArray(access) || (!table.scopes && !table.flags && !table.values)) {
    problems.push({ value: access, valid: Object.keys(table.names ?? {}) });
    return { granted, problems };
  }
  const given = access as Record<string, unknown>;
  const scopes = table.scopes ?? {};
  const flags = table.flags ?? {};
  const values = table.values ?? {};
  for (const k of Object.keys(given)) {
    if (!(k in scopes) && !(k in flags) && !(k in values)) problems.push({ key: k, value: given[k], valid: [...Object.keys(scopes), ...Object.keys(flags), ...Object.keys(values)] });
  }
  for (const [scope, names] of Object.entries(scopes)) {
    const v = given[scope];
    if (v === undefined) continue;
    const set = typeof v === 'string' ? names[v] : undefined;
    if (set) take(set, `${scope}${v as string}`);
    else problems.push({ key: scope, value: v, valid: Object.keys(names) });
  }
  for (const [flag, set] of Object.entries(flags)) if (given[flag] === true) take(set, flag);
  for (const [key, { pattern, describe, set }] of Object.entries(values)) {
    const v = given[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !pattern.test(v)) {
      problems.push({ key, value: v, valid: [describe] });
      continue;
    }
    take(list(set).map((p) => ({ ...p, Resource: p.Resource.map((r) => r.split('{value}').join(v)) })), key);
  }
  return { granted, problems };
}

/**
 * A resource template with `${Attr}` replaced by the attribute's value: the value itself for
 * `${Attr}` alone, a literal when every value is one, else an Fn::Sub whose variables are the
 * attribute names in upper case.
 */
export function fillTemplate(template: string, valueOf: (attr: string) => CfnValue): CfnValue {
  const whole = /^\$\{([A-Za-z][A-Za-z0-9]*)\}$/.exec(template);
  if (whole) return valueOf(whole[1]);
  const vars: Record<string, CfnValue> = {};
  let literal = true;
  const text = template.replace(/\$\{([A-Za-z][A-Za-z0-9]*)\}/g, (_m, attr: string) => {
    const v = valueOf(attr);
    if (typeof v === 'string') {
      return escapeSub(v);
    }
    literal = false;
    vars[attr.toUpperCase()] = v;
    return `\${${attr.toUpperCase()}}`;
  });
  if (literal) return template.replace(/\$\{([A-Za-z][A-Za-z0-9]*)\}/g, (_m, attr: string) => valueOf(attr) as string);
  return sub(text, vars);
}

/** IAM statements of granted permissions on one resource. */
export function statementsOf(granted: readonly Permission[], valueOf: (attr: string) => CfnValue): Statement[] {
  return granted.map((p) => {
    const st: Statement = { Sid: p.Sid, Effect: p.Effect ?? 'Allow', Action: [...p.Action], Resource: p.Resource.map((r) => fillTemplate(r, valueOf)) };
    if (p.Condition !== undefined) st.Condition = p.Condition;
    return st;
  });
}

/** The actions the granted permissions allow (Deny statements excluded). */
export function allowedActions(granted: readonly Permission[]): string[] {
  return [...new Set(granted.filter((p) => (p.Effect ?? 'Allow') === 'Allow').flatMap((p) => p.Action))];
}
