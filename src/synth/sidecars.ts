/**
 * Managed sidecars: containers ecs-compose-x adds to a task family on its own (the X-Ray daemon,
 * the FireLens log router, the CloudWatch agent). One mechanism for all of them: the container
 * joins the family's task definition (non-essential unless asked), the family's own containers
 * wait for it to start (or be healthy), its CPU and memory count in the task size, and it logs to
 * the family log group like any container.
 *
 * A sidecar publishes no port: in awsvpc and host network modes the other containers of the task
 * reach it on 127.0.0.1; in bridge mode they are linked to it by its name. So no ingress rule and
 * no Cloud Map registration ever opens a sidecar's port.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, posAt, type Mapping } from '../load/positions.js';
import { emptyContainer } from '../model/containers.js';
import { fargateSize } from '../model/fargate.js';
import type { ContainerModel, HealthCheckModel, StartCondition } from '../model/types.js';
import type { CfnValue } from '../cfn/intrinsics.js';
import type { FamilyStack } from './family.js';

export interface SidecarSpec {
  /** Container name (also the host name other containers use in bridge mode). */
  name: string;
  image: string;
  /** Default false: the task keeps running if the sidecar stops. */
  essential?: boolean;
  cpuUnits: number;
  memoryMiB: number;
  memoryReservationMiB?: number;
  environment?: Record<string, string>;
  command?: string[];
  healthCheck?: HealthCheckModel;
  dockerLabels?: Record<string, string>;
  /** How the family's containers wait for the sidecar (default START). */
  appsWaitFor?: StartCondition;
  /** False when the other containers never call the sidecar (no Links in bridge mode); default true. */
  reachedByApps?: boolean;
  /** Other container definition properties (e.g. FirelensConfiguration, Secrets). */
  properties?: Record<string, CfnValue>;
}

export interface SidecarContext {
  doc: Mapping;
  bag: DiagnosticBag;
}

/** What an extension gets back: the sidecar's container and how the others reach it. */
export interface AddedSidecar {
  container: ContainerModel;
  /** Host the other containers of the task reach the sidecar on (127.0.0.1, or its name in bridge mode). */
  host: string;
}

/** The sidecars added to each family, and the links (bridge mode) each container has to them. */
interface SidecarState {
  names: Set<string>;
  links: Map<string, string[]>;
}

const states = new WeakMap<FamilyStack, SidecarState>();

function stateOf(fs: FamilyStack): SidecarState {
  let s = states.get(fs);
  if (!s) states.set(fs, (s = { names: new Set(), links: new Map() }));
  return s;
}

/** The family's own containers: every container that is not a managed sidecar. */
export function appContainers(fs: FamilyStack): ContainerModel[] {
  const names = states.get(fs)?.names;
  return fs.family.containers.filter((c) => !names?.has(c.name));
}

/** True when `name` is a managed sidecar of the family. */
export function isSidecar(fs: FamilyStack, name: string): boolean {
  return states.get(fs)?.names.has(name) ?? false;
}

/**
 * Adds `spec` to the family. When a container of that name already exists (a compose service of
 * the family), it is left as written and used instead, with warning `warnCode` at `at`. Returns
 * undefined when the task cannot grow to hold the sidecar (error CXO1001).
 */
export function addSidecar(fs: FamilyStack, spec: SidecarSpec, ctx: SidecarContext, at: (string | number)[], warnCode: string): AddedSidecar | undefined {
  const f = fs.family;
  const bridge = f.networkMode === 'bridge';
  const existing = f.containers.find((c) => c.name === spec.name);
  if (existing) {
    ctx.bag.warn({
      code: warnCode,
      message: `task family "${f.name}" already has a container named "${spec.name}"; it is used as it is written and none is added`,
      path: formatPath(at),
      pos: posAt(ctx.doc, at),
      hint: `rename the service "${spec.name}" to have ecs-compose-x add its own`,
    });
    return { container: existing, host: bridge ? spec.name : '127.0.0.1' };
  }
  const apps = appContainers(fs);
  const container: ContainerModel = {
    ...emptyContainer(spec.name, spec.image, spec.essential ?? false, spec.healthCheck ? 'HEALTHY' : 'START'),
    cpuUnits: spec.cpuUnits,
    memoryMiB: spec.memoryMiB,
    memoryReservationMiB: spec.memoryReservationMiB,
    command: spec.command,
    environment: { ...(spec.environment ?? {}) },
    healthCheck: spec.healthCheck,
    dockerLabels: { ...(spec.dockerLabels ?? {}) },
  };
  if (!grow(fs, spec, ctx, at)) return undefined;
  const wait = spec.appsWaitFor ?? 'START';
  for (const c of apps) c.dependsOn.unshift({ containerName: spec.name, condition: wait });
  f.containers.unshift(container);
  const state = stateOf(fs);
  state.names.add(spec.name);
  for (const [k, v] of Object.entries(spec.properties ?? {})) fs.setContainerProperty(spec.name, k, v);
  if (bridge && spec.reachedByApps !== false) {
    for (const c of apps) {
      const links = [...(state.links.get(c.name) ?? []), spec.name];
      state.links.set(c.name, links);
      fs.setContainerProperty(c.name, 'Links', [...links]);
    }
  }
  return { container, host: bridge ? spec.name : '127.0.0.1' };
}

/** Grows the task so it holds the sidecar too; false (and error CXO1001) when Fargate has no such size. */
function grow(fs: FamilyStack, spec: SidecarSpec, ctx: SidecarContext, at: (string | number)[]): boolean {
  const f = fs.family;
  let cpu = spec.cpuUnits;
  let memory = spec.memoryMiB;
  for (const c of f.containers) {
    cpu += c.cpuUnits ?? 0;
    memory += c.memoryMiB ?? c.memoryReservationMiB ?? 0;
  }
  if (f.platform !== 'FARGATE') {
    if (f.taskCpu > 0) f.taskCpu = Math.max(f.taskCpu, cpu);
    f.taskMemory = Math.max(f.taskMemory, memory);
    return true;
  }
  const size = fargateSize(Math.max(cpu, f.taskCpu), Math.max(memory, f.taskMemory));
  if ('error' in size) {
    ctx.bag.error({
      code: 'CXO1001',
      message: `task family "${f.name}" cannot hold the ${spec.name} sidecar (${spec.cpuUnits} CPU units, ${spec.memoryMiB} MiB): it would need ${cpu} CPU units and ${memory} MiB, more than Fargate offers`,
      path: formatPath(at),
      pos: posAt(ctx.doc, at),
      hint: 'lower deploy.resources of the services of this family, or split the family',
    });
    return false;
  }
  f.taskCpu = size.cpu;
  f.taskMemory = size.memory;
  return true;
}
