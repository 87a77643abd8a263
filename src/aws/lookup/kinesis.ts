/**
 * `x-kinesis::<name>` and `x-kinesis_firehose::<name>` lookups (kind `resource`, see resource.ts):
 * a Kinesis data stream (tags `kinesis:stream`) or a Firehose delivery stream (tags
 * `firehose:deliverystream`) by Tags or Arn; the name is the last part of the ARN.
 * Results `{StreamId, Arn}` and `{DeliveryStreamId, Arn}` (the attributes of the modules; the
 * stream's KMS key, `KmsKeyArn`, can be added to a recorded x-kinesis result by hand).
 */
import type { LookupContext, ResourceRef } from './context.js';
import type { ResourceResolver } from './resource.js';

const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/([A-Za-z0-9_.-]{1,128})$/;
const DELIVERY_STREAM_ARN = /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/([A-Za-z0-9_.-]{1,64})$/;

function byArn(what: string, example: string, arn: RegExp, nameKey: string) {
  return async (ctx: LookupContext, ref: ResourceRef): Promise<Record<string, string>> => {
    if (!('arn' in ref)) throw ctx.error('CXK1103', `a ${what} is looked up by Tags or Arn`, { expected: `Tags, or Arn: ${example}` });
    return { [nameKey]: (arn.exec(ref.arn) as RegExpExecArray)[1], Arn: ref.arn };
  };
}

export const kinesisStreamResolver: ResourceResolver = {
  what: 'Kinesis data stream',
  resourceTypes: ['kinesis:stream'],
  arn: STREAM_ARN,
  arnExample: 'arn:aws:kinesis:<region>:<account>:stream/<name>',
  describe: byArn('Kinesis data stream', 'arn:aws:kinesis:<region>:<account>:stream/<name>', STREAM_ARN, 'StreamId'),
};

export const deliveryStreamResolver: ResourceResolver = {
  what: 'Firehose delivery stream',
  resourceTypes: ['firehose:deliverystream'],
  arn: DELIVERY_STREAM_ARN,
  arnExample: 'arn:aws:firehose:<region>:<account>:deliverystream/<name>',
  describe: byArn('Firehose delivery stream', 'arn:aws:firehose:<region>:<account>:deliverystream/<name>', DELIVERY_STREAM_ARN, 'DeliveryStreamId'),
};
