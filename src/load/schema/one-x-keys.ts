/**
 * The `x-` keys of ECS Compose-X 1.x (1.1.9) that this version does not render yet, with what to
 * do meanwhile. The loader names them plainly (CXV2010) instead of calling them unknown. A key
 * whose extension exists (it has a schema) is never looked up here.
 */

export interface OneXKey {
  /** What the 1.x module does. */
  what: string;
  /** What to do meanwhile. */
  instead: string;
}

/** Top-level 1.x modules. */
export const ONE_X_TOP_LEVEL: Readonly<Record<string, OneXKey>> = {
  'x-configs': { what: 'the settings block of versions before 1.0 (1.1.9 ignores it too)', instead: 'use the service keys x-network, x-iam, x-logging, x-scaling' },
  'x-appmesh': { what: 'App Mesh (removed from 1.x)', instead: 'remove it; use x-cloudmap for service discovery' },
};

/** Service-level 1.x keys. */
export const ONE_X_SERVICE: Readonly<Record<string, OneXKey>> = {
  'x-codeguru_profiler': { what: 'CodeGuru profiling', instead: 'grant access with x-iam.Policies' },
  'x-configs': { what: 'the settings block of versions before 1.0 (1.1.9 ignores it too)', instead: 'use the service keys x-network, x-iam, x-logging, x-scaling' },
};
