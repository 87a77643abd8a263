/**
 * The registry of x- extensions applied during render, in order. No other stage knows an
 * extension by name.
 */
import type { Extension } from '../synth/context.js';
import { xKms } from './x-kms/index.js';
import { xSecrets } from './x-secrets/index.js';
import { xS3 } from './x-s3/index.js';
import { xRds } from './x-rds/index.js';
import { xDocdb } from './x-docdb/index.js';
import { xNeptune } from './x-neptune/index.js';
import { xKinesis } from './x-kinesis/index.js';
import { xKinesisFirehose } from './x-kinesis_firehose/index.js';
import { xCodeguruProfiler } from './x-codeguru_profiler/index.js';
import { xAps } from './x-aps/index.js';
import { xCloudmap } from './x-cloudmap/index.js';
import { xNetwork } from './x-network/index.js';
import { xSns } from './x-sns/index.js';
import { xSqs } from './x-sqs/index.js';
import { xDynamodb } from './x-dynamodb/index.js';
import { xScaling } from './x-scaling/index.js';
import { xAlarms, xAlarmSteps } from './x-alarms/index.js';
import { xDashboards } from './x-dashboards/index.js';
import { xAwsCompat } from './x-aws-compat/index.js';
import { xEcs } from './x-ecs/index.js';
import { xEnvironment } from './x-environment/index.js';
import { xEvents } from './x-events/index.js';
import { xCluster } from './x-cluster/index.js';
import { xRoute53 } from './x-route53/index.js';
import { xAcm } from './x-acm/index.js';
import { xCognitoUserpool } from './x-cognito_userpool/index.js';
import { xElbv2 } from './x-elbv2/index.js';
import { xWafv2Webacl } from './x-wafv2_webacl/index.js';
import { xSsmParameter } from './x-ssm_parameter/index.js';
import { xElasticache } from './x-elasticache/index.js';
import { xOpensearch } from './x-opensearch/index.js';
import { xEfs } from './x-efs/index.js';
import { xXray } from './x-xray/index.js';
import { xFireLens } from './x-logging/firelens.js';
import { xCloudWatchAgent } from './x-prometheus/index.js';
import { finishModules } from './shared/module.js';

/**
 * Step-scaling plans (xAlarmSteps, x-sqs) are registered before x-scaling, which adds the policies.
 * x-events follows x-ecs (its targets run tasks the way the services would) and comes before
 * every module adding what hangs off a family's ECS service (x-cloudmap, x-scaling, x-alarms,
 * x-elbv2, x-dashboards, ...), which refuse it for a family it leaves without a service.
 * x-kms comes first: other modules resolve `x-kms::<key>` in their properties (shared/kms.ts)
 * while they build their resources; x-kinesis_firehose follows x-s3 and x-kinesis, whose
 * buckets and streams its properties name (`moduleResources`). finishModules follows the resource modules (x-sqs, x-s3, x-sns, ...): it resolves their
 * `x-<module>::<name>::<attribute>` pointers and finishes them. The managed sidecars (x-xray, FireLens, the CloudWatch agent of x-prometheus / x-monitoring)
 * come next, so what the modules give to every container of a family stays with the family's own
 * containers. x-network comes last: it places cross-family ingress rules from the stack order the others set. */
export const EXTENSIONS: Extension[] = [
  xKms, xAwsCompat, xCluster, xEcs, xEnvironment, xEvents, xCloudmap, xSqs, xSns, xAlarmSteps, xScaling, xAlarms, xDashboards, xSecrets, xS3, xKinesis, xKinesisFirehose, xCodeguruProfiler, xRds, xDocdb, xNeptune,
  xRoute53, xAcm, xCognitoUserpool, xElbv2, xWafv2Webacl, xSsmParameter,
  xElasticache, xOpensearch, xEfs, xDynamodb, xAps,
  finishModules, xXray, xFireLens, xCloudWatchAgent, xNetwork,
];
