/**
 * x-neptune: Neptune clusters (AWS::Neptune::DBCluster and its instances), new (nested stack
 * `neptune`) or looked up, linked to services through the shared database mechanism
 * (../shared/database): security group ingress from each linked family on the cluster port,
 * Access → IAM (permissions.ts: IAM database authentication scoped to the cluster's resource id),
 * ReturnValues → variables. Neptune has no master user: no secret is made.
 */
import { defineDatabaseModule } from '../shared/database/index.js';
import { NEPTUNE_PERMISSIONS } from './permissions.js';

export const xNeptune = defineDatabaseModule({
  key: 'x-neptune',
  service: 'neptune',
  kind: 'cluster',
  stackId: 'neptune',
  title: 'Neptune cluster',
  policy: 'neptune',
  permissions: NEPTUNE_PERMISSIONS,
  iamAuthAccess: 'NeptuneDB',
  engine: 'neptune',
  parameterGroupKeys: ['DBClusterParameterGroup'],
});
