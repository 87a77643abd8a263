/**
 * The x-ecs extension: sets each family's launch type or capacity provider strategy on its ECS
 * service (see compute.ts), after checking the cluster can run Fargate tasks at all.
 */
import type { Extension } from '../../synth/context.js';
import { checkClusterRunsFargate, familyCompute } from './compute.js';

export const xEcs: Extension = {
  name: 'x-ecs',
  apply(ctx) {
    const cluster = ctx.cluster;
    if (ctx.families.size === 0) return;
    checkClusterRunsFargate(ctx.doc, cluster, ctx.bag);
    for (const fs of ctx.families.values()) {
      const c = familyCompute(fs.family, ctx.doc, cluster, ctx.bag);
      fs.serviceOverrides.LaunchType = c.launchType;
      fs.serviceOverrides.CapacityProviderStrategy = c.strategy as { CapacityProvider: string; Weight?: number; Base?: number }[] | undefined;
    }
  },
};
