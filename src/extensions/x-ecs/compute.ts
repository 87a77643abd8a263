/**
 * Where the tasks of one family run: the `ecs.compute.platform` label, the family's
 * x-ecs.CapacityProviderStrategy (checked against the cluster's providers) or the cluster's
 * default strategy, else the FARGATE launch type; and the runtime platform its services agree on.
 */
import type { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import { deployLabels } from '../../model/containers.js';
import type { FamilyModel } from '../../model/types.js';
import { isFargateProvider, type ClusterDetails, type StrategyItem } from '../../synth/cluster.js';

export interface FamilyCompute {
  /** Set when no capacity provider strategy decides. */
  launchType?: 'FARGATE';
  /** Strategy set on the service (undefined: launch type, or the cluster's default strategy). */
  strategy?: StrategyItem[];
}

const PLATFORMS = ['FARGATE', 'EC2', 'EXTERNAL'];
const PLATFORM_LABEL = 'ecs.compute.platform';

interface Located<T> {
  service: string;
  value: T;
}

/** Decides the launch type / capacity providers of a family; reports what cannot run. */
export function familyCompute(family: FamilyModel, doc: Mapping, cluster: ClusterDetails, bag: DiagnosticBag): FamilyCompute {
  checkPlatformLabels(family, doc, bag);
  checkRuntimeAgreement(family, doc, bag);
  const noSpot = spotUnavailable(family);
  const strategy = familyStrategy(family, doc, bag);
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

/** Reports (once per project) a looked-up cluster that has only EC2 capacity providers. */
export function checkClusterRunsFargate(doc: Mapping, cluster: ClusterDetails, bag: DiagnosticBag): void {
  const providers = cluster.capacityProviders;
  if (cluster.kind !== 'lookup' || providers.length === 0 || providers.some(isFargateProvider)) return;
  bag.error({
    code: 'CXR1052',
    message: `${cluster.label} has only EC2 capacity providers (${providers.join(', ')}); running services on EC2 capacity is not supported yet`,
    path: formatPath(cluster.path),
    pos: posAt(doc, cluster.path),
    expected: 'a cluster with the FARGATE and/or FARGATE_SPOT capacity providers',
    hint: 'add FARGATE / FARGATE_SPOT to the cluster capacity providers, look up another cluster, or remove x-cluster to create one',
  });
}

function checkPlatformLabels(family: FamilyModel, doc: Mapping, bag: DiagnosticBag): void {
  for (const s of family.services) {
    const svc = (doc.services as Mapping)[s];
    if (!isMapping(svc)) continue;
    const label = deployLabels(svc)[PLATFORM_LABEL];
    if (label === undefined) continue;
    const path = ['services', s, 'deploy', 'labels', PLATFORM_LABEL];
    const value = label.toUpperCase();
    if (!PLATFORMS.includes(value)) {
      bag.error({
        code: 'CXR1054',
        message: `"${label}" is not a compute platform`,
        path: formatPath(path),
        pos: posAt(doc, path),
        expected: `one of: ${PLATFORMS.join(', ')}`,
      });
    } else if (value !== 'FARGATE') {
      bag.error({
        code: 'CXR1055',
        message: `the ${value} launch type is not supported yet (service "${s}")`,
        path: formatPath(path),
        pos: posAt(doc, path),
        expected: 'FARGATE',
        hint: 'remove the label to run the service on Fargate',
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
  } else if (fargate.length === 0 && strategy.value.every((s) => available.includes(s.CapacityProvider))) {
    bag.error({
      code: 'CXR1053',
      message: `task family "${family.name}" asks for EC2 capacity providers; running services on EC2 capacity is not supported yet`,
      ...at(),
      expected: 'FARGATE and/or FARGATE_SPOT',
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
