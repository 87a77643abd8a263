/**
 * Task families: services grouped by the `ecs.task.family` deploy label (a comma list puts a
 * service in several families; no label = its own family). Orders containers by depends_on,
 * decides essential containers and DependsOn conditions, and sizes the task for Fargate.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../load/positions.js';
import { logicalId } from '../cfn/logical-id.js';
import { buildContainer, deployLabels, startCondition } from './containers.js';
import { fargateSize } from './fargate.js';
import type { ComputePlatform, ContainerModel, FamilyModel, StartCondition } from './types.js';
import { familyNetworkMode, familyPlacement, familyPlatform } from './compute.js';

export const LOG_RETENTION_VALUES = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const DEFAULT_LOG_RETENTION = 30;
const EC2_DEFAULT_MEMORY = 512;

export interface FamilyContext {
  doc: Mapping;
  bag: DiagnosticBag;
  /** Platform of families that ask for none (default FARGATE). */
  defaultPlatform?: ComputePlatform;
}

/** Family names of a service: the ecs.task.family label (comma list) or the service name. */
export function familyNames(serviceName: string, svc: Mapping): string[] {
  const label = deployLabels(svc)['ecs.task.family'];
  if (!label) return [serviceName];
  const names = label.split(',').map((s) => s.trim()).filter(Boolean);
  return names.length > 0 ? names : [serviceName];
}

export function buildFamilies(ctx: FamilyContext): FamilyModel[] {
  const services = isMapping(ctx.doc.services) ? ctx.doc.services : {};
  const groups = new Map<string, { name: string; services: string[] }>();
  const familyOfService = new Map<string, string[]>();
  for (const [svcName, svc] of Object.entries(services)) {
    if (!isMapping(svc)) continue;
    for (const fam of familyNames(svcName, svc)) {
      const id = logicalId(fam);
      const g = groups.get(id) ?? { name: fam, services: [] };
      g.services.push(svcName);
      groups.set(id, g);
      familyOfService.set(svcName, [...(familyOfService.get(svcName) ?? []), id]);
    }
  }
  const families: FamilyModel[] = [];
  const serviceEdges: ServiceEdge[] = [];
  for (const [id, g] of groups) families.push(buildFamily(id, g.name, g.services, services, familyOfService, serviceEdges, ctx));
  if (checkFamilyCycles(families, ctx)) addServiceEdges(families, serviceEdges, ctx);
  return families;
}

function buildFamily(
  id: string,
  name: string,
  members: string[],
  services: Mapping,
  familyOfService: Map<string, string[]>,
  serviceEdges: ServiceEdge[],
  ctx: FamilyContext,
): FamilyModel {
  const svcOf = (s: string) => services[s] as Mapping;
  const computeCtx = { doc: ctx.doc, bag: ctx.bag, defaultPlatform: ctx.defaultPlatform ?? 'FARGATE' };
  const { platform, platformSource } = familyPlatform(members, svcOf, computeCtx.defaultPlatform);
  const fargate = platform === 'FARGATE';
  const ordered = orderContainers(members, svcOf);
  const networkMode = familyNetworkMode(ordered, svcOf, platform, computeCtx);
  const containers: ContainerModel[] = ordered.map((s) => buildContainer(s, svcOf(s), { doc: ctx.doc, bag: ctx.bag, fargate, networkMode }));

  // DependsOn inside the family; other families order the stacks.
  const dependsOnFamilies = new Set<string>();
  for (const c of containers) {
    const deps = svcOf(c.name).depends_on;
    if (!isMapping(deps)) continue;
    for (const [dep, cfg] of Object.entries(deps)) {
      if (!(dep in services)) {
        // A task family named in depends_on (1.x): the whole family is the dependency.
        const fam = logicalId(dep);
        if (fam !== id && [...familyOfService.values()].some((fs) => fs.includes(fam))) dependsOnFamilies.add(fam);
        continue;
      }
      if (members.includes(dep)) {
        c.dependsOn.push({ containerName: dep, condition: dependencyCondition(dep, cfg, svcOf(dep), ctx, c.name) });
      } else if (!(familyOfService.get(dep) ?? []).some((f) => (familyOfService.get(c.name) ?? []).includes(f))) {
        // A service in several families reaches a dependency it shares one of them with inside that
        // family (container DependsOn); only the others order the stacks.
        for (const f of familyOfService.get(dep) ?? []) if (f !== id) serviceEdges.push({ from: id, to: f, service: c.name, dep });
      }
    }
  }
  if (!containers.some((c) => c.essential) && containers.length > 0) {
    const last = containers[containers.length - 1];
    ctx.bag.warn({
      code: 'CXR2012',
      message: `task family "${name}" has no essential container; "${last.name}" is made essential`,
      path: formatPath(['services', last.name, 'deploy', 'labels']),
      pos: posAt(ctx.doc, ['services', last.name, 'deploy', 'labels']),
      hint: 'ECS needs at least one essential container in a task',
    });
    last.essential = true;
  }

  const hostPaths = new Map(containers.flatMap((c) => c.mounts.filter((m) => m.hostPath !== undefined).map((m) => [m.volume, m.hostPath as string] as const)));
  const volumes = [...new Set(containers.flatMap((c) => c.mounts.map((m) => m.volume)))].sort().map((n) => (hostPaths.has(n) ? { name: n, hostPath: hostPaths.get(n) } : { name: n }));
  const { cpu, memory } = fargate ? sizeTask(name, containers, members, ctx) : sumTask(containers);

  const replicaCounts: number[] = [];
  let retention: number | undefined;
  let rollback = false;
  for (const s of members) {
    const svc = svcOf(s);
    const deploy = isMapping(svc.deploy) ? svc.deploy : {};
    const r = replicaCount(s, deploy.replicas ?? svc.scale, deploy.replicas !== undefined ? ['deploy', 'replicas'] : ['scale'], ctx);
    if (r !== undefined) replicaCounts.push(r);
    if (isMapping(deploy.update_config) && deploy.update_config.failure_action === 'rollback') rollback = true;
    const xl = svc['x-logging'];
    if (isMapping(xl) && typeof xl.RetentionInDays === 'number') {
      const days = snapRetention(xl.RetentionInDays);
      if (days !== xl.RetentionInDays) {
        const path = ['services', s, 'x-logging', 'RetentionInDays'];
        ctx.bag.warn({
          code: 'CXR2017',
          message: `log retention of ${xl.RetentionInDays} days is not a CloudWatch Logs value; the nearest one, ${days}, is used`,
          path: formatPath(path),
          pos: posAt(ctx.doc, path),
          expected: `one of ${LOG_RETENTION_VALUES.join(', ')}`,
          hint: `write ${days}`,
        });
      }
      retention = Math.max(retention ?? 0, days);
    }
  }

  const replicas = replicaCounts.length > 0 ? Math.max(...replicaCounts) : 1;
  const extensions: FamilyModel['extensions'] = {};
  for (const s of members) {
    for (const [k, v] of Object.entries(svcOf(s))) {
      if (!k.startsWith('x-')) continue;
      (extensions[k] ??= []).push({ service: s, value: v });
    }
  }
  const iam = familyIam(extensions['x-iam'] ?? [], ctx);
  warnUnsupportedSettings(extensions, ctx);
  const ephemeralStorageGiB = ephemeralStorage(members, svcOf, ctx, fargate);
  const xecs = (extensions['x-ecs'] ?? []).map((e) => e.value).filter(isMapping);
  const hostLabel = members.map((s) => deployLabels(svcOf(s))['ecs.task.family.hostname']).find(Boolean);

  return {
    name,
    logicalName: id,
    hostname: (hostLabel ?? name).toLowerCase().replace(/_/g, '-').replace(/[^a-z0-9.-]/g, ''),
    services: ordered,
    containers,
    volumes,
    replicas,
    taskCpu: cpu,
    taskMemory: memory,
    platform,
    platformSource,
    networkMode,
    placement: familyPlacement(ordered, svcOf, platform, computeCtx),
    dependsOnFamilies: [...dependsOnFamilies].sort(),
    logRetentionDays: snapRetention(retention ?? DEFAULT_LOG_RETENTION),
    rollbackOnFailure: rollback,
    iam,
    enableExecuteCommand: xecs.some((x) => x.EnableExecuteCommand === true),
    ephemeralStorageGiB,
    cpuArchitecture: xecs.some((x) => x.CpuArchitecture === 'ARM64') ? 'ARM64' : 'X86_64',
    operatingSystemFamily: String(xecs.find((x) => typeof x.OperatingSystemFamily === 'string')?.OperatingSystemFamily ?? 'LINUX'),
    assignPublicIp: (extensions['x-network'] ?? []).some((e) => isMapping(e.value) && e.value.AssignPublicIp === true),
    subnetGroup: 'AppSubnets',
    extensions,
  };
}

/** A family waiting for another because one of its services depends on a service of the other. */
interface ServiceEdge {
  from: string;
  to: string;
  service: string;
  dep: string;
}

/** True when family `a` waits for family `b`, directly or not. */
function waitsFor(byId: Map<string, FamilyModel>, a: string, b: string): boolean {
  const seen = new Set<string>();
  const todo = [a];
  while (todo.length > 0) {
    const cur = todo.pop() as string;
    if (cur === b) return true;
    for (const d of byId.get(cur)?.dependsOnFamilies ?? []) if (!seen.has(d)) (seen.add(d), todo.push(d));
  }
  return false;
}

/**
 * Orders the family stacks by the depends_on between services of different families, after the
 * families named in depends_on. A service dependency that would make two stacks wait for each
 * other orders nothing (1.x orders stacks by family names only): warning.
 */
function addServiceEdges(families: FamilyModel[], edges: ServiceEdge[], ctx: FamilyContext): void {
  const byId = new Map(families.map((f) => [f.logicalName, f]));
  for (const e of edges) {
    const from = byId.get(e.from) as FamilyModel;
    if (from.dependsOnFamilies.includes(e.to)) continue;
    if (waitsFor(byId, e.to, e.from)) {
      const path = ['services', e.service, 'depends_on', e.dep];
      ctx.bag.warn({
        code: 'CXR2016',
        message: `"${e.service}" depends on "${e.dep}", but task family "${byId.get(e.to)?.name}" already waits for "${from.name}": this dependency does not order the stacks`,
        path: formatPath(path),
        pos: posAt(ctx.doc, path),
        hint: `the containers of "${e.service}" in "${from.name}" may start before "${e.dep}"; put them in one task family to order their start`,
      });
      continue;
    }
    from.dependsOnFamilies = [...from.dependsOnFamilies, e.to].sort();
  }
}

/** Stacks cannot wait for each other: task families named in depends_on must not loop. False after an error. */
function checkFamilyCycles(families: FamilyModel[], ctx: FamilyContext): boolean {
  const byId = new Map(families.map((f) => [f.logicalName, f]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): string[] | undefined => {
    state.set(id, 'visiting');
    for (const d of byId.get(id)?.dependsOnFamilies ?? []) {
      if (state.get(d) === 'visiting') return [...path.slice(path.indexOf(d)), id, d];
      if (!state.has(d)) {
        const found = visit(d, [...path, id]);
        if (found) return found;
      }
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const f of families) {
    if (state.has(f.logicalName)) continue;
    const cycle = visit(f.logicalName, []);
    if (!cycle) continue;
    const first = byId.get(cycle[0]) as FamilyModel;
    const path = ['services', first.services[0], 'depends_on'];
    ctx.bag.error({
      code: 'CXR1016',
      message: `the task families depend on each other in a loop: ${cycle.map((id) => byId.get(id)?.name ?? id).join(' -> ')}`,
      path: formatPath(path),
      pos: posAt(ctx.doc, path) ?? posAt(ctx.doc, ['services', first.services[0]]),
      expected: 'depends_on across task families that form a chain without loops',
      hint: 'remove one of these dependencies, or put the services in one task family (deploy.labels ecs.task.family)',
    });
    return false;
  }
  return true;
}

function replicaCount(service: string, v: unknown, path: string[], ctx: FamilyContext): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (Number.isInteger(n) && n >= 0) return n;
  ctx.bag.error({
    code: 'CXR1013',
    message: `invalid number of replicas ${JSON.stringify(v)}`,
    path: formatPath(['services', service, ...path]),
    pos: posAt(ctx.doc, ['services', service, ...path]),
    expected: 'a whole number ≥ 0',
  });
  return undefined;
}

/** Topological order (dependencies first); ties keep the order services are declared in. */
function orderContainers(members: string[], svcOf: (s: string) => Mapping): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  const visit = (s: string, stack: Set<string>) => {
    if (done.has(s) || stack.has(s)) return;
    stack.add(s);
    const deps = svcOf(s).depends_on;
    if (isMapping(deps)) for (const d of Object.keys(deps)) if (members.includes(d)) visit(d, stack);
    stack.delete(s);
    done.add(s);
    out.push(s);
  };
  for (const s of members) visit(s, new Set());
  return out;
}

function dependencyCondition(dep: string, cfg: unknown, depSvc: Mapping, ctx: FamilyContext, from: string): StartCondition {
  const cond = isMapping(cfg) ? cfg.condition : undefined;
  if (cond === 'service_healthy') {
    if (startCondition(depSvc) !== 'HEALTHY') {
      ctx.bag.error({
        code: 'CXR1011',
        message: `service "${from}" waits for "${dep}" to be healthy, but "${dep}" has no healthcheck`,
        path: formatPath(['services', from, 'depends_on', dep]),
        pos: posAt(ctx.doc, ['services', from, 'depends_on', dep]),
        hint: `add a healthcheck to "${dep}", or use condition: service_started`,
      });
    }
    return 'HEALTHY';
  }
  if (cond === 'service_completed_successfully') return 'SUCCESS';
  return startCondition(depSvc);
}

/**
 * EC2 / EXTERNAL: the task is the sum of its containers, no Fargate size. CPU 0 is left to ECS;
 * memory defaults to 512 MiB (ECS needs task or container memory on EC2).
 */
function sumTask(containers: ContainerModel[]): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of containers) {
    cpu += c.cpuUnits ?? 0;
    memory += c.memoryMiB ?? c.memoryReservationMiB ?? 0;
  }
  return { cpu, memory: memory || EC2_DEFAULT_MEMORY };
}

function sizeTask(name: string, containers: ContainerModel[], members: string[], ctx: FamilyContext): { cpu: number; memory: number } {
  let cpu = 0;
  let mem = 0;
  for (const c of containers) {
    cpu += c.cpuUnits ?? 0;
    mem += c.memoryMiB ?? c.memoryReservationMiB ?? 0;
  }
  const where = { path: formatPath(['services', members[0], 'deploy', 'resources']), pos: posAt(ctx.doc, ['services', members[0], 'deploy', 'resources']) };
  const size = fargateSize(cpu, mem);
  if ('error' in size) {
    const key = sizeKeyPath(containers, cpu > size.maxCpu ? 'cpu' : 'memory', ctx);
    ctx.bag.error({
      code: 'CXR1012',
      message: `task family "${name}" needs ${cpu / 1024} vCPU and ${mem} MiB; Fargate tasks are limited to ${size.maxCpu / 1024} vCPU and ${size.maxMemory} MiB`,
      ...(key ? { path: formatPath(key), pos: posAt(ctx.doc, key) } : where),
      hint: 'lower deploy.resources of the containers, or split the family',
    });
    return { cpu: 256, memory: 512 };
  }
  if (size.roundedUp && (cpu > 0 || mem > 0)) {
    ctx.bag.warn({
      code: 'CXR2013',
      message: `task family "${name}" asks for ${cpu} CPU units and ${mem} MiB; the smallest Fargate size that covers both is ${size.cpu} CPU units and ${size.memory} MiB`,
      ...where,
    });
  }
  return { cpu: size.cpu, memory: size.memory };
}

/**
 * The key that holds the largest share of a task's CPU or memory: in the container asking for the
 * most, the first of the keys its request comes from that is set.
 */
function sizeKeyPath(containers: ContainerModel[], what: 'cpu' | 'memory', ctx: FamilyContext): string[] | undefined {
  const amount = (c: ContainerModel) => (what === 'cpu' ? c.cpuUnits : c.memoryMiB ?? c.memoryReservationMiB) ?? 0;
  const biggest = containers.reduce<ContainerModel | undefined>((best, c) => (amount(c) > (best ? amount(best) : 0) ? c : best), undefined);
  if (!biggest) return undefined;
  const svc = isMapping(ctx.doc.services) ? ctx.doc.services[biggest.name] : undefined;
  const candidates =
    what === 'cpu'
      ? [['deploy', 'resources', 'limits', 'cpus'], ['deploy', 'resources', 'reservations', 'cpus'], ['cpus']]
      : biggest.memoryMiB !== undefined
        ? [['deploy', 'resources', 'limits', 'memory'], ['mem_limit']]
        : [['deploy', 'resources', 'reservations', 'memory'], ['mem_reservation']];
  const valueAt = (p: string[]) => p.reduce<unknown>((v, k) => (isMapping(v) ? v[k] : undefined), svc);
  // For CPU the largest of the three values counts; for memory the first one set.
  const set = candidates.filter((p) => valueAt(p) !== undefined && valueAt(p) !== null);
  const pick = what === 'cpu' ? set.reduce<string[] | undefined>((best, p) => (best === undefined || Number(valueAt(p)) > Number(valueAt(best)) ? p : best), undefined) : set[0];
  return pick ? ['services', biggest.name, ...pick] : undefined;
}

/** Settings the schema accepts (ECS Compose-X 1.x syntax) that are not rendered yet: one warning each. */
const NOT_YET: [string, string, string][] = [
  ['x-network', 'x-ecs_connect', 'ECS Service Connect'],
];

function warnUnsupportedSettings(extensions: FamilyModel['extensions'], ctx: FamilyContext): void {
  for (const [ext, key, what] of NOT_YET) {
    for (const { service, value } of extensions[ext] ?? []) {
      if (!isMapping(value) || !(key in value)) continue;
      const path = ['services', service, ext, key];
      ctx.bag.warn({ code: 'CXR2014', message: `${ext}.${key} (${what}) is not supported yet and is ignored`, path: formatPath(path), pos: posAt(ctx.doc, path) });
    }
  }
}

/** The ecs.ephemeral.storage label (GiB, or a size such as "50G"): Fargate gives 20 GiB by default, up to 200. */
function ephemeralStorage(members: string[], svcOf: (s: string) => Mapping, ctx: FamilyContext, fargate: boolean): number | undefined {
  let best: number | undefined;
  for (const s of members) {
    const v = deployLabels(svcOf(s))['ecs.ephemeral.storage'];
    if (v === undefined) continue;
    const m = /^(\d+)\s*(g|gb|gi|gib)?$/i.exec(v.trim());
    const path = ['services', s, 'deploy', 'labels', 'ecs.ephemeral.storage'];
    if (!fargate) {
      ctx.bag.warn({
        code: 'CXR2070',
        message: 'ecs.ephemeral.storage is ignored: only Fargate tasks have ephemeral storage to size',
        path: formatPath(path),
        pos: posAt(ctx.doc, path),
        hint: 'size the root volume of the EC2 instances instead',
      });
      continue;
    }
    if (!m) {
      ctx.bag.error({ code: 'CXR1015', message: `invalid ephemeral storage size ${JSON.stringify(v)}`, path: formatPath(path), pos: posAt(ctx.doc, path), expected: 'a number of GiB from 21 to 200, e.g. "50" or "50G"' });
      continue;
    }
    let gib = Number(m[1]);
    if (gib > 200) {
      ctx.bag.warn({ code: 'CXR2015', message: `ephemeral storage ${gib} GiB is above Fargate's 200 GiB; 200 GiB is used`, path: formatPath(path), pos: posAt(ctx.doc, path) });
      gib = 200;
    }
    if (gib <= 20) continue;
    best = Math.max(best ?? 0, gib);
  }
  return best;
}

/** The CloudWatch Logs retention period nearest to `days` (the longer one on a tie), as 1.x rounds it. */
export function snapRetention(days: number): number {
  let best = LOG_RETENTION_VALUES[0];
  for (const v of LOG_RETENTION_VALUES) if (Math.abs(v - days) < Math.abs(best - days) || (Math.abs(v - days) === Math.abs(best - days) && v > best)) best = v;
  return best;
}

function familyIam(entries: { service: string; value: unknown }[], ctx: FamilyContext): FamilyModel['iam'] {
  const iam: FamilyModel['iam'] = { policies: [], managedPolicyArns: [] };
  let n = 0;
  for (const { service, value } of entries) {
    if (!isMapping(value)) continue;
    if (Array.isArray(value.Policies)) {
      value.Policies.forEach((p, i) => {
        if (!isMapping(p) || !isMapping(p.PolicyDocument)) return;
        const pname = typeof p.PolicyName === 'string' ? p.PolicyName : `PolicyGenerated${n++}`;
        const same = iam.policies.find((x) => x.name === pname);
        if (!same) iam.policies.push({ name: pname, document: p.PolicyDocument });
        else if (JSON.stringify(same.document) !== JSON.stringify(p.PolicyDocument)) {
          const path = ['services', service, 'x-iam', 'Policies', i, 'PolicyName'];
          ctx.bag.error({
            code: 'CXR1014',
            message: `two different x-iam policies of one task family are named ${pname}`,
            path: formatPath(path),
            pos: posAt(ctx.doc, path),
            hint: 'give each policy its own PolicyName',
          });
        }
      });
    }
    if (Array.isArray(value.ManagedPolicyArns)) {
      for (const a of value.ManagedPolicyArns) if (typeof a === 'string' && !iam.managedPolicyArns.includes(a)) iam.managedPolicyArns.push(a);
    }
    if (typeof value.PermissionsBoundary === 'string') iam.permissionsBoundary = value.PermissionsBoundary;
  }
  return iam;
}
