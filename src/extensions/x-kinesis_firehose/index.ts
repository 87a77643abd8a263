/**
 * x-kinesis_firehose: Kinesis Data Firehose delivery streams, new (nested stack `firehose`,
 * delivery-streams.ts: the stream, its own IAM role and log group, `x-s3::` / `x-kinesis::` /
 * KMS key references in its Properties) or looked up, linked to services through the shared
 * module mechanism (../shared/module.ts):
 *  - `Access: Producer` → firehose:PutRecord, PutRecordBatch on the delivery stream, policy
 *    `<family>Tofirehose` (permissions.ts); a stream reading a Kinesis stream takes no records
 *    from services: its Access is ignored with warning CXF2005 (grant access to the source stream);
 *  - variables: `ReturnValues {DeliveryStreamId|Arn: <VAR>}`, else `Settings.EnvNames`, else
 *    `UPPER(<name>)`, with the delivery stream name;
 *  - `x-kinesis_firehose::<name>::<DeliveryStreamId|Arn>` in environment values.
 *
 * Lookup: recorded key `x-kinesis_firehose::<name>`, result `{DeliveryStreamId, Arn}` (CXF1102
 * when unusable); values are literals.
 */
import { isMapping, type Mapping } from '../../load/positions.js';
import { moduleSite, readLookup } from '../shared/lookup.js';
import { defineModule } from '../shared/module.js';
import { moduleDeletionPolicy } from '../shared/stack.js';
import { ATTRIBUTES, newDeliveryStream, type DeliveryStream } from './delivery-streams.js';
import { FIREHOSE_PERMISSIONS } from './permissions.js';

export const xKinesisFirehose = defineModule<DeliveryStream>({
  key: 'x-kinesis_firehose',
  kind: 'delivery stream',
  policy: 'firehose',
  attributes: ATTRIBUTES,
  defaultAttribute: 'DeliveryStreamId',
  permissions: FIREHOSE_PERMISSIONS,
  resources(ctx, entries) {
    const deletionPolicy = moduleDeletionPolicy(ctx, 'x-kinesis_firehose');
    const out: DeliveryStream[] = [];
    for (const entry of entries) {
      if (entry.def.Lookup !== undefined) {
        const found = readLookup(ctx, moduleSite(entry), { required: ['DeliveryStreamId', 'Arn'], code: 'CXF1102' });
        if (found) out.push({ name: entry.name, attributes: ATTRIBUTES, kinesisSource: false, value: (_c, attr) => found[attr] });
        continue;
      }
      out.push(newDeliveryStream(ctx, entry, deletionPolicy));
    }
    return out;
  },
  readLink(ctx, link, at, stream): Mapping | undefined {
    if (!isMapping(link)) return undefined;
    if (!stream.kinesisSource || link.Access === undefined) return link;
    ctx.bag.warn({
      code: 'CXF2005',
      message: `delivery stream "${stream.name}" reads a Kinesis stream: services cannot put records into it, its Access is ignored`,
      ...at('Access'),
      hint: 'give the service Producer access to the source stream under x-kinesis instead',
    });
    const { Access: _ignored, ...rest } = link;
    return rest;
  },
});
