/**
 * Names of the variables a secret becomes inside a container: JsonKeys transforms
 * (java_properties, title, capitalize), the variable name of a whole secret, and the check
 * that a name is usable from a shell.
 */

export type KeyTransform = 'java_properties' | 'title' | 'capitalize';

export interface JsonKey {
  SecretKey: string;
  VarName?: string;
  Transform?: KeyTransform;
}

/** `a.b-c` → `A_B-C` (Java property names as environment variables). */
export function javaProperties(key: string): string {
  return key.toUpperCase().replace(/\./g, '_');
}

/** Python's str.title(): each run of letters starts upper case, the rest is lower case. */
export function title(key: string): string {
  return key.replace(/[A-Za-z]+/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase());
}

/** Upper case everything. */
export function capitalize(key: string): string {
  return key.toUpperCase();
}

const TRANSFORMS: Record<KeyTransform, (key: string) => string> = {
  java_properties: javaProperties,
  title,
  capitalize,
};

/** Variable of one JSON key: VarName, else Transform(SecretKey), else SecretKey. */
export function jsonKeyVarName(k: JsonKey): string {
  if (k.VarName) return k.VarName;
  if (k.Transform) return TRANSFORMS[k.Transform](k.SecretKey);
  return k.SecretKey;
}

/** `connect-creds.v2` → `CONNECT_CREDS_V2`: upper case, `-` and `.` become `_`, other symbols dropped. */
export function upperVarName(name: string): string {
  return name
    .toUpperCase()
    .replace(/[-.]/g, '_')
    .replace(/[^A-Z0-9_]/g, '');
}

/** True when a shell can read the variable (letters, digits and `_`, not starting with a digit). */
export function isPortableVarName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
