/**
 * x-scaling (service level): Application Auto Scaling of a family's ECS service, from
 * `Range` "min-max", `TargetScaling` (CPU / memory target tracking) and `ScheduledActions`.
 * Nothing is created for a family without x-scaling, nor without a Range. The ECS-plugin
 * `x-aws-autoscaling` stands for x-scaling in a family without it (model.ts). Step-scaling
 * policies registered by the modules applied before it (x-alarms, x-sqs: ../shared/step-scaling.ts)
 * are added after the scalable target, whose MaxCapacity they may raise.
 *
 * Errors: CXA1001 TargetScaling or ScheduledActions without a Range; CXA1002 deploy.replicas
 * outside the Range; CXA1003 scheduled action with MinCapacity above MaxCapacity; CXA1004
 * Schedule not an at()/rate()/cron() expression; CXA1005 two scheduled actions with one name.
 */
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import { familyScaling, type KeyPath, type ScalingModel, type ScalingRange } from './model.js';
import { addScalingResources, SCALABLE_TARGET_ID } from './synth.js';
import { addStepPolicies, stepMaxCapacity } from '../shared/step-scaling.js';

const SCHEDULE = /^(at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)|rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\))$/;

export const xScaling: Extension = {
  name: 'x-scaling',
  apply(ctx) {
    for (const fs of ctx.families.values()) {
      const m = familyScaling(fs.family, ctx.doc);
      if (m === undefined) continue;
      if (fs.family.withoutService !== undefined) {
        dropWithoutService(ctx, fs, m);
        continue;
      }
      if (m.range === undefined) {
        const path = m.targetPath ?? m.scheduled[0]?.path;
        if (path !== undefined) {
          err(ctx, 'CXA1001', `x-scaling of family ${fs.family.name} has no Range to scale within`, path, {
            expected: 'a Range "min-max" in the x-scaling of a service of the family',
            hint: 'add e.g. `Range: "1-4"` next to TargetScaling / ScheduledActions',
          });
        }
        continue;
      }
      const range = m.range;
      if (!checkReplicas(ctx, fs, range)) continue;
      const names = actionNames(ctx, fs, m);
      if (names === undefined) continue;
      addScalingResources(fs, m, { ...range, max: stepMaxCapacity(ctx, fs, range) }, names);
      addStepPolicies(ctx, fs, SCALABLE_TARGET_ID);
    }
  },
};

/**
 * deploy.replicas set by a service must be inside the Range; without replicas the service
 * starts with the Range minimum (at least 1 when the range allows it).
 */
function checkReplicas(ctx: RenderContext, fs: FamilyStack, range: ScalingRange): boolean {
  const f = fs.family;
  const explicit = f.services
    .map((s) => ({ s, svc: (ctx.doc.services as Record<string, unknown> | undefined)?.[s] }))
    .map(({ s, svc }) => {
      if (!isMapping(svc)) return undefined;
      if (isMapping(svc.deploy) && typeof svc.deploy.replicas === 'number') return { n: svc.deploy.replicas, path: ['services', s, 'deploy', 'replicas'] };
      if (typeof svc.scale === 'number') return { n: svc.scale, path: ['services', s, 'scale'] };
      return undefined;
    })
    .find((r) => r !== undefined && r.n === f.replicas);
  if (explicit) {
    if (f.replicas >= range.min && f.replicas <= range.max) return true;
    err(ctx, 'CXA1002', `family ${f.name} starts ${f.replicas} task(s), outside its scaling range ${range.min}-${range.max}`, explicit.path, {
      expected: `a number of replicas between ${range.min} and ${range.max}`,
      hint: `change deploy.replicas, or the Range at ${formatPath(range.path)}`,
    });
    return false;
  }
  const initial = Math.min(Math.max(f.replicas, range.min), range.max);
  if (initial !== f.replicas) {
    // Declared before the family stack declares it with the default count (first declaration wins).
    fs.input('MicroservicesCount', { Type: 'Number', MinValue: 0, Description: 'Initial number of tasks' }, initial);
  }
  return true;
}

function actionNames(ctx: RenderContext, fs: FamilyStack, m: ScalingModel): string[] | undefined {
  const seen = new Map<string, KeyPath>();
  const names: string[] = [];
  let ok = true;
  for (const a of m.scheduled) {
    const compact = shortRate(a.schedule);
    if (compact !== undefined) {
      ctx.bag.warn({
        code: 'CXA1006',
        message: `scheduled action schedule "${a.schedule}" is written "${compact}" (the form Application Auto Scaling accepts)`,
        path: formatPath([...a.path, 'Schedule']),
        pos: posAt(ctx.doc, [...a.path, 'Schedule']),
        hint: `write \`${compact}\``,
      });
      a.schedule = compact;
    }
    if (!SCHEDULE.test(a.schedule)) {
      ok = false;
      err(ctx, 'CXA1004', `scheduled action schedule "${a.schedule}" is not a valid expression`, [...a.path, 'Schedule'], {
        expected: 'at(yyyy-mm-ddThh:mm:ss), rate(<n> minutes|hours|days) or cron(<minutes> <hours> <day of month> <month> <day of week> <year>)',
        hint: 'e.g. `cron(0 8 ? * MON-FRI *)` for 08:00 on weekdays',
      });
    }
    if (a.minCapacity !== undefined && a.maxCapacity !== undefined && a.minCapacity > a.maxCapacity) {
      ok = false;
      err(ctx, 'CXA1003', `scheduled action sets MinCapacity ${a.minCapacity} above MaxCapacity ${a.maxCapacity}`, [...a.path, 'ScalableTargetAction'], {
        expected: 'MinCapacity <= MaxCapacity',
      });
    }
    const name = a.name ?? `${a.service}-${a.index + 1}`;
    const before = seen.get(name);
    if (before) {
      ok = false;
      err(ctx, 'CXA1005', `two scheduled actions of family ${fs.family.name} are named "${name}"`, [...a.path, ...(a.name ? ['ScheduledActionName'] : [])], {
        expected: 'unique ScheduledActionName values within a family',
        hint: `the other one is at ${formatPath(before)}`,
      });
    }
    seen.set(name, a.path);
    names.push(name);
  }
  return ok ? names : undefined;
}

const SHORT_UNITS: Record<string, string> = { m: 'minute', min: 'minute', mins: 'minute', h: 'hour', hr: 'hour', hrs: 'hour', d: 'day' };

/**
 * `rate(1h)`, `rate(30m)`, `rate(2d)`: the compact rates the 1.x corpus uses (1.x passes them to
 * CloudFormation, where Application Auto Scaling rejects them), in AWS's form `rate(1 hour)`.
 */
export function shortRate(schedule: string): string | undefined {
  const m = /^rate\(\s*([1-9]\d*)\s*(m|min|mins|h|hr|hrs|d)\s*\)$/.exec(schedule);
  if (!m) return undefined;
  const n = Number(m[1]);
  return `rate(${n} ${SHORT_UNITS[m[2]]}${n === 1 ? '' : 's'})`;
}

/** A family without ECS service has nothing to scale: its x-scaling is dropped with warning CXJ2503. */
function dropWithoutService(ctx: RenderContext, fs: FamilyStack, m: ScalingModel): void {
  const path = ['services', m.services[0], 'x-scaling'];
  ctx.bag.warn({
    code: 'CXJ2503',
    message: `family ${fs.family.name} has no ECS service (${fs.family.withoutService?.path}): its x-scaling is not used`,
    path: formatPath(path),
    pos: posAt(ctx.doc, path),
    hint: 'remove x-scaling from its services, or keep the service',
  });
}

function err(ctx: RenderContext, code: string, message: string, path: KeyPath, extra: { expected?: string; hint?: string }): void {
  ctx.bag.error({ code, message, path: formatPath(path), pos: posAt(ctx.doc, path), ...extra });
}
