/**
 * x-dynamodb (top level): DynamoDB tables, new (nested stack `dynamodb`, with their global and
 * local secondary indexes and their autoscaling) or looked up (tables.ts, scaling.ts), linked to
 * services through the shared module mechanism (../shared/module.ts): IAM on the task role
 * (policy `<family>Todynamodb`, permissions.ts: the table and `table/<name>/index/*`; on a table
 * encrypted with a customer managed key, the KMS actions of the access on that key in
 * `<family>Tokms`), environment variables (default `UPPER(<table>)` = the table name;
 * ReturnValues TableName, Arn, StreamArn) and `x-dynamodb::<table>::<attribute>` in environment
 * values.
 *
 * Errors: CXY1101 unknown family/service; CXY1102 unknown attribute; CXY1103 unknown access;
 * CXY1104 malformed pointer; CXY1105 pointer to an undeclared table; CXY1106 key attribute not
 * in AttributeDefinitions; CXY1107 defined attribute used by no key; CXY1108 scaling of an index
 * that is not a global secondary index; CXY1109 Scaling that cannot apply (on-demand or looked-up
 * table); CXY1110 MinCapacity above MaxCapacity; CXY1111 unusable lookup result; CXY1112 two
 * table names giving one logical ID; KMS key references through shared/kms.ts (CXY1011, CXY1012,
 * CXY2011). Warnings: CXY2101 a key that is a family and a service; CXY2102 `access` (lower
 * case) ignored. Settings.x-cloudmap: ../shared/cloudmap.ts.
 */
import { defineModule } from '../shared/module.js';
import { DYNAMODB_PERMISSIONS } from './permissions.js';
import { ATTRIBUTES, buildTables, type Table } from './tables.js';

export const xDynamodb = defineModule<Table>({
  key: 'x-dynamodb',
  kind: 'table',
  policy: 'dynamodb',
  attributes: ATTRIBUTES,
  defaultAttribute: 'TableName',
  permissions: DYNAMODB_PERMISSIONS,
  kmsSid: 'DynamoDBTableKey',
  codes: {
    unknownTarget: 'CXY1101',
    ambiguousTarget: 'CXY2101',
    unknownAttribute: 'CXY1102',
    unknownAccess: 'CXY1103',
    malformedPointer: 'CXY1104',
    unknownPointerTarget: 'CXY1105',
  },
  resources: buildTables,
});
