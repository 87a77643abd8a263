/**
 * x-scaling synthesis: the family's Application Auto Scaling resources. A scalable target
 * `ServiceScalingTarget` (Range, scheduled actions) and one target-tracking policy per metric
 * (`ServiceCpuTrackingPolicy`, `ServiceMemoryTrackingPolicy`, shared/target-tracking.ts), all in the family template.
 */
import { ref, sub, type CfnValue } from '../../cfn/intrinsics.js';
import type { FamilyStack } from '../../synth/family.js';
import { addTrackingPolicy } from '../shared/target-tracking.js';
import type { ScalingModel, ScalingRange, TrackingTarget } from './model.js';

/** Service-linked role Application Auto Scaling uses for ECS services (created on first use). */
export const ECS_SCALING_ROLE_ARN = sub(
  'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService',
);

export const SCALABLE_TARGET_ID = 'ServiceScalingTarget';

export function addScalingResources(fs: FamilyStack, m: ScalingModel, range: ScalingRange, actionNames: string[]): void {
  // Added without project tags: the scalable target type has no Tags property.
  fs.template.addResource(SCALABLE_TARGET_ID, {
    Type: 'AWS::ApplicationAutoScaling::ScalableTarget',
    Properties: {
      MinCapacity: range.min,
      MaxCapacity: range.max,
      ResourceId: sub('service/${EcsCluster}/${EcsServiceDefinition.Name}'),
      RoleARN: ECS_SCALING_ROLE_ARN,
      ScalableDimension: 'ecs:service:DesiredCount',
      ServiceNamespace: 'ecs',
      ScheduledActions:
        m.scheduled.length > 0
          ? m.scheduled.map((a, i) => {
              const action: Record<string, CfnValue | undefined> = {
                ScheduledActionName: actionNames[i],
                Schedule: a.schedule,
                StartTime: a.startTime,
                EndTime: a.endTime,
                Timezone: a.timezone,
                ScalableTargetAction: { MinCapacity: a.minCapacity, MaxCapacity: a.maxCapacity },
              };
              return action;
            })
          : undefined,
    },
  });
  if (m.cpu) trackingPolicy(fs, m, 'Cpu', m.cpu, 'ECSServiceAverageCPUUtilization');
  if (m.memory) trackingPolicy(fs, m, 'Memory', m.memory, 'ECSServiceAverageMemoryUtilization');
}

function trackingPolicy(fs: FamilyStack, m: ScalingModel, kind: 'Cpu' | 'Memory', t: TrackingTarget, metric: string): void {
  addTrackingPolicy(fs, `Service${kind}TrackingPolicy`, {
    name: `${fs.family.logicalName}${kind}Tracking`,
    target: ref(SCALABLE_TARGET_ID),
    metric,
    value: t.value,
    scaleInCooldown: m.scaleInCooldown,
    scaleOutCooldown: m.scaleOutCooldown,
    disableScaleIn: m.disableScaleIn,
  });
}
