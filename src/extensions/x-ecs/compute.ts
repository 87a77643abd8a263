/**
 * How the service of one family reaches its platform (decided by the model, src/model/compute.ts):
 * Fargate through the family's x-ecs.CapacityProviderStrategy (checked against the cluster's
 * providers), the cluster's default strategy or the FARGATE launch type; EC2 through Auto Scaling
 * group providers, the EC2 capacity created with the cluster or the EC2 launch type; EXTERNAL
 * through its launch type. Also what a platform cannot do (awsvpc-only settings, load balancers
 * of EXTERNAL tasks) and the runtime platform the services of a family agree on.
 */
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import { PLATFORM_LABEL } from '../../model/compute.js';
import type { FamilyModel } from '../../model/types.js';
import { isFargateProvider, type ClusterDetails, type StrategyItem } from '../../synth/cluster.js';

export interface FamilyCompute {
  /** Set when no capacity provider strategy decides. */
  launchType?: 'FARGATE' | 'EC2' | 'EXTERNAL';
  /** Strategy set on the service (undefined: launch type, or the cluster's default strategy). */
  strategy?: StrategyItem[];
  /** True when the family runs on the EC2 capacity created with the cluster (its provider is a stack parameter). */
  usesNewEc2Capacity?: boolean;
}

interface Located<T> {
  service: string;
  value: T;
}

/** Decides the launch type / capacity providers of a family; reports what cannot run. */
export function familyCompute(family: FamilyModel, doc: Mapping, cluster: ClusterDetails, bag: DiagnosticBag): FamilyCompute {
  checkRuntimeAgreement(family, doc, bag);
  checkNetworkSettings(family, doc, bag);
  const strategy = familyStrategy(family, doc, bag);
  if (family.platform === 'EXTERNAL') {
    if (strategy) {
      const path = ['services', strategy.service, 'x-ecs', 'CapacityProviderStrategy'];
      bag.error({
        code: 'CXR1078',
        message: `task family "${family.name}" runs on EXTERNAL (ECS Anywhere) instances, which capacity providers do not manage`,
        path: formatPath(path),
        pos: posAt(doc, path),
        hint: 'remove x-ecs.CapacityProviderStrategy, or run the family on EC2',
      });
    }
    return { launchType: 'EXTERNAL' };
  }
  if (family.platform === 'EC2') return ec2Compute(family, doc, cluster, strategy, bag);
  const noSpot = spotUnavailable(family);
  if (strategy) {
    checkStrategy(family, doc, cluster, strategy, noSpot, bag);
    return { strategy: strategy.value };
  }
  const def = cluster.defaultStrategy;
  if (def.length > 0 && def.every((s) => isFargateProvider(s.CapacityProvider))) {
    if (!noSpot || !def.some((s) => s.CapacityProvider === 'FARGATE_SPOT')) return {};
    const where = runtimeWhere(family, doc);
    if (cluster.capacityProviders.includes('FARGATE')) {
      bag.warn({
        code: 'CXR2052',
        message: `task family "${family.name}" runs ${noSpot}, which Fargate Spot does not support; it uses the FARGATE capacity provider instead of the default strategy of ${cluster.label}`,
        ...where,
        hint: 'set x-ecs.CapacityProviderStrategy to choose the providers explicitly',
      });
      return { strategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }] };
    }
    bag.warn({
      code: 'CXR2052',
      message: `task family "${family.name}" runs ${noSpot}, which Fargate Spot does not support; it uses the FARGATE launch type instead of the default strategy of ${cluster.label}`,
      ...where,
    });
  }
  return { launchType: 'FARGATE' };
}

/**
 * EC2: the family's own strategy (Auto Scaling group providers only), else the EC2 capacity
 * created with the cluster, else the cluster's default strategy when it names only Auto Scaling
 * group providers, else the EC2 launch type.
 */
function ec2Compute(family: FamilyModel, doc: Mapping, cluster: ClusterDetails, strategy: Located<StrategyItem[]> | undefined, bag: DiagnosticBag): FamilyCompute {
  if (strategy) {
    checkStrategy(family, doc, cluster, strategy, undefined, bag);
    if (strategy.value.every((s) => isFargateProvider(s.CapacityProvider))) {
      const path = ['services', strategy.service, 'x-ecs', 'CapacityProviderStrategy'];
      bag.error({
        code: 'CXR1078',
        message: `task family "${family.name}" runs on EC2 (${PLATFORM_LABEL}), but its x-ecs.CapacityProviderStrategy names only Fargate providers`,
        path: formatPath(path),
        pos: posAt(doc, path),
        expected: 'Auto Scaling group capacity providers',
        hint: `remove the ${PLATFORM_LABEL} label to run on Fargate, or name the EC2 capacity providers`,
      });
    }
    return { strategy: strategy.value };
  }
  if (cluster.ec2Provider !== undefined) return { usesNewEc2Capacity: true };
  const def = cluster.defaultStrategy;
  if (def.length > 0 && !def.some((s) => isFargateProvider(s.CapacityProvider))) return {};
  return { launchType: 'EC2' };
}

/** Settings that need the task's own network interface (awsvpc, Fargate for a public IP), and load balancers of EXTERNAL tasks. */
function checkNetworkSettings(family: FamilyModel, doc: Mapping, bag: DiagnosticBag): void {
  const why =
    family.platform === 'EXTERNAL'
      ? 'EXTERNAL (ECS Anywhere) tasks have no VPC network interface'
      : family.networkMode !== 'awsvpc'
        ? `tasks in ${family.networkMode} network mode have no network interface of their own`
        : undefined;
  const hint =
    family.platform === 'EXTERNAL'
      ? 'remove the setting: ECS Anywhere services are reached through the network of their hosts'
      : 'remove network_mode to use awsvpc, or remove the setting';
  for (const e of family.extensions['x-network'] ?? []) {
    if (!isMapping(e.value)) continue;
    for (const key of ['AssignPublicIp', 'AdditionalSecurityGroups', 'Ingress', 'x-cloudmap']) {
      const v = e.value[key];
      if (v === undefined || v === false) continue;
      const publicIp = key === 'AssignPublicIp';
      if (!why && !(publicIp && family.platform === 'EC2')) continue;
      const path = ['services', e.service, 'x-network', key];
      bag.error({
        code: 'CXR1077',
        message: `x-network.${key} of service "${e.service}" cannot be used: ${why ?? 'only Fargate tasks get a public IP address'}`,
        path: formatPath(path),
        pos: posAt(doc, path),
        hint: why ? hint : 'remove AssignPublicIp: EC2 tasks reach the internet through the NAT gateway of their subnets',
      });
    }
  }
  if (family.platform !== 'EXTERNAL') return;
  const lbs = isMapping(doc['x-elbv2']) ? doc['x-elbv2'] : {};
  for (const [lb, def] of Object.entries(lbs)) {
    // Services keyed `family:service` (1.1.9), or the older list of `{name: family:service}`.
    const services = !isMapping(def) ? [] : Array.isArray(def.Services)
      ? def.Services.map((s, i): [string, (string | number)[]] => [isMapping(s) && typeof s.name === 'string' ? s.name : '', [i, 'name']])
      : isMapping(def.Services) ? Object.keys(def.Services).map((k): [string, (string | number)[]] => [k, [k]]) : [];
    for (const [target, at] of services) {
      const name = target.split(':')[0] ?? '';
      if (name !== family.name && !family.services.includes(name)) continue;
      const path = ['x-elbv2', lb, 'Services', ...at];
      bag.error({
        code: 'CXR1077',
        message: `load balancer x-elbv2.${lb} targets task family "${family.name}", which runs on EXTERNAL (ECS Anywhere) instances`,
        path: formatPath(path),
        pos: posAt(doc, path),
        hint: 'ECS cannot register EXTERNAL tasks with a load balancer: run the family on EC2 or Fargate, or take it out of the load balancer',
      });
    }
  }
}

function xEcsEntries<T>(family: FamilyModel, key: string, pick: (v: unknown) => T | undefined): Located<T>[] {
  const out: Located<T>[] = [];
  for (const e of family.extensions['x-ecs'] ?? []) {
    if (!isMapping(e.value)) continue;
    const v = pick(e.value[key]);
    if (v !== undefined) out.push({ service: e.service, value: v });
  }
  return out;
}

/** All services of a family must agree on CpuArchitecture and OperatingSystemFamily. */
function checkRuntimeAgreement(family: FamilyModel, doc: Mapping, bag: DiagnosticBag): void {
  for (const key of ['CpuArchitecture', 'OperatingSystemFamily']) {
    const entries = xEcsEntries(family, key, (v) => (typeof v === 'string' ? v : undefined));
    const first = entries[0];
    const other = entries.find((e) => e.value !== first?.value);
    if (!first || !other) continue;
    const path = ['services', other.service, 'x-ecs', key];
    bag.error({
      code: 'CXR1059',
      message: `services "${first.service}" and "${other.service}" of task family "${family.name}" ask for different x-ecs.${key} (${first.value}, ${other.value})`,
      path: formatPath(path),
      pos: posAt(doc, path),
      expected: `${first.value}, as service "${first.service}"`,
      hint: 'the containers of a task share one runtime platform',
    });
  }
}

/** What keeps a family off Fargate Spot (ARM64, Windows), or undefined. */
function spotUnavailable(family: FamilyModel): string | undefined {
  if (family.cpuArchitecture === 'ARM64') return 'on ARM64';
  if (family.operatingSystemFamily !== 'LINUX') return `on ${family.operatingSystemFamily}`;
  return undefined;
}

function runtimeWhere(family: FamilyModel, doc: Mapping): { path: string; pos: ReturnType<typeof posAt> } {
  const e =
    xEcsEntries(family, 'CpuArchitecture', (v) => (v === 'ARM64' ? v : undefined))[0] ??
    xEcsEntries(family, 'OperatingSystemFamily', (v) => (typeof v === 'string' && v !== 'LINUX' ? v : undefined))[0];
  const path = e ? ['services', e.service, 'x-ecs'] : ['services', family.services[0]];
  return { path: formatPath(path), pos: posAt(doc, path) };
}

function familyStrategy(family: FamilyModel, doc: Mapping, bag: DiagnosticBag): Located<StrategyItem[]> | undefined {
  const entries = xEcsEntries(family, 'CapacityProviderStrategy', (v) =>
    Array.isArray(v)
      ? v.filter(isMapping).map((s) => ({
          CapacityProvider: String(s.CapacityProvider),
          Weight: typeof s.Weight === 'number' ? s.Weight : undefined,
          Base: typeof s.Base === 'number' ? s.Base : undefined,
        }))
      : undefined,
  );
  const first = entries[0];
  if (!first) return undefined;
  const key = JSON.stringify(first.value);
  const other = entries.find((e) => JSON.stringify(e.value) !== key);
  if (other) {
    const path = ['services', other.service, 'x-ecs', 'CapacityProviderStrategy'];
    bag.error({
      code: 'CXR1056',
      message: `services "${first.service}" and "${other.service}" of task family "${family.name}" set different x-ecs.CapacityProviderStrategy`,
      path: formatPath(path),
      pos: posAt(doc, path),
      hint: 'a family is one ECS service: set the strategy on one service, or the same on all',
    });
  }
  return first;
}

function checkStrategy(
  family: FamilyModel,
  doc: Mapping,
  cluster: ClusterDetails,
  strategy: Located<StrategyItem[]>,
  noSpot: string | undefined,
  bag: DiagnosticBag,
): void {
  const base = ['services', strategy.service, 'x-ecs', 'CapacityProviderStrategy'];
  const at = (...p: (string | number)[]) => ({ path: formatPath([...base, ...p]), pos: posAt(doc, [...base, ...p]) });
  const available = cluster.capacityProviders;
  const seen = new Set<string>();
  strategy.value.forEach((s, i) => {
    const name = s.CapacityProvider;
    if (seen.has(name)) {
      bag.error({ code: 'CXR1057', message: `capacity provider ${name} is listed twice`, ...at(i, 'CapacityProvider'), hint: 'list each provider once' });
    }
    seen.add(name);
    if (!available.includes(name)) {
      bag.error({
        code: 'CXR1050',
        message: `capacity provider ${name} is not available on ${cluster.label}`,
        ...at(i, 'CapacityProvider'),
        expected: available.length > 0 ? `one of: ${available.join(', ')}` : `a capacity provider of the cluster; ${cluster.label} has none`,
        hint: cluster.kind === 'properties' ? `add ${name} to x-cluster.Properties.CapacityProviders` : undefined,
      });
    } else if (noSpot && name === 'FARGATE_SPOT') {
      bag.error({
        code: 'CXR1058',
        message: `Fargate Spot does not run tasks ${noSpot} (task family "${family.name}")`,
        ...at(i, 'CapacityProvider'),
        expected: 'FARGATE',
      });
    }
  });
  const fargate = strategy.value.filter((s) => isFargateProvider(s.CapacityProvider));
  if (fargate.length > 0 && fargate.length < strategy.value.length) {
    bag.error({
      code: 'CXR1051',
      message: `x-ecs.CapacityProviderStrategy of task family "${family.name}" mixes Fargate and EC2 (Auto Scaling group) capacity providers`,
      ...at(),
      expected: 'only FARGATE / FARGATE_SPOT, or only Auto Scaling group providers',
    });
  }
  const withBase = strategy.value.filter((s) => (s.Base ?? 0) > 0);
  if (withBase.length > 1) {
    bag.error({
      code: 'CXR1060',
      message: `only one capacity provider of a strategy may set a Base (${withBase.map((s) => s.CapacityProvider).join(', ')} do)`,
      ...at(),
    });
  }
  if (strategy.value.length > 1 && strategy.value.every((s) => (s.Weight ?? 0) === 0)) {
    bag.error({
      code: 'CXR1061',
      message: 'at least one capacity provider of the strategy needs a Weight above 0',
      ...at(),
      hint: 'e.g. Weight: 1',
    });
  }
}
