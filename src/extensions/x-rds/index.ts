/**
 * x-rds: RDS and Aurora databases (an Aurora cluster with its instances, or one DB instance),
 * new (nested stack `rds`) or looked up, linked to services through the shared database
 * mechanism (../shared/database): security group ingress from each linked family on the
 * database port, the master secret in the containers, Access → IAM (permissions.ts).
 */
import { defineDatabaseModule } from '../shared/database/index.js';
import { RDS_PERMISSIONS } from './permissions.js';

export const xRds = defineDatabaseModule({
  key: 'x-rds',
  service: 'rds',
  kind: 'database',
  stackId: 'rds',
  title: 'RDS database',
  policy: 'rds',
  permissions: RDS_PERMISSIONS,
  iamAuthAccess: 'DBUser',
  parameterGroupKeys: ['ParametersGroups', 'ParametersGroup'],
  ignoredMacroParameters: {
    UseServerless: 'give the Serverless v2 settings in Properties (ServerlessV2ScalingConfiguration) and db.serverless instances',
    UseMultiAz: 'add instances with MacroParameters.Instances (clusters) or set Properties.MultiAZ (instances)',
    RdsFeatures: 'give Properties.AssociatedRoles with a role of your own',
    PermissionsBoundary: 'it only applies to the RdsFeatures roles, which are not rendered',
  },
});
