/**
 * x-alarms: service-level predefined alarms (family templates, predefined.ts) and top-level
 * alarms (stack `alarms`, project.ts), with SNS notifications (topics.ts).
 */
import type { Extension } from '../../synth/context.js';
import { addPredefinedAlarms } from './predefined.js';
import { addProjectAlarms } from './project.js';

export const xAlarms: Extension = {
  name: 'x-alarms',
  apply(ctx) {
    for (const fs of ctx.families.values()) addPredefinedAlarms(ctx, fs);
    addProjectAlarms(ctx);
  },
};
