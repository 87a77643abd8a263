/**
 * The registry of x- extensions applied during render, in order. No other stage knows an
 * extension by name.
 */
import type { Extension } from '../synth/context.js';
import { xSecrets } from './x-secrets/index.js';
import { xS3 } from './x-s3/index.js';
import { xCloudmap } from './x-cloudmap/index.js';
import { xNetwork } from './x-network/index.js';
import { xSns } from './x-sns/index.js';
import { xScaling } from './x-scaling/index.js';
import { xAlarms } from './x-alarms/index.js';

export const EXTENSIONS: Extension[] = [
  xCloudmap,
  xNetwork,
  xSns,
  xScaling,
  xAlarms,
  xSecrets,
  xS3,
];
