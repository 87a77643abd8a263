/**
 * The database engines x-rds, x-docdb and x-neptune create (engines.json): which AWS service,
 * cluster or single instance, default port, default instance class, and the engine versions of
 * each DB parameter group family. An engine/version pair not in the table is refused.
 */
import table from './engines.json' with { type: 'json' };

export type DatabaseService = 'rds' | 'docdb' | 'neptune';

export interface Engine {
  name: string;
  service: DatabaseService;
  /** A cluster with member instances, or one DB instance. */
  shape: 'cluster' | 'instance';
  port: number;
  defaultInstanceClass: string;
  /** Instance classes the engine runs on. */
  instanceClassPattern: string;
  /** Version used when none is given (engines of one version line: docdb, neptune). */
  defaultVersion?: string;
  /** Parameter group family → engine versions. */
  families: Readonly<Record<string, readonly string[]>>;
}

const ENGINES: ReadonlyMap<string, Engine> = new Map(
  Object.entries(table)
    .filter(([k]) => !k.startsWith('$'))
    .map(([name, e]) => [name, { name, ...(e as Omit<Engine, 'name'>) }]),
);

/** Engine names of a service, in table order. */
export function enginesOf(service: DatabaseService): string[] {
  return [...ENGINES.values()].filter((e) => e.service === service).map((e) => e.name);
}

export function engine(name: string): Engine | undefined {
  return ENGINES.get(name);
}

/** The parameter group family of a version, or undefined when the engine has no such version. */
export function familyOf(e: Engine, version: string): string | undefined {
  for (const [family, versions] of Object.entries(e.families)) if (versions.includes(version)) return family;
  return undefined;
}

/** Every version of an engine, newest family last. */
export function versionsOf(e: Engine): string[] {
  return Object.values(e.families).flat();
}

/** Versions of the engine close to `version` (same major version), for a hint. */
export function nearVersions(e: Engine, version: string): string[] {
  const major = version.split('.')[0];
  const near = versionsOf(e).filter((v) => v.split('.')[0] === major);
  return near.length > 0 ? near : Object.values(e.families).map((vs) => vs[vs.length - 1]);
}
