/**
 * New Kinesis data streams (`x-kinesis.<name>.Properties`) in the nested stack `kinesis`: an
 * AWS::Kinesis::Stream per entry, with the stream's name (Ref) and ARN as outputs when used.
 *
 * Capacity: with `StreamModeDetails.StreamMode: ON_DEMAND` a `ShardCount` is dropped (warning
 * CXF2001, CloudFormation refuses both); otherwise (provisioned, the default) a missing
 * `ShardCount` is 1.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';
import { getAtt, ref } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { ResourceEntry } from '../shared/module.js';
import { moduleStack, retentionAttributes } from '../shared/stack.js';
import { kmsKeyReference, type KmsKeyRef } from '../shared/kms.js';
import { ATTRIBUTES, type Stream } from './model.js';

const AWS_MANAGED = /^(?:arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:)?alias\/aws\/kinesis$/;

export const KINESIS_STACK = 'kinesis';

export function newStream(ctx: RenderContext, entry: ResourceEntry, deletionPolicy: DeletionPolicy | undefined): Stream {
  const { name, def, path } = entry;
  const at = (...p: string[]) => ({ path: formatPath([...path, ...p]), pos: posAt(ctx.doc, [...path, ...p]) });
  const stack = moduleStack(ctx, KINESIS_STACK, 'Kinesis data streams (x-kinesis)');
  const id = logicalId(name);
  const props: Record<string, CfnValue | undefined> = { ...((isMapping(def.Properties) ? def.Properties : {}) as Record<string, CfnValue>) };
  const mode = isMapping(props.StreamModeDetails) ? props.StreamModeDetails.StreamMode : undefined;
  if (mode === 'ON_DEMAND') {
    if (props.ShardCount !== undefined) {
      ctx.bag.warn({
        code: 'CXF2001',
        message: `stream "${name}" is ON_DEMAND: its ShardCount is ignored`,
        ...at('Properties', 'ShardCount'),
        hint: 'remove ShardCount, or set StreamModeDetails.StreamMode to PROVISIONED',
      });
      delete props.ShardCount;
    }
  } else if (props.ShardCount === undefined) {
    props.ShardCount = 1;
  }
  const enc = isMapping(props.StreamEncryption) ? props.StreamEncryption : undefined;
  let kmsKey: KmsKeyRef | undefined;
  // the AWS-managed key needs no grant: its key policy lets Kinesis use it for the account
  if (enc && enc.KeyId !== undefined && enc.KeyId !== '' && !(typeof enc.KeyId === 'string' && AWS_MANAGED.test(enc.KeyId))) {
    const where = at('Properties', 'StreamEncryption', 'KeyId');
    const key = kmsKeyReference(ctx, enc.KeyId, where);
    if (key) {
      kmsKey = key;
      props.StreamEncryption = { ...enc, KeyId: key.property(stack) };
    }
  }
  stack.add(id, {
    Type: 'AWS::Kinesis::Stream',
    ...retentionAttributes(deletionPolicy),
    Properties: props,
  });
  stack.expose(id, name, ATTRIBUTES, (attr) => (attr === 'StreamId' ? ref(id) : getAtt(id, attr)));
  return {
    name,
    def,
    attributes: ATTRIBUTES,
    value: (consumer, attr) => stack.attribute(consumer, id, attr, `${attr === 'StreamId' ? 'Name' : attr} of Kinesis stream ${name}`),
    ...(kmsKey ? { kmsKey } : {}),
  };
}
