/**
 * A looked-up database (`Lookup:`) of x-rds, x-docdb or x-neptune, read from the recorded lookup
 * `x-<module>::<name>` (src/aws/lookup/database.ts resolves it: a DB cluster, or an RDS DB
 * instance with `Lookup.db`, and the secret of `Lookup.secret`). Each value a family uses enters
 * its stack as a parameter (`<stack><name><attribute>`) whose value the root stack gives, so the
 * looked-up ARNs stay out of the nested templates:
 *  - ReturnValues: the attributes of the shape (cluster or instance) found;
 *  - ingress on the database's security group, on its port;
 *  - the secret (when looked up) as for a new database, and kms:Decrypt on its key when it has one;
 *  - Access: the ARN, and the data-plane ARN built from the ARN's partition, region and account.
 */
import type { CfnValue } from '../../../cfn/intrinsics.js';
import { logicalId } from '../../../cfn/logical-id.js';
import { formatPath, posAt } from '../../../load/positions.js';
import type { RenderContext } from '../../../synth/context.js';
import type { NestedStack } from '../../../synth/stack.js';
import { moduleStack } from '../stack.js';
import { addConnectionStringSecret } from './new-database.js';
import { moduleSite, readLookup } from '../lookup.js';
import type { ResourceEntry } from '../module.js';
import { DB_CODES } from './codes.js';
import { KINDS, type AttributeSource } from './kinds.js';
import type { Database, DatabaseFlavor } from './model.js';

const REQUIRED = ['Type', 'Identifier', 'Arn', 'ResourceId', 'Endpoint', 'Port', 'SecurityGroupId'] as const;
const OPTIONAL = ['Engine', 'ReadEndpoint', 'IamAuth', 'SecretArn', 'SecretKmsKeyArn'] as const;
const PATTERNS = {
  Arn: /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:(cluster|db):/,
  Port: /^\d+$/,
  SecurityGroupId: /^sg-[0-9a-f]+$/,
  SecretArn: /^arn:aws[a-z-]*:secretsmanager:/,
  SecretKmsKeyArn: /^arn:aws[a-z-]*:kms:/,
};

/** The recorded field holding an attribute of the shape (`Endpoint.Address` → Endpoint). */
function recordedField(attr: string, source: AttributeSource): string {
  if ('ref' in source) return 'Identifier';
  if (/Arn$/.test(attr)) return 'Arn';
  if (/ResourceId$/.test(attr)) return 'ResourceId';
  if (attr.startsWith('ReadEndpoint')) return 'ReadEndpoint';
  if (/Port$/.test(attr)) return 'Port';
  return 'Endpoint';
}

export function lookupDatabase(ctx: RenderContext, flavor: DatabaseFlavor, entry: ResourceEntry): Database | undefined {
  const r = readLookup(ctx, moduleSite(entry), { required: REQUIRED, optional: OPTIONAL, patterns: PATTERNS, code: DB_CODES.lookupResult });
  if (!r) return undefined;
  const kinds = KINDS[flavor.service];
  const shape = r.Type === 'instance' ? kinds.instance : r.Type === 'cluster' ? kinds.cluster : undefined;
  const path = [...entry.path, 'Lookup'];
  if (!shape) {
    ctx.bag.error({
      code: DB_CODES.lookupResult,
      message: `the recorded result of lookup ${flavor.key}::${entry.name} has type ${JSON.stringify(r.Type)}`,
      path: formatPath(path),
      pos: posAt(ctx.doc, path),
      expected: `Type ${kinds.instance ? 'cluster or instance' : 'cluster'}`,
      hint: 'record the lookup again',
    });
    return undefined;
  }
  const values: Record<string, string> = {};
  for (const [attr, source] of Object.entries(shape.attributes)) {
    const v = r[recordedField(attr, source)];
    if (v !== undefined && v !== '') values[attr] = v;
  }
  values.Arn = r.Arn;
  if (kinds.dataArn) {
    const [, partition, , region, account] = r.Arn.split(':');
    values.DataArn = kinds.dataArn.replace('${AWS::Partition}', partition).replace('${AWS::Region}', region).replace('${AWS::AccountId}', account).replace('${ResourceId}', r.ResourceId);
  }
  // A parameter named "...Secret..." reads as a password to template validators: the secret's ARN
  // (not a secret value) enters as "...Credentials...".
  const param = (consumer: NestedStack, attr: string, what: string) =>
    consumer.input(logicalId(flavor.stackId, entry.name, attr.replace(/^Secret/, 'Credentials')), { Type: 'String', Description: `${what} of the looked-up ${flavor.kind} ${entry.name}` }, values[attr] ?? r[attr]);
  // GenerateConnectionStringSecret: a secret of the module stack built from the looked-up secret
  // (user, password) and endpoint (host, port), created on first use.
  let connectionId: string | undefined;
  const connectionString = (consumer: NestedStack): CfnValue => {
    const stack = moduleStack(ctx, flavor.stackId, flavor.title);
    const hostAttr = ['Endpoint.Address', 'Endpoint'].find((a) => values[a] !== undefined);
    const portAttr = ['Endpoint.Port', 'Port'].find((a) => values[a] !== undefined);
    connectionId ??= addConnectionStringSecret(stack, entry.name, logicalId(entry.name), {
      secret: param(stack, 'SecretArn', 'Secret').Ref,
      engine: r.Engine,
      host: hostAttr === undefined ? undefined : param(stack, hostAttr, hostAttr).Ref,
      port: portAttr === undefined ? undefined : param(stack, portAttr, portAttr).Ref,
      dbName: false,
    });
    return stack.attribute(consumer, connectionId, 'Arn', `Connection string secret of ${entry.name}`);
  };
  return {
    name: entry.name,
    attributes: Object.keys(shape.attributes).filter((a) => values[a] !== undefined),
    value: (consumer, attr) => param(consumer, attr, attr),
    network: { securityGroupId: (consumer) => param(consumer, 'SecurityGroupId', 'Security group'), ports: [{ port: Number(r.Port) }] },
    ...(r.SecretArn ? { secretArn: (consumer: NestedStack) => param(consumer, 'SecretArn', 'Secret') } : {}),
    ...(r.SecretArn ? { connectionStringArn: connectionString } : {}),
    ...(r.SecretKmsKeyArn ? { secretKmsKeyArn: (consumer: NestedStack) => param(consumer, 'SecretKmsKeyArn', 'KMS key of the secret') } : {}),
    iamAuth: r.IamAuth === 'true' ? true : r.IamAuth === 'false' ? false : undefined,
  };
}

