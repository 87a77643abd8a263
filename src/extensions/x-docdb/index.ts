/**
 * x-docdb: DocumentDB clusters (AWS::DocDB::DBCluster and its instances), new (nested stack
 * `docdb`) or looked up, linked to services through the shared database mechanism
 * (../shared/database): a generated master secret attached to the cluster and given to the
 * containers, security group ingress from each linked family on the cluster port, Access → IAM
 * (permissions.ts), ReturnValues → variables.
 */
import { defineDatabaseModule } from '../shared/database/index.js';
import { DOCDB_PERMISSIONS } from './permissions.js';

export const xDocdb = defineDatabaseModule({
  key: 'x-docdb',
  service: 'docdb',
  kind: 'cluster',
  stackId: 'docdb',
  title: 'DocumentDB cluster',
  policy: 'docdb',
  permissions: DOCDB_PERMISSIONS,
  engine: 'docdb',
  parameterGroupKeys: ['DBClusterParameterGroup'],
});
