/**
 * Where the tasks of one family run, as pure data: the compute platform (deploy.labels
 * `ecs.compute.platform`, priority EXTERNAL > EC2 > FARGATE as in 1.x, or EC2 when the family's
 * x-ecs.CapacityProviderStrategy names Auto Scaling group providers), the task network mode
 * (compose `network_mode`, checked against the platform) and the ECS placement read from compose
 * `deploy.placement`.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, isMapping, posAt, type Mapping } from '../load/positions.js';
import { deployLabels } from './containers.js';
import type { ComputePlatform, FamilyModel, NetworkMode, PlacementModel } from './types.js';

export const PLATFORM_LABEL = 'ecs.compute.platform';
const PRIORITY: ComputePlatform[] = ['EXTERNAL', 'EC2', 'FARGATE'];
const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

export interface ComputeContext {
  doc: Mapping;
  bag: DiagnosticBag;
  /** Platform of families that ask for none (EC2 on a looked-up cluster with only EC2 capacity providers). */
  defaultPlatform: ComputePlatform;
}

type SvcOf = (s: string) => Mapping;

/** The family's platform and the service / key path that asked for it. */
export function familyPlatform(members: string[], svcOf: SvcOf, defaultPlatform: ComputePlatform): Pick<FamilyModel, 'platform' | 'platformSource'> {
  const asked: { platform: ComputePlatform; service: string; path: (string | number)[] }[] = [];
  for (const s of members) {
    const label = deployLabels(svcOf(s))[PLATFORM_LABEL]?.toUpperCase();
    if (label === 'FARGATE' || label === 'EC2' || label === 'EXTERNAL') {
      asked.push({ platform: label, service: s, path: ['services', s, 'deploy', 'labels', PLATFORM_LABEL] });
    }
    const x = svcOf(s)['x-ecs'];
    const strategy = isMapping(x) && Array.isArray(x.CapacityProviderStrategy) ? x.CapacityProviderStrategy : [];
    const asg = strategy.findIndex((i) => isMapping(i) && typeof i.CapacityProvider === 'string' && !FARGATE_PROVIDERS.includes(i.CapacityProvider));
    if (asg >= 0) asked.push({ platform: 'EC2', service: s, path: ['services', s, 'x-ecs', 'CapacityProviderStrategy', asg, 'CapacityProvider'] });
  }
  for (const p of PRIORITY) {
    const hit = asked.find((a) => a.platform === p);
    if (hit) return { platform: p, platformSource: { service: hit.service, path: hit.path } };
  }
  return { platform: defaultPlatform };
}

/** The family's task network mode; reports modes its platform cannot run and services that disagree. */
export function familyNetworkMode(members: string[], svcOf: SvcOf, platform: ComputePlatform, ctx: ComputeContext): NetworkMode {
  let chosen: { mode: NetworkMode; service: string } | undefined;
  for (const s of members) {
    const raw = svcOf(s).network_mode;
    if (typeof raw !== 'string') continue;
    const path = ['services', s, 'network_mode'];
    const at = { path: formatPath(path), pos: posAt(ctx.doc, path) };
    if (raw.startsWith('service:') || raw.startsWith('container:')) {
      ctx.bag.warn({
        code: 'CXR2001',
        message: `\`network_mode: ${raw}\` is ignored on ECS: the containers of a task family share one network namespace`,
        ...at,
        hint: 'put both services in one task family (deploy.labels ecs.task.family) to share the network',
      });
      continue;
    }
    const mode = raw as NetworkMode;
    if (!['awsvpc', 'bridge', 'host', 'none'].includes(raw)) {
      ctx.bag.error({ code: 'CXR1071', message: `network_mode ${JSON.stringify(raw)} is not an ECS network mode`, ...at, expected: 'bridge, host, none or awsvpc' });
      continue;
    }
    const allowed: NetworkMode[] = platform === 'FARGATE' ? ['awsvpc'] : platform === 'EXTERNAL' ? ['bridge', 'host', 'none'] : ['awsvpc', 'bridge', 'host', 'none'];
    if (!allowed.includes(mode)) {
      ctx.bag.error({
        code: 'CXR1071',
        message: `network_mode ${raw} of service "${s}" cannot be used on ${platform === 'FARGATE' ? 'Fargate' : 'EXTERNAL (ECS Anywhere) instances'}`,
        ...at,
        expected: allowed.join(', '),
        hint:
          platform === 'FARGATE'
            ? 'remove network_mode (Fargate tasks use awsvpc), or run the family on EC2 (deploy.labels ecs.compute.platform: EC2)'
            : 'remove network_mode: EXTERNAL tasks use bridge by default',
      });
      continue;
    }
    if (chosen && chosen.mode !== mode) {
      ctx.bag.error({
        code: 'CXR1070',
        message: `services "${chosen.service}" and "${s}" of one task family ask for different network modes (${chosen.mode}, ${mode})`,
        ...at,
        expected: chosen.mode,
        hint: 'the containers of a task share one network mode',
      });
      continue;
    }
    chosen ??= { mode, service: s };
  }
  return chosen?.mode ?? (platform === 'EXTERNAL' ? 'bridge' : 'awsvpc');
}

const ECS_EXPRESSION = /^(attribute:|ec2InstanceId\b|agentConnected\b|agentVersion\b|registeredAt\b|runningTasksCount\b|task:group\b)/;
const SWARM_CONSTRAINT = /^(node|engine)\.(labels\.([^\s=!]+)|platform\.(os|arch))\s*(==|!=)\s*(\S.*)$/;

/** Compose `deploy.placement` of the family, as ECS placement (plus 1.x's default spread on EC2). */
export function familyPlacement(members: string[], svcOf: SvcOf, platform: ComputePlatform, ctx: ComputeContext): PlacementModel {
  const out: PlacementModel = { constraints: [], strategies: [] };
  const seen = new Set<string>();
  for (const s of members) {
    const deploy = svcOf(s).deploy;
    const placement = isMapping(deploy) && isMapping(deploy.placement) ? deploy.placement : undefined;
    if (!placement) continue;
    const base = ['services', s, 'deploy', 'placement'];
    const at = (...p: (string | number)[]) => ({ path: formatPath([...base, ...p]), pos: posAt(ctx.doc, [...base, ...p]) });
    if (platform === 'FARGATE') {
      ctx.bag.error({
        code: 'CXR1072',
        message: `deploy.placement of service "${s}": Fargate tasks cannot be placed with constraints or strategies`,
        ...at(),
        hint: 'remove deploy.placement, or run the family on EC2 (deploy.labels ecs.compute.platform: EC2)',
      });
      continue;
    }
    const add = (item: PlacementModel['constraints'][number] | PlacementModel['strategies'][number], list: unknown[]) => {
      const k = JSON.stringify(item);
      if (seen.has(k)) return;
      seen.add(k);
      list.push(item);
    };
    (Array.isArray(placement.constraints) ? placement.constraints : []).forEach((c, i) => {
      const expression = ecsConstraint(String(c));
      if (expression === undefined) {
        ctx.bag.error({
          code: 'CXR1073',
          message: `placement constraint ${JSON.stringify(c)} has no ECS equivalent`,
          ...at('constraints', i),
          expected: 'node.labels.<attribute> ==|!= <value>, node.platform.os / node.platform.arch ==|!= <value>, or an ECS cluster query expression (attribute:..., ec2InstanceId ...)',
          hint: 'set a custom attribute on the container instances and constrain on node.labels.<attribute>',
        });
        return;
      }
      add({ type: 'memberOf', expression }, out.constraints);
    });
    (Array.isArray(placement.preferences) ? placement.preferences : []).forEach((p, i) => {
      const spread = isMapping(p) && typeof p.spread === 'string' ? p.spread.trim() : undefined;
      if (!spread) return;
      const label = /^(?:node|engine)\.labels\.(\S+)$/.exec(spread);
      const field = label ? `attribute:${label[1]}` : spread === 'instanceId' || spread.startsWith('attribute:') ? spread : undefined;
      if (!field) {
        ctx.bag.error({
          code: 'CXR1073',
          message: `placement preference spread: ${spread} has no ECS equivalent`,
          ...at('preferences', i, 'spread'),
          expected: 'node.labels.<attribute>, instanceId or attribute:<name> (e.g. attribute:ecs.availability-zone)',
        });
        return;
      }
      add({ type: 'spread', field }, out.strategies);
    });
    const max = placement.max_replicas_per_node;
    if (max !== undefined && max !== null) {
      if (Number(max) === 1) add({ type: 'distinctInstance' }, out.constraints);
      else {
        ctx.bag.error({
          code: 'CXR1074',
          message: `max_replicas_per_node ${String(max)}: ECS can only keep tasks on distinct instances (1)`,
          ...at('max_replicas_per_node'),
          expected: '1',
          hint: 'use 1 (one task per instance), or remove it and rely on the spread across instances',
        });
      }
    }
  }
  if (platform === 'EC2' && out.strategies.length === 0) {
    out.strategies.push({ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'spread', field: 'instanceId' });
  }
  if (out.constraints.length > 10 || out.strategies.length > 5) {
    const path = ['services', members[0], 'deploy', 'placement'];
    ctx.bag.error({
      code: 'CXR1073',
      message: `task family has ${out.constraints.length} placement constraints and ${out.strategies.length} strategies; ECS allows 10 and 5`,
      path: formatPath(path),
      pos: posAt(ctx.doc, path),
    });
  }
  return out;
}

/** A compose (swarm) constraint as an ECS cluster query expression, or undefined. */
export function ecsConstraint(text: string): string | undefined {
  const t = text.trim();
  if (ECS_EXPRESSION.test(t)) return t;
  const m = SWARM_CONSTRAINT.exec(t);
  if (!m) return undefined;
  const [, , , attr, platformKey, op, rawValue] = m;
  const value = rawValue.trim();
  if (attr) return `attribute:${attr} ${op} ${value}`;
  if (platformKey === 'os') return `attribute:ecs.os-type ${op} ${value.toLowerCase()}`;
  const arch = value.toLowerCase() === 'aarch64' ? 'arm64' : value.toLowerCase();
  return `attribute:ecs.cpu-architecture ${op} ${arch}`;
}
