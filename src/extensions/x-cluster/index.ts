/**
 * The x-cluster extension's part in the families: ECS Exec logging rights for the task roles of
 * families that enable ECS Exec (the cluster itself is built by src/synth/cluster.ts).
 */
import type { Extension } from '../../synth/context.js';
import { grantExecLogging } from './exec-permissions.js';

export const xCluster: Extension = {
  name: 'x-cluster',
  apply(ctx) {
    for (const fs of ctx.families.values()) grantExecLogging(fs, ctx.cluster.execLogging);
  },
};
