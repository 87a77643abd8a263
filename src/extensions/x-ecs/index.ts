/**
 * The x-ecs extension: sets each family's launch type or capacity provider strategy on its ECS
 * service (see compute.ts); families on the EC2 capacity created with the cluster receive its
 * capacity provider as a stack parameter.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import type { Extension } from '../../synth/context.js';
import { familyCompute } from './compute.js';

export const xEcs: Extension = {
  name: 'x-ecs',
  apply(ctx) {
    const cluster = ctx.cluster;
    for (const fs of ctx.families.values()) {
      const c = familyCompute(fs.family, ctx.doc, cluster, ctx.bag);
      let strategy: CfnValue | undefined = c.strategy?.map((s) => ({ ...s }));
      if (c.usesNewEc2Capacity && cluster.ec2Provider !== undefined) {
        const provider = fs.input('Ec2CapacityProvider', { Type: 'String', Description: 'EC2 capacity provider of the cluster' }, cluster.ec2Provider);
        strategy = [{ CapacityProvider: provider, Weight: 1 }];
      }
      fs.serviceOverrides.LaunchType = c.launchType;
      fs.serviceOverrides.CapacityProviderStrategy = strategy;
    }
  },
};
