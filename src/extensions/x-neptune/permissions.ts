/**
 * x-neptune Access → IAM on the task role (1.x neptune_perms.json): `DBCluster: RO` describes the
 * cluster; `NeptuneDB: connect` allows IAM authentication to this cluster only
 * (`neptune-db:connect` on `arn:...:neptune-db:<region>:<account>:<cluster resource id>/*`).
 */
import type { PermissionTable } from '../shared/access.js';

export const NEPTUNE_PERMISSIONS: PermissionTable = {
  scopes: {
    DBCluster: { RO: { Action: ['rds:Describe*'], Resource: ['${Arn}'] } },
    NeptuneDB: { connect: { Action: ['neptune-db:connect'], Resource: ['${DataArn}/*'] } },
  },
};
