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
 */
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import { defineModule } from '../shared/module.js';
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
    const root = ctx.doc['x-kinesis'];
    const deletionPolicy = isMapping(root) ? (root.DeletionPolicy as DeletionPolicy | undefined) : undefined;
    const out: Stream[] = [];
    for (const entry of entries) {
      if (entry.def.Lookup !== undefined) {
        const path = [...entry.path, 'Lookup'];
        ctx.bag.warn({
          code: 'CXF2004',
          message: `x-kinesis.${entry.name}.Lookup is not rendered yet: the stream is ignored`,
          path: formatPath(path),
          pos: posAt(ctx.doc, path),
          hint: 'grant access to the existing stream with x-iam.Policies meanwhile',
        });
        continue;
      }
      const stream = newStream(ctx, entry, deletionPolicy);
      setupKcl(ctx, stream, entry);
      out.push(stream);
    }
    return out;
  },
});
