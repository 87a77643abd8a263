/**
 * SQS access names → IAM statements on the queue's ARN for a service's task role (policy
 * `<family>Tosqs`), and the KMS actions each needs on the key of an encrypted queue.
 *
 * Exact actions (the reference's tables deny-list with NotAction, which grants every other
 * SQS action there is, and its `Publish` allowed everything but sending): the batch API calls
 * (SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch) are authorised by their
 * single-message actions, which are listed instead.
 */
import type { Permission, PermissionTable } from '../shared/access.js';

const QUEUE_INFO = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListDeadLetterSourceQueues', 'sqs:ListQueueTags'];
const CONSUME = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'];
const SEND = ['sqs:SendMessage'];
/** Reading messages needs the key to decrypt them; sending needs a data key too. */
const KMS_READ = ['kms:Decrypt'];
const KMS_WRITE = ['kms:GenerateDataKey', 'kms:Decrypt'];

const on = (action: string[], kms: string[], sid?: string): Permission => ({ ...(sid ? { Sid: sid } : {}), Action: action, Resource: ['${Arn}'], Kms: kms });

export const SQS_ACCESS = {
  /** Read the queue and its messages (receiving leaves them in the queue). */
  RO: on([...QUEUE_INFO, 'sqs:ReceiveMessage'], KMS_READ),
  /** Send, receive, delete messages and change their visibility. */
  RWMessages: on([...QUEUE_INFO, ...SEND, ...CONSUME], KMS_WRITE),
  /** RWMessages plus changing the queue's attributes and tags. */
  RWPermissions: on([...QUEUE_INFO, ...SEND, ...CONSUME, 'sqs:SetQueueAttributes', 'sqs:TagQueue', 'sqs:UntagQueue'], KMS_WRITE),
  /** Send messages only. */
  Publish: on([...SEND], KMS_WRITE),
  /** AWS SAM SQSPollerPolicy. */
  SQSPollerPolicy: on(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], KMS_READ),
  /** AWS SAM SQSSendMessagePolicy. */
  SQSSendMessagePolicy: on([...SEND], KMS_WRITE),
} as const satisfies Record<string, Permission>;

export const SQS_PERMISSIONS: PermissionTable = { names: SQS_ACCESS };
