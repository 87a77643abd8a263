/**
 * Target-tracking scaling policies (AWS::ApplicationAutoScaling::ScalingPolicy, TargetTrackingScaling
 * on a predefined metric), shared by the modules that scale a resource to keep a metric at a target:
 * x-scaling (an ECS service's CPU / memory) and x-dynamodb (a table's or index's consumed capacity).
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import type { StackBuilder } from '../../synth/stack.js';

export interface TrackingPolicy {
  /** PolicyName (unique per scalable target). */
  name: CfnValue;
  /** The scalable target (Ref to it, or its id). */
  target: CfnValue;
  /** A predefined metric type, e.g. `ECSServiceAverageCPUUtilization`, `DynamoDBReadCapacityUtilization`. */
  metric: string;
  /** Value of the metric to keep (a percentage for utilisation metrics). */
  value: number;
  scaleInCooldown?: number;
  scaleOutCooldown?: number;
  disableScaleIn?: boolean;
}

/** Adds the target-tracking policy `id` to `stack`. */
export function addTrackingPolicy(stack: StackBuilder, id: string, p: TrackingPolicy): void {
  stack.add(id, {
    Type: 'AWS::ApplicationAutoScaling::ScalingPolicy',
    Properties: {
      PolicyName: p.name,
      PolicyType: 'TargetTrackingScaling',
      ScalingTargetId: p.target,
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: p.value,
        ScaleInCooldown: p.scaleInCooldown,
        ScaleOutCooldown: p.scaleOutCooldown,
        DisableScaleIn: p.disableScaleIn,
        PredefinedMetricSpecification: { PredefinedMetricType: p.metric },
      },
    },
  });
}
