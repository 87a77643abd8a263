/**
 * ElastiCache engines and the versions offered for each (as CloudFormation accepts them), their
 * default ports, and the 1.x version forms ElastiCache no longer takes (`6.x`).
 */

export type Engine = 'redis' | 'memcached' | 'valkey';

export const ENGINE_VERSIONS: Readonly<Record<Engine, readonly string[]>> = {
  redis: ['4.0.10', '5.0.6', '6.0', '6.2', '7.0', '7.1'],
  memcached: ['1.4.5', '1.4.14', '1.4.24', '1.4.33', '1.4.34', '1.5.10', '1.5.16', '1.6.6', '1.6.12', '1.6.17', '1.6.22'],
  valkey: ['7.2', '8.0', '8.1', '8.2', '9.0'],
};

export const DEFAULT_PORT: Readonly<Record<Engine, number>> = { redis: 6379, valkey: 6379, memcached: 11211 };

/** Version forms of 1.x files that ElastiCache no longer accepts, and the version they meant. */
export const OLD_VERSION_FORMS: Readonly<Record<string, string>> = { '6.x': '6.2', '5.0.x': '5.0.6' };

export function isEngine(v: unknown): v is Engine {
  return typeof v === 'string' && v in ENGINE_VERSIONS;
}
