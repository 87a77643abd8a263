/** What every deploy command runs with: the AWS APIs, the user-facing host, time and randomness. */
import type { DeployApis } from './api.js';
import type { BackoffOptions } from './backoff.js';
import type { Clock } from './clock.js';
import type { DeployHost } from './host.js';

export interface DeployContext {
  apis: DeployApis;
  host: DeployHost;
  clock: Clock;
  /** Returns a number in [0, 1). @default Math.random */
  random?: () => number;
  /** Polling of stack events. */
  backoff?: BackoffOptions;
  /** Polling of the ECS rollout. */
  rolloutBackoff?: BackoffOptions;
  /** Give up on the ECS rollout after this long. @default 30 minutes */
  rolloutTimeoutMs?: number;
}
