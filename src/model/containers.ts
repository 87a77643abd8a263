/**
 * One compose service → one ECS container model, following the compatibility table: supported
 * keys are mapped, ignored keys give one warning each, rejected keys are errors.
 */
import { createHash } from 'node:crypto';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../load/positions.js';
import { SERVICE_KEYS } from './compatibility.js';
import { parseDurationSeconds } from './duration.js';
import { bytesToMiB, cpusToUnits, parseCpus, parseMemoryBytes, UnitError } from './units.js';
import type { ContainerModel, MountModel, NetworkMode, StartCondition } from './types.js';

export interface ContainerContext {
  /** The whole resolved project (positions for diagnostics). */
  doc: Mapping;
  bag: DiagnosticBag;
  fargate: boolean;
  /** The task network mode (awsvpc unless an EC2 / EXTERNAL family sets network_mode). */
  networkMode?: NetworkMode;
}

const CONDITIONS: readonly StartCondition[] = ['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'];

export function deployLabels(svc: Mapping): Record<string, string> {
  const deploy = isMapping(svc.deploy) ? svc.deploy : {};
  const labels = isMapping(deploy.labels) ? deploy.labels : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}

export function hasHealthcheck(svc: Mapping): boolean {
  const hc = svc.healthcheck;
  if (!isMapping(hc) || hc.disable === true) return false;
  const test = hc.test;
  return Array.isArray(test) ? test.length > 0 && test[0] !== 'NONE' : typeof test === 'string';
}

/** HEALTHY with a healthcheck, else the ecs.depends.condition label, else START. */
export function startCondition(svc: Mapping): StartCondition {
  if (hasHealthcheck(svc)) return 'HEALTHY';
  const label = deployLabels(svc)['ecs.depends.condition'];
  if (label && (CONDITIONS as readonly string[]).includes(label.toUpperCase())) return label.toUpperCase() as StartCondition;
  return 'START';
}

/** A container with nothing set yet: every list and map of a ContainerModel empty. */
export function emptyContainer(name: string, image: string, essential: boolean, startCondition: StartCondition): ContainerModel {
  return {
    name,
    image,
    essential,
    startCondition,
    dependsOn: [],
    environment: {},
    ports: [],
    mounts: [],
    volumesFrom: [],
    dockerLabels: {},
    capAdd: [],
    capDrop: [],
    ulimits: [],
    systemControls: [],
    tmpfs: [],
    log: { options: {} },
  };
}

export function buildContainer(name: string, svc: Mapping, ctx: ContainerContext): ContainerModel {
  const at = (...p: (string | number)[]) => ({
    path: formatPath(['services', name, ...p]),
    pos: posAt(ctx.doc, ['services', name, ...p]),
  });
  checkKeys(name, svc, ctx);

  const cond = startCondition(svc);
  const labels = deployLabels(svc);
  const c = emptyContainer(name, typeof svc.image === 'string' ? svc.image : '', !(cond === 'SUCCESS' || cond === 'COMPLETE'), cond);
  const essentialLabel = labels['ecs.essential'];
  if (essentialLabel !== undefined) c.essential = /^(true|yes|1)$/i.test(essentialLabel);
  if (!c.image) {
    ctx.bag.error({
      code: 'CXR1001',
      message: `service "${name}" has no image`,
      ...at(),
      expected: 'an `image:` ECS can pull',
      hint: svc.build !== undefined ? 'set `image:` to the ECR repository to push to, and deploy with `up --build` (it builds, pushes and pins the image)' : 'ECS does not build images: push the image to a registry (ECR) and set `image:`',
    });
  }

  resources(name, svc, c, ctx, at);
  if (Array.isArray(svc.command)) c.command = svc.command.map(String);
  if (Array.isArray(svc.entrypoint)) c.entryPoint = svc.entrypoint.map(String);
  if (isMapping(svc.environment)) {
    for (const [k, v] of Object.entries(svc.environment)) {
      if (v === null || v === undefined) {
        ctx.bag.warn({
          code: 'CXR2002',
          message: `environment variable ${k} of service "${name}" has no value and is not set; it is left out`,
          ...at('environment', k),
          hint: `set ${k} in the environment or .env when rendering, or give it a value`,
        });
        continue;
      }
      c.environment[k] = String(v);
    }
  }
  ports(name, svc, c, ctx, at);
  if (isMapping(svc.labels)) for (const [k, v] of Object.entries(svc.labels)) c.dockerLabels[k] = String(v ?? '');
  if (typeof svc.user === 'string' || typeof svc.user === 'number') c.user = String(svc.user);
  if (typeof svc.working_dir === 'string') c.workingDirectory = svc.working_dir;
  if (typeof svc.read_only === 'boolean') c.readonlyRootFilesystem = svc.read_only;
  if (svc.privileged === true) {
    if (ctx.fargate) {
      ctx.bag.error({
        code: 'CXR1002',
        message: `service "${name}" is privileged, which Fargate does not allow`,
        ...at('privileged'),
        hint: 'remove `privileged: true`, or run the family on EC2 (deploy.labels ecs.compute.platform: EC2)',
      });
    } else c.privileged = true;
  }
  if (svc.stdin_open === true) c.interactive = true;
  if (svc.tty === true) c.pseudoTerminal = true;
  if (svc.init === true) c.initProcessEnabled = true;
  if (Array.isArray(svc.cap_add)) c.capAdd = svc.cap_add.map(String);
  if (Array.isArray(svc.cap_drop)) c.capDrop = svc.cap_drop.map(String);
  if (isMapping(svc.sysctls)) {
    for (const [k, v] of Object.entries(svc.sysctls)) c.systemControls.push({ namespace: k, value: String(v) });
  }
  ulimits(name, svc, c, ctx, at);
  if (svc.stop_grace_period !== undefined) {
    const s = duration(svc.stop_grace_period, ctx, at('stop_grace_period'));
    if (s !== undefined) {
      const clamped = Math.min(120, Math.max(2, Math.round(s)));
      if (clamped !== Math.round(s)) {
        ctx.bag.warn({
          code: 'CXR2003',
          message: `stop_grace_period of "${name}" is ${s}s; ECS allows 2 to 120 seconds, ${clamped}s is used`,
          ...at('stop_grace_period'),
        });
      }
      c.stopTimeout = clamped;
    }
  }
  healthcheck(name, svc, c, ctx, at);
  volumes(name, svc, c, ctx, at);
  logging(name, svc, c, ctx, at);
  return c;
}

type At = (...p: (string | number)[]) => { path: string; pos: ReturnType<typeof posAt> };

function checkKeys(name: string, svc: Mapping, ctx: ContainerContext): void {
  for (const key of Object.keys(svc)) {
    if (key.startsWith('x-')) continue;
    const s = SERVICE_KEYS[key];
    if (!s || s.support === 'supported') continue;
    const where = { path: formatPath(['services', name, key]), pos: posAt(ctx.doc, ['services', name, key]) };
    if (s.support === 'rejected') {
      ctx.bag.error({ code: 'CXR1003', message: `\`${key}\` cannot be used on ECS: ${s.note}`, ...where, hint: `remove \`${key}\` from service "${name}"` });
    } else if (key !== 'build' || svc.image === undefined) {
      ctx.bag.warn({ code: 'CXR2001', message: `\`${key}\` is ignored on ECS: ${s.note}`, ...where });
    }
  }
}

type Where = { path: string; pos: ReturnType<typeof posAt> };

/** Parses a value with a unit parser; a bad value becomes an error diagnostic (code, what) at `where`. */
function parsed<T>(v: unknown, parse: (x: string | number) => T, code: string, what: string, ctx: ContainerContext, where: Where): T | undefined {
  if (v === undefined || v === null) return undefined;
  try {
    return parse(v as string | number);
  } catch (e) {
    if (!(e instanceof UnitError)) throw e;
    ctx.bag.error({ code, message: `invalid ${what} ${JSON.stringify(v)}`, ...where, expected: e.expected });
    return undefined;
  }
}

const duration = (v: unknown, ctx: ContainerContext, where: Where) => parsed(v, parseDurationSeconds, 'CXR1004', 'duration', ctx, where);
const memory = (v: unknown, ctx: ContainerContext, where: Where) =>
  parsed(v, (x) => Math.max(bytesToMiB(parseMemoryBytes(x)), 6), 'CXR1005', 'memory size', ctx, where);
const cpus = (v: unknown, ctx: ContainerContext, where: Where) => parsed(v, parseCpus, 'CXR1006', 'cpus', ctx, where);

function resources(_name: string, svc: Mapping, c: ContainerModel, ctx: ContainerContext, at: At): void {
  const deploy = isMapping(svc.deploy) ? svc.deploy : {};
  const res = isMapping(deploy.resources) ? deploy.resources : {};
  const limits = isMapping(res.limits) ? res.limits : {};
  const reservations = isMapping(res.reservations) ? res.reservations : {};
  const cpuValues = [
    cpus(limits.cpus, ctx, at('deploy', 'resources', 'limits', 'cpus')),
    cpus(reservations.cpus, ctx, at('deploy', 'resources', 'reservations', 'cpus')),
    cpus(svc.cpus, ctx, at('cpus')),
  ].filter((x): x is number => x !== undefined && x > 0);
  if (cpuValues.length > 0) c.cpuUnits = cpusToUnits(Math.max(...cpuValues));
  c.memoryMiB = memory(limits.memory ?? svc.mem_limit, ctx, at('deploy', 'resources', 'limits', 'memory'));
  c.memoryReservationMiB = memory(reservations.memory ?? svc.mem_reservation, ctx, at('deploy', 'resources', 'reservations', 'memory'));
  if (c.memoryMiB !== undefined && c.memoryReservationMiB !== undefined && c.memoryReservationMiB > c.memoryMiB) {
    ctx.bag.error({
      code: 'CXR1007',
      message: `memory reservation (${c.memoryReservationMiB} MiB) is above the memory limit (${c.memoryMiB} MiB)`,
      ...at('deploy', 'resources', 'reservations', 'memory'),
      expected: 'reservations.memory ≤ limits.memory',
    });
  }
}

function ports(name: string, svc: Mapping, c: ContainerModel, ctx: ContainerContext, at: At): void {
  const seen = new Set<string>();
  const bridge = ctx.networkMode === 'bridge';
  const add = (port: number, protocol: string, published?: number) => {
    const proto = protocol === 'udp' ? 'udp' : 'tcp';
    const key = `${port}/${proto}`;
    if (seen.has(key)) return;
    seen.add(key);
    c.ports.push(bridge && published !== undefined ? { containerPort: port, protocol: proto, published } : { containerPort: port, protocol: proto });
  };
  if (Array.isArray(svc.ports)) {
    svc.ports.forEach((p, i) => {
      if (!isMapping(p)) return;
      const target = Number(p.target);
      const published = p.published === undefined || p.published === null || p.published === '' ? undefined : String(p.published);
      if (published !== undefined && published !== String(target) && !(bridge && /^\d+$/.test(published))) {
        ctx.bag.warn({
          code: 'CXR2004',
          message: `port ${published}:${target} of "${name}": with ${ctx.networkMode ?? 'awsvpc'} networking the task listens on ${target}; the published port ${published} is not used`,
          ...at('ports', i),
          hint: ctx.fargate
            ? 'publish the container port itself, e.g. "8080:8080", or put a load balancer in front'
            : 'publish the container port itself, or use network_mode: bridge on EC2 to map host ports',
        });
      }
      if (p.protocol !== undefined && p.protocol !== 'tcp' && p.protocol !== 'udp') {
        ctx.bag.error({ code: 'CXR1008', message: `unsupported port protocol ${String(p.protocol)}`, ...at('ports', i, 'protocol'), expected: 'tcp or udp' });
        return;
      }
      add(target, String(p.protocol ?? 'tcp'), published !== undefined && /^\d+$/.test(published) ? Number(published) : bridge ? 0 : undefined);
    });
  }
  if (Array.isArray(svc.expose)) {
    svc.expose.forEach((e, i) => {
      const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/.exec(String(e));
      if (!m) {
        ctx.bag.error({ code: 'CXR1009', message: `invalid expose entry ${JSON.stringify(e)}`, ...at('expose', i), expected: 'PORT or PORT/PROTOCOL' });
        return;
      }
      const from = Number(m[1]);
      const to = m[2] ? Number(m[2]) : from;
      for (let p = from; p <= to; p++) add(p, m[3] ?? 'tcp');
    });
  }
}

function ulimits(name: string, svc: Mapping, c: ContainerModel, ctx: ContainerContext, at: At): void {
  if (!isMapping(svc.ulimits)) return;
  for (const [k, v] of Object.entries(svc.ulimits)) {
    const soft = isMapping(v) ? Number(v.soft) : Number(v);
    const hard = isMapping(v) ? Number(v.hard) : Number(v);
    if (ctx.fargate && k !== 'nofile') {
      ctx.bag.warn({ code: 'CXR2005', message: `ulimit ${k} of "${name}" is ignored: Fargate honours nofile only`, ...at('ulimits', k) });
      continue;
    }
    c.ulimits.push({ name: k, soft, hard });
  }
}

function healthcheck(name: string, svc: Mapping, c: ContainerModel, ctx: ContainerContext, at: At): void {
  if (!hasHealthcheck(svc)) return;
  const hc = svc.healthcheck as Mapping;
  const test = Array.isArray(hc.test) ? hc.test.map(String) : ['CMD-SHELL', String(hc.test)];
  const secs = (key: string, min: number, max: number): number | undefined => {
    if (hc[key] === undefined) return undefined;
    const s = duration(hc[key], ctx, at('healthcheck', key));
    if (s === undefined) return undefined;
    const v = Math.round(s);
    const clamped = Math.min(max, Math.max(min, v));
    if (clamped !== v) {
      ctx.bag.warn({
        code: 'CXR2006',
        message: `healthcheck ${key} of "${name}" is ${v}s; ECS allows ${min} to ${max} seconds, ${clamped}s is used`,
        ...at('healthcheck', key),
      });
    }
    return clamped;
  };
  c.healthCheck = {
    command: test,
    interval: secs('interval', 5, 300),
    timeout: secs('timeout', 2, 120),
    startPeriod: secs('start_period', 0, 300),
  };
  if (hc.retries !== undefined) c.healthCheck.retries = Math.min(10, Math.max(1, Number(hc.retries)));
}

/** Deterministic task volume name of a host path. */
function hostVolumeName(source: string): string {
  return `host${createHash('sha256').update(source).digest('hex').slice(0, 8)}`;
}

/** Deterministic name for an anonymous volume. */
function anonymousVolumeName(service: string, target: string): string {
  return `anon${createHash('sha256').update(`${service}:${target}`).digest('hex').slice(0, 8)}`;
}

function volumes(name: string, svc: Mapping, c: ContainerModel, ctx: ContainerContext, at: At): void {
  if (Array.isArray(svc.volumes)) {
    svc.volumes.forEach((v, i) => {
      if (!isMapping(v) || typeof v.target !== 'string') return;
      const readOnly = v.read_only === true;
      if (v.type === 'volume') {
        const source = typeof v.source === 'string' && v.source ? v.source : anonymousVolumeName(name, v.target);
        c.mounts.push({ volume: source, containerPath: v.target, readOnly } satisfies MountModel);
      } else if (v.type === 'bind' && !ctx.fargate && typeof v.source === 'string' && v.source.startsWith('/')) {
        c.mounts.push({ volume: hostVolumeName(v.source), containerPath: v.target, readOnly, hostPath: v.source } satisfies MountModel);
      } else if (v.type === 'bind') {
        ctx.bag.warn({
          code: 'CXR2007',
          message: `bind mount ${String(v.source)}:${v.target} of "${name}" is ignored: ${ctx.fargate ? 'Fargate tasks cannot mount host paths' : 'the source must be an absolute path on the instance'}`,
          ...at('volumes', i),
          hint: ctx.fargate
            ? 'bake the files into the image, use a named volume filled by an init container, or run the family on EC2 (deploy.labels ecs.compute.platform: EC2)'
            : 'write the host path in full, e.g. /var/log/app:/logs',
        });
      } else if (v.type === 'tmpfs' && !ctx.fargate) {
        const size = isMapping(v.tmpfs) ? memory(v.tmpfs.size, ctx, at('volumes', i, 'tmpfs', 'size')) : undefined;
        c.tmpfs.push({ containerPath: v.target, sizeMiB: size ?? 64 });
      } else if (v.type === 'tmpfs') {
        ctx.bag.warn({
          code: 'CXR2008',
          message: `tmpfs mount ${v.target} of "${name}" is ignored: Fargate does not support tmpfs`,
          ...at('volumes', i),
          hint: 'use a named volume instead (task storage)',
        });
      } else {
        ctx.bag.warn({ code: 'CXR2009', message: `volume type ${String(v.type)} of "${name}" is not supported on ECS and is ignored`, ...at('volumes', i) });
      }
    });
  }
  if (Array.isArray(svc.tmpfs) && svc.tmpfs.length > 0 && ctx.fargate) {
    ctx.bag.warn({ code: 'CXR2008', message: `tmpfs of "${name}" is ignored: Fargate does not support tmpfs`, ...at('tmpfs'), hint: 'use a named volume instead (task storage)' });
  } else if (Array.isArray(svc.tmpfs)) {
    for (const t of svc.tmpfs) if (typeof t === 'string') c.tmpfs.push({ containerPath: t.split(':')[0], sizeMiB: 64 });
  }
  if (svc.shm_size !== undefined && ctx.fargate) {
    ctx.bag.warn({ code: 'CXR2010', message: `shm_size of "${name}" is ignored: Fargate does not support it`, ...at('shm_size') });
  } else if (svc.shm_size !== undefined) {
    c.sharedMemoryMiB = memory(svc.shm_size, ctx, at('shm_size'));
  }
  if (Array.isArray(svc.volumes_from)) {
    for (const v of svc.volumes_from) {
      if (typeof v !== 'string' || v.startsWith('container:')) continue;
      const [src, mode] = v.split(':');
      c.volumesFrom.push({ sourceContainer: src, readOnly: mode === 'ro' });
    }
  }
}

function logging(name: string, svc: Mapping, c: ContainerModel, ctx: ContainerContext, at: At): void {
  const lg = svc.logging;
  if (!isMapping(lg)) return;
  const driver = typeof lg.driver === 'string' ? lg.driver : 'awslogs';
  if (driver === 'awsfirelens') {
    // Routed by the family's FireLens log router (src/extensions/x-logging/firelens.ts).
    const opts = isMapping(lg.options) ? lg.options : {};
    c.log.firelens = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]));
    return;
  }
  if (driver !== 'awslogs') {
    ctx.bag.warn({
      code: 'CXR2011',
      message: `logging driver ${driver} of "${name}" is replaced by awslogs (CloudWatch Logs)`,
      ...at('logging', 'driver'),
    });
    return;
  }
  const opts = isMapping(lg.options) ? lg.options : {};
  for (const [k, v] of Object.entries(opts)) {
    if (v === null || v === undefined) continue;
    if (k === 'awslogs-group') c.log.group = String(v);
    else if (k === 'awslogs-region' || k === 'awslogs-create-group' || k === 'awslogs-retention') continue;
    else c.log.options[k] = String(v);
  }
}
