/**
 * x-docdb Access → IAM on the task role (1.x docdb_perms.json): `DBCluster: RO` describes the
 * cluster. Reading and writing documents goes through the master secret, not IAM.
 */
import type { PermissionTable } from '../shared/access.js';

export const DOCDB_PERMISSIONS: PermissionTable = {
  scopes: {
    DBCluster: { RO: { Action: ['rds:Describe*'], Resource: ['${Arn}'] } },
  },
};
