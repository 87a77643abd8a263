/**
 * The x-xray extension (also `x-ray`): a task family with a service asking for X-Ray gets the
 * X-Ray daemon as a sidecar (src/synth/sidecars.ts), its containers get AWS_XRAY_DAEMON_ADDRESS,
 * and its task role may send traces.
 *
 * The X-Ray actions the daemon calls (PutTraceSegments, PutTelemetryRecords, GetSampling*) take no
 * resource in IAM: they write to or read from the account's X-Ray service as a whole, not to a
 * resource one could name, so `Resource: "*"` is the only form IAM accepts for them (as in the
 * AWS managed policy AWSXRayDaemonWriteAccess).
 */
import { isMapping } from '../../load/positions.js';
import type { Extension } from '../../synth/context.js';
import { addSidecar, appContainers } from '../../synth/sidecars.js';
import { XRAY_KEYS } from './schemas.js';

export const XRAY_DAEMON_NAME = 'xray-daemon';
export const XRAY_DAEMON_IMAGE = 'public.ecr.aws/xray/aws-xray-daemon:latest';
export const XRAY_DAEMON_PORT = 2000;
/** The actions of the AWSXRayDaemonWriteAccess managed policy. */
export const XRAY_DAEMON_ACTIONS = [
  'xray:GetSamplingRules',
  'xray:GetSamplingStatisticSummaries',
  'xray:GetSamplingTargets',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];

export const xXray: Extension = {
  name: 'x-xray',
  apply(ctx) {
    for (const fs of ctx.families.values()) {
      let first: { service: string; key: string } | undefined;
      let image: string | undefined;
      for (const key of XRAY_KEYS) {
        for (const { service, value } of fs.family.extensions[key] ?? []) {
          if (value === true || isMapping(value)) first ??= { service, key };
          if (isMapping(value) && typeof value.OverrideImage === 'string') image ??= value.OverrideImage;
        }
      }
      if (!first) continue;
      const apps = appContainers(fs);
      const added = addSidecar(
        fs,
        { name: XRAY_DAEMON_NAME, image: image ?? XRAY_DAEMON_IMAGE, cpuUnits: 32, memoryMiB: 256 },
        ctx,
        ['services', first.service, first.key],
        'CXO2001',
      );
      if (!added) continue;
      for (const c of apps) {
        if (c.name !== XRAY_DAEMON_NAME) fs.addEnvironment(c.name, 'AWS_XRAY_DAEMON_ADDRESS', `${added.host}:${XRAY_DAEMON_PORT}`);
      }
      // Resource "*": these X-Ray actions act on no resource IAM can name (see the module comment).
      fs.addStatement('task', 'XRayDaemonAccess', { Sid: 'XRayDaemonWrite', Effect: 'Allow', Action: XRAY_DAEMON_ACTIONS, Resource: '*' });
    }
  },
};
