/**
 * x-cloudmap: private DNS namespaces (top-level `x-cloudmap`, new or looked up) and the
 * registration of families in them (`services.<svc>.x-network.x-cloudmap`).
 */
import type { Extension } from '../../synth/context.js';
import { Reporter } from '../x-network/report.js';
import { resolveNamespaces } from './namespaces.js';
import { registerFamily, type NameClaims } from './registration.js';

export const xCloudmap: Extension = {
  name: 'x-cloudmap',
  apply(ctx) {
    const r = new Reporter(ctx.doc, ctx.bag);
    const namespaces = resolveNamespaces(ctx, r);
    const claims: NameClaims = new Map();
    for (const fs of ctx.families.values()) registerFamily(fs, namespaces, claims, r);
  },
};
