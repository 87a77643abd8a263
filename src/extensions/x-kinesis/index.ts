/**
 * x-kinesis: Kinesis data streams, new (nested stack `kinesis`, streams.ts), linked to services
 * through the shared module mechanism (../shared/module.ts):
 *  - IAM on the family's task role, policy `<family>Tokinesis`, statement per access name
 *    (permissions.ts); on an encrypted stream with a known key, policy `<family>Tokms` with the
 *    KMS actions of the access;
 *  - KCL consumers (`MacroParameters.SetupIAMForKCL`, kcl.ts): their tables and metrics;
 *  - variables: `ReturnValues {StreamId|Arn: <VAR>}`, else `Settings.EnvNames`, else
 *    `UPPER(<stream>)`, with the stream name;
 *  - `x-kinesis::<stream>::<StreamId|Arn>` in environment values.
 *
 * Lookup: recorded key `x-kinesis::<name>`, result `{StreamId, Arn, KmsKeyArn?}` (CXF1103 when
 * unusable); values are literals; a recorded KmsKeyArn gets consumers and producers their KMS
 * actions on that key.
 */
import { formatPath, posAt } from '../../load/positions.js';
import { defineModule } from '../shared/module.js';
import { moduleDeletionPolicy } from '../shared/stack.js';
import { kmsKeyReference } from '../shared/kms.js';
import { moduleSite, readLookup } from '../shared/lookup.js';
import { setupKcl } from './kcl.js';
import { ATTRIBUTES, type Stream } from './model.js';
import { KINESIS_PERMISSIONS } from './permissions.js';
import { newStream } from './streams.js';

export const xKinesis = defineModule<Stream>({
  key: 'x-kinesis',
  kind: 'stream',
  policy: 'kinesis',
  attributes: ATTRIBUTES,
  defaultAttribute: 'StreamId',
  permissions: KINESIS_PERMISSIONS,
  resources(ctx, entries) {
    const deletionPolicy = moduleDeletionPolicy(ctx, 'x-kinesis');
    const out: Stream[] = [];
    for (const entry of entries) {
      if (entry.def.Lookup !== undefined) {
        const found = readLookup(ctx, moduleSite(entry), { required: ['StreamId', 'Arn'], optional: ['KmsKeyArn'], code: 'CXF1103' });
        if (!found) continue;
        const path = [...entry.path, 'Lookup'];
        const key = found.KmsKeyArn === undefined ? undefined : kmsKeyReference(ctx, found.KmsKeyArn, { path: formatPath(path), pos: posAt(ctx.doc, path) });
        const looked: Stream = { name: entry.name, def: entry.def, attributes: ATTRIBUTES, value: (_c, attr) => found[attr], ...(key ? { kmsKey: key } : {}) };
        setupKcl(ctx, looked, entry);
        out.push(looked);
        continue;
      }
      const stream = newStream(ctx, entry, deletionPolicy);
      setupKcl(ctx, stream, entry);
      out.push(stream);
    }
    return out;
  },
});
