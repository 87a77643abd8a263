/**
 * The shape every x- resource module shares (x-s3, x-sns, and the modules to come):
 *
 *   x-<module>:
 *     DeletionPolicy: ...            # module options (not resources)
 *     <name>:
 *       Properties | Lookup          # new resource in the module's nested stack, or an existing one
 *       MacroParameters, Settings    # module-specific; Settings.EnvNames by default
 *       Services:
 *         <family | service>:
 *           Access: <name> | {<scope>: <name>, <flag>: true}   # → IAM (permission table)
 *           ReturnValues: {<attribute>: <VAR> | {EnvVarName: <VAR>}}  # → environment variables
 *
 * and `x-<module>::<name>::<attribute>` in environment values of any service.
 *
 * A module supplies a ModuleDefinition (its key, permission table, attributes, and a factory
 * building its resources); `defineModule` turns it into the Extension that links every
 * Services entry (targets.ts), grants the access (access.ts, policy `<family>To<policy>`),
 * sets the variables and registers the resources for the closing pass (`finishModules`,
 * listed in the registry after the modules: pointers, then each module's `finish`).
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import type { NestedStack } from '../../synth/stack.js';
import { allowedActions, expandAccess, statementsOf, type Permission, type PermissionTable } from './access.js';
import { findPointers, substitute, type Pointer } from './pointers.js';
import { resolveTargets, type Target, type Where } from './targets.js';
import { allowFromFamily, type ResourceNetwork } from './vpc.js';
import type { KmsKeyRef } from './kms.js';
import { addModuleOutputs } from './stack.js';
import { registerInCloudMap } from './cloudmap.js';

/** A resource of a module as services see it: the attributes it gives, valid in a given stack. */
export interface ModuleResource {
  /** Name under `x-<module>`. */
  name: string;
  /** Attributes this resource gives (ReturnValues, pointers, permission templates). */
  attributes: readonly string[];
  /** The attribute as a value valid inside `consumer` (declares the parameters it needs). */
  value(consumer: NestedStack, attr: string): CfnValue;
  /** ARN of the KMS key encrypting the resource, valid in any template, when known. */
  kmsKeyArn?: CfnValue;
  /** The KMS key encrypting the resource as a reference (shared/kms.ts); wins over kmsKeyArn. */
  kmsKey?: KmsKeyRef;
  /** A VPC resource: each linked family gets ingress on its ports (vpc.ts `placeInVpc`). */
  network?: ResourceNetwork;
}

/** One resource entry as written. */
export interface ResourceEntry {
  name: string;
  def: Mapping;
  /** Key path of the entry: `['x-<module>', name]`. */
  path: string[];
}

/** Diagnostic codes of the shared checks; existing modules keep their own, new ones use the CXX defaults. */
export interface ModuleCodes {
  /** Services key neither a family nor a service. */
  unknownTarget: string;
  /** A key that is both a family and a service (warning). */
  ambiguousTarget: string;
  /** ReturnValues / pointer attribute the resource does not give. */
  unknownAttribute: string;
  /** Access name not in the permission table. */
  unknownAccess: string;
  /** `x-<module>::` not followed by `<name>::<attribute>`. */
  malformedPointer: string;
  /** Pointer to a name not declared under the module. */
  unknownPointerTarget: string;
}

export const DEFAULT_CODES: ModuleCodes = {
  unknownTarget: 'CXX1001',
  ambiguousTarget: 'CXX2001',
  unknownAttribute: 'CXX1002',
  unknownAccess: 'CXX1003',
  malformedPointer: 'CXX1004',
  unknownPointerTarget: 'CXX1005',
};

/** A variable name and the attribute it receives. */
export type EnvVar = [name: string, attribute: string];

export interface ModuleDefinition<R extends ModuleResource = ModuleResource> {
  /** Top-level key: `x-sqs`. */
  key: string;
  /** What a resource is called in messages: `queue`. */
  kind: string;
  /** IAM policy of a family: `<family>To<policy>` (`s3` → `appTos3`). */
  policy: string;
  /** Every attribute a resource of this kind may give (for "not known for a looked-up ..." notes). */
  attributes: readonly string[];
  /** Attribute of the default variable `UPPER(<name>)`. */
  defaultAttribute: string;
  permissions: PermissionTable;
  /** Keys of `x-<module>` that are options, not resources (default: DeletionPolicy). */
  options?: readonly string[];
  /**
   * Builds the resources (new ones in the module's nested stack, looked-up ones from the
   * recorded lookups) and returns those that resolved; reports its own errors.
   */
  resources(ctx: RenderContext, entries: ResourceEntry[]): R[];
  /** After every link and pointer is resolved (e.g. declare the stack outputs the families use). */
  finish?(ctx: RenderContext, resources: R[]): void;
  /** Default variable name of a resource (default: upper case, `-` and `.` → `_`). */
  envName?(name: string): string;
  /**
   * Variables of one Services entry from those its ReturnValues give (default: those, or when
   * there are none, each of Settings.EnvNames, or `envName(name)`, with the default attribute).
   */
  env?(resource: R, entry: ResourceEntry, fromReturnValues: EnvVar[]): EnvVar[];
  /**
   * KMS grant for an encrypted resource (`kmsKey` or `kmsKeyArn` set; `key` is that key);
   * default: policy `<family>Tokms`, statement `kmsSid` (default `KmsKey`) with the `Kms` actions
   * of the granted permissions.
   */
  grantKms?(fs: FamilyStack, resource: R, granted: readonly Permission[], key: KmsKeyRef): void;
  /** Sid of the default KMS grant statement (default `KmsKey`). */
  kmsSid?: string;
  /**
   * A Services entry as written → the mapping to link (e.g. a module's legacy forms, reported
   * as it sees fit), or undefined to skip it. Default: mappings are linked, anything else skipped.
   */
  readLink?(ctx: RenderContext, link: unknown, at: (...p: string[]) => Where, resource: R): Mapping | undefined;
  /** Called once per linked Services entry, after its access and variables: module-specific wiring of its targets. */
  onLink?(ctx: RenderContext, resource: R, link: LinkedEntry): void;
  codes?: Partial<ModuleCodes>;
  /** Attribute holding the host name a Cloud Map CNAME record may point to (`Settings.x-cloudmap`, cloudmap.ts). */
  cloudMapHost?(resource: R): string | undefined;
  /** The module's own keys of a Services entry (e.g. x-sqs `Scaling`), once its targets are known. */
  link?(ctx: RenderContext, resource: R, link: ServiceLink): void;
}

/** A Services entry whose key resolved to families / services. */
export interface ServiceLink {
  key: string;
  def: Mapping;
  /** Key path of the entry: `['x-<module>', name, 'Services', key]`. */
  path: string[];
  targets: Target[];
}

/** A Services entry that linked: its key, its mapping (as `readLink` gave it), its targets. */
export interface LinkedEntry {
  key: string;
  def: Mapping;
  targets: Target[];
  at: (...p: string[]) => Where;
}

/** `connect-bucket` → `CONNECT_BUCKET`. */
export function defaultEnvName(name: string): string {
  return name
    .toUpperCase()
    .replace(/[-.]/g, '_')
    .replace(/[^A-Z0-9_]/g, '');
}

/**
 * 1.x files write a Services entry's access as `access:` (lower case), which 1.x ignores: each such
 * entry of `entry` gets warning `code` (`message(key)`, `hint(written)`), and no access.
 */
export function warnLowerCaseAccess(
  ctx: RenderContext,
  entry: ResourceEntry,
  code: string,
  message: (key: string) => string,
  hint: (written: unknown) => string,
): void {
  const services = entry.def.Services;
  if (!isMapping(services)) return;
  for (const [key, link] of Object.entries(services)) {
    if (!isMapping(link) || link.access === undefined) continue;
    const path = [...entry.path, 'Services', key, 'access'];
    ctx.bag.warn({ code, message: message(key), path: formatPath(path), pos: posAt(ctx.doc, path), hint: hint(link.access) });
  }
}

interface PointerSource {
  kind: string;
  finish?: () => void;
  declared: string[];
  resources: Map<string, ModuleResource>;
  attributes: readonly string[];
  codes: ModuleCodes;
}

const pointerSources = new WeakMap<RenderContext, Map<string, PointerSource>>();

/** The Extension of a module. */
export function defineModule<R extends ModuleResource>(def: ModuleDefinition<R>): Extension {
  const codes: ModuleCodes = { ...DEFAULT_CODES, ...def.codes };
  const options = def.options ?? ['DeletionPolicy'];
  return {
    name: def.key,
    apply(ctx) {
      const root = isMapping(ctx.doc[def.key]) ? (ctx.doc[def.key] as Mapping) : {};
      const entries: ResourceEntry[] = Object.entries(root)
        .filter(([k, v]) => !options.includes(k) && isMapping(v))
        .map(([name, v]) => ({ name, def: v as Mapping, path: [def.key, name] }));
      const resources = entries.length > 0 ? def.resources(ctx, entries) : [];
      const byName = new Map<string, R>(resources.map((r) => [r.name, r]));
      for (const r of resources) {
        const entry = entries.find((e) => e.name === r.name) as ResourceEntry;
        linkServices(ctx, def, codes, r, entry);
      }
      registerInCloudMap(ctx, def, entries, byName);
      const sources = pointerSources.get(ctx) ?? new Map<string, PointerSource>();
      pointerSources.set(ctx, sources);
      const finish = def.finish ? () => def.finish?.(ctx, resources) : undefined;
      sources.set(def.key, { kind: def.kind, finish, declared: entries.map((e) => e.name), resources: byName, attributes: def.attributes, codes });
    },
  };
}

/**
 * The resources of module `key` in this render (a module applied before the caller in the
 * registry): those that resolved by name, and every name declared under it. Undefined when the
 * module has not run (or is not in the registry).
 */
export function moduleResources(ctx: RenderContext, key: string): { kind: string; declared: readonly string[]; resources: ReadonlyMap<string, ModuleResource> } | undefined {
  const s = pointerSources.get(ctx)?.get(key);
  return s ? { kind: s.kind, declared: s.declared, resources: s.resources } : undefined;
}

/**
 * A property of one module naming a resource of another: `x-<module>::<name>` (the attribute
 * `attr`) or `x-<module>::<name>::<attr>`. Returns the resource, `null` when the value is no
 * pointer to `module` (a string not starting with `x-<module>::`, or an intrinsic), or undefined
 * after reporting the problem at `where` (`codes.unknown`: name not declared; `codes.malformed`:
 * not of that form or another attribute). A declared name that did not resolve was reported by
 * its module already.
 */
export function propertyPointer(
  ctx: RenderContext,
  written: unknown,
  module: string,
  attr: string,
  where: Where,
  codes: { unknown: string; malformed: string },
): ModuleResource | undefined | null {
  if (typeof written !== 'string' || !written.startsWith(`${module}::`)) return null;
  const m = new RegExp(`^${module}::([A-Za-z0-9][A-Za-z0-9._-]*)(?:::([A-Za-z]+))?$`).exec(written);
  const source = moduleResources(ctx, module);
  if (!m || (m[2] !== undefined && m[2] !== attr)) {
    ctx.bag.error({ code: codes.malformed, message: `"${written}" is not a pointer this property takes`, ...where, expected: `${module}::<name> or ${module}::<name>::${attr}` });
    return undefined;
  }
  const r = source?.resources.get(m[1]);
  if (r) return r;
  if (!source?.declared.includes(m[1])) {
    ctx.bag.error({
      code: codes.unknown,
      message: `"${written}" points at ${source?.kind ?? 'resource'} "${m[1]}", which is not defined under ${module}`,
      ...where,
      expected: `one of: ${source?.declared.join(', ') || `(no ${module} resources)`}`,
    });
  }
  return undefined;
}

function linkServices<R extends ModuleResource>(ctx: RenderContext, def: ModuleDefinition<R>, codes: ModuleCodes, r: R, entry: ResourceEntry): void {
  const services = entry.def.Services;
  if (!isMapping(services)) return;
  for (const [key, written] of Object.entries(services)) {
    const path = [...entry.path, 'Services', key];
    const at = (...p: string[]): Where => ({ path: formatPath([...path, ...p]), pos: posAt(ctx.doc, [...path, ...p]) });
    const link = def.readLink ? def.readLink(ctx, written, at, r) : isMapping(written) ? written : undefined;
    if (!link) continue;
    const targets = resolveTargets(ctx, key, at(), { unknown: codes.unknownTarget, ambiguous: codes.ambiguousTarget }, `${def.key} ${def.kind} "${r.name}"`);
    if (!targets) continue;
    def.link?.(ctx, r, { key, def: link, path, targets });
    const granted = link.Access === undefined ? [] : accessOf(ctx, def, codes, link.Access, at);
    const env = envVars(ctx, def, codes, r, entry, link.ReturnValues, at);
    if (granted === undefined || env === undefined) continue;
    const linked = new Set<FamilyStack>();
    for (const { fs, container } of targets) {
      if (!linked.has(fs)) {
        linked.add(fs);
        grant(fs, def, r, granted);
        if (r.network) allowFromFamily(fs, r.name, r.network);
      }
      for (const [name, attr] of env) fs.addEnvironment(container, name, r.value(fs, attr));
    }
    def.onLink?.(ctx, r, { key, def: link, targets, at });
  }
}

function accessOf<R extends ModuleResource>(
  ctx: RenderContext,
  def: ModuleDefinition<R>,
  codes: ModuleCodes,
  access: unknown,
  at: (...p: string[]) => Where,
): Permission[] | undefined {
  const { granted, problems } = expandAccess(def.permissions, access);
  for (const p of problems) {
    ctx.bag.error({
      code: codes.unknownAccess,
      message: `${p.key === undefined ? '' : `${p.key}: `}${JSON.stringify(p.value)} is not an access of ${def.key}`,
      ...(p.key === undefined ? at('Access') : at('Access', p.key)),
      expected: `one of: ${p.valid.join(', ')}`,
    });
  }
  return problems.length > 0 ? undefined : granted;
}

function grant<R extends ModuleResource>(fs: FamilyStack, def: ModuleDefinition<R>, r: R, granted: readonly Permission[]): void {
  if (granted.length === 0) return;
  const policy = `${fs.family.logicalName}To${def.policy}`;
  for (const st of statementsOf(granted, (attr) => r.value(fs, attr))) fs.addStatement('task', policy, st);
  const key = r.kmsKey ?? (r.kmsKeyArn === undefined ? undefined : keyArnRef(r.kmsKeyArn));
  if (key === undefined) return;
  if (def.grantKms) def.grantKms(fs, r, granted, key);
  else defaultKmsGrant(fs, key, granted, def.kmsSid ?? 'KmsKey');
}

/** A key known by its ARN (valid in any template) as a reference. */
function keyArnRef(arn: CfnValue): KmsKeyRef {
  return {
    written: typeof arn === 'string' ? arn : 'key ARN',
    property: () => arn,
    allowService: () => false,
    statement: (_s, sid, actions) => ({ Sid: sid, Effect: 'Allow', Action: [...actions], Resource: [arn] }),
  };
}

/** KMS actions a permission needs on the resource's key: the `Kms` entries of the granted permissions. */
function defaultKmsGrant(fs: FamilyStack, key: KmsKeyRef, granted: readonly Permission[], sid: string): void {
  const actions = allowedActions(granted.map((p) => ({ ...p, Action: p.Kms ?? [] })));
  if (actions.length === 0) return;
  fs.addStatement('task', `${fs.family.logicalName}Tokms`, key.statement(fs, sid, actions));
}

function envVars<R extends ModuleResource>(
  ctx: RenderContext,
  def: ModuleDefinition<R>,
  codes: ModuleCodes,
  r: R,
  entry: ResourceEntry,
  returnValues: unknown,
  at: (...p: string[]) => Where,
): EnvVar[] | undefined {
  const envName = def.envName ?? defaultEnvName;
  const out: EnvVar[] = [];
  let ok = true;
  for (const [attr, v] of Object.entries(isMapping(returnValues) ? returnValues : {})) {
    if (!r.attributes.includes(attr)) {
      ok = false;
      ctx.bag.error({
        code: codes.unknownAttribute,
        message: `${def.kind} "${r.name}" has no return value "${attr}"${def.attributes.includes(attr) ? ` (not known for a looked-up ${def.kind})` : ''}`,
        ...at('ReturnValues', attr),
        expected: `one of: ${r.attributes.join(', ')}`,
      });
      continue;
    }
    out.push([typeof v === 'string' ? v : isMapping(v) && typeof v.EnvVarName === 'string' ? v.EnvVarName : envName(r.name), attr]);
  }
  if (!ok) return undefined;
  if (def.env) return def.env(r, entry, out);
  if (out.length > 0) return out;
  const settings = entry.def.Settings;
  const names = isMapping(settings) && Array.isArray(settings.EnvNames) ? settings.EnvNames.filter((n): n is string => typeof n === 'string') : [envName(r.name)];
  return names.map((n): EnvVar => [n, def.defaultAttribute]);
}

/**
 * The closing pass of the modules applied before it (list it after them in the registry):
 * replaces `x-<module>::<name>::<attribute>` in the literal environment of every family, then
 * calls each module's `finish` and declares the outputs of the `moduleStack`s (so outputs used
 * by pointers are declared too).
 */
export const finishModules: Extension = {
  name: 'x-resource-modules',
  apply(ctx) {
    const sources = pointerSources.get(ctx);
    if (sources && sources.size > 0) {
      resolvePointers(ctx, sources);
      for (const s of sources.values()) s.finish?.();
    }
    // also for module stacks of extensions that are not defineModule modules (x-efs)
    addModuleOutputs(ctx);
  },
};

function resolvePointers(ctx: RenderContext, sources: Map<string, PointerSource>): void {
  const modules = [...sources.keys()];
  for (const fs of ctx.families.values()) {
    const values = new Map<string, CfnValue>();
    for (const c of fs.family.containers) {
      for (const [name, text] of Object.entries(c.environment)) {
        if (!modules.some((m) => text.includes(`${m}::`))) continue;
        const path = ['services', c.name, 'environment', name];
        const where = { path: formatPath(path), pos: posAt(ctx.doc, path) };
        const { pointers, malformed } = findPointers(text, modules);
        let ok = malformed.length === 0;
        for (const m of malformed) {
          const s = sources.get(m.module) as PointerSource;
          ctx.bag.error({
            code: s.codes.malformedPointer,
            message: `malformed ${s.kind} pointer in ${name} of service "${c.name}"`,
            ...where,
            expected: `${m.module}::<${s.kind}>::<attribute>, e.g. ${m.module}::my-${s.kind}::${s.attributes.includes('Arn') ? 'Arn' : s.attributes[0]}`,
          });
        }
        for (const p of pointers) if (!checkPointer(ctx, sources.get(p.module) as PointerSource, p, name, c.name, where)) ok = false;
        if (!ok) continue;
        const valueOf = (p: Pointer) => (sources.get(p.module)?.resources.get(p.resource) as ModuleResource).value(fs, p.attribute);
        values.set(`${c.name}\0${name}`, substitute(text, pointers, valueOf));
      }
    }
    if (values.size > 0) fs.rewriteEnvironment((container, name) => values.get(`${container}\0${name}`));
  }
}

function checkPointer(ctx: RenderContext, s: PointerSource, p: Pointer, variable: string, service: string, where: Where): boolean {
  const r = s.resources.get(p.resource);
  if (!r) {
    // a declared resource that did not resolve has been reported already
    if (!s.declared.includes(p.resource)) {
      ctx.bag.error({
        code: s.codes.unknownPointerTarget,
        message: `${variable} of service "${service}" points at ${s.kind} "${p.resource}", which is not defined under ${p.module}`,
        ...where,
        expected: `one of: ${s.declared.join(', ') || `(no ${p.module} resources)`}`,
      });
    }
    return false;
  }
  if (!r.attributes.includes(p.attribute)) {
    ctx.bag.error({
      code: s.codes.unknownAttribute,
      message: `${s.kind} "${p.resource}" has no return value "${p.attribute}" (in ${variable} of service "${service}")`,
      ...where,
      expected: `one of: ${r.attributes.join(', ')}`,
    });
    return false;
  }
  return true;
}
