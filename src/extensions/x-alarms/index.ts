/**
 * x-alarms: service-level predefined alarms (family templates, predefined.ts) and top-level
 * alarms (stack `alarms`, project.ts), with SNS notifications (topics.ts) and step scaling of
 * families (steps.ts).
 */
import type { Extension } from '../../synth/context.js';
import { addPredefinedAlarms } from './predefined.js';
import { addProjectAlarms } from './project.js';
import { stepScalingPlans } from './steps.js';

export const xAlarms: Extension = {
  name: 'x-alarms',
  apply(ctx) {
    for (const fs of ctx.families.values()) addPredefinedAlarms(ctx, fs);
    addProjectAlarms(ctx);
  },
};

/** The step-scaling plans of top-level alarms, registered for x-scaling: list it before x-scaling. */
export const xAlarmSteps: Extension = {
  name: 'x-alarms-steps',
  apply(ctx) {
    stepScalingPlans(ctx);
  },
};
