/**
 * x-sqs (top level): SQS queues, new (nested stack `sqs`) or looked up, with dead-letter queues
 * and queue policies (queues.ts), linked to services through the shared module mechanism
 * (../shared/module.ts): IAM on the task role (policy `<family>Tosqs`, permissions.ts; KMS
 * actions on the key of an encrypted queue in `<family>Tokms`), environment variables
 * (default `UPPER(<queue>)` = the queue URL; ReturnValues QueueUrl, Arn, QueueName) and
 * `x-sqs::<queue>::<attribute>` in environment values; step scaling of the linked families on the
 * queue's depth (scaling.ts, registered before x-scaling runs); x-sns topics delivering to the
 * queues (subscriptions.ts).
 *
 * Errors: CXQ1001 unknown family/service; CXQ1002 unknown attribute; CXQ1003 unknown access;
 * CXQ1004 malformed pointer; CXQ1005 pointer to an undeclared queue; CXQ1006 dead-letter queue
 * not in x-sqs; CXQ1007 FIFO / standard dead-letter queue mismatch; CXQ1008 bad lookup result;
 * CXQ1009 AwsPrincipalsAccess entry not a service name; CXQ1010 two queue names giving one
 * logical ID; scaling (scaling.ts) CXQ1011-CXQ1013; KMS keys through shared/kms.ts (CXY codes). Warnings: CXQ2001 a key that is a family and a service; CXQ2002 FIFO queue name
 * completed with .fifo; CXQ2010, CXQ2011 (scaling.ts);
 * CXQ2020, CXQ2021 (subscriptions.ts).
 */
import { defineModule } from '../shared/module.js';
import { addQueuePolicies, ATTRIBUTES, buildQueues, type Queue } from './queues.js';
import { SQS_PERMISSIONS } from './permissions.js';
import { linkScaling } from './scaling.js';
import { addSubscriptions } from './subscriptions.js';

export const xSqs = defineModule<Queue>({
  key: 'x-sqs',
  kind: 'queue',
  policy: 'sqs',
  attributes: ATTRIBUTES,
  defaultAttribute: 'QueueUrl',
  permissions: SQS_PERMISSIONS,
  codes: {
    unknownTarget: 'CXQ1001',
    ambiguousTarget: 'CXQ2001',
    unknownAttribute: 'CXQ1002',
    unknownAccess: 'CXQ1003',
    malformedPointer: 'CXQ1004',
    unknownPointerTarget: 'CXQ1005',
  },
  resources: buildQueues,
  link: linkScaling,
  finish(ctx) {
    addSubscriptions(ctx);
    addQueuePolicies(ctx);
  },
});
