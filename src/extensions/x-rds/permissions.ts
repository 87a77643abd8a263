/**
 * x-rds Access → IAM on the task role: `DBCluster: RO` describes the database (1.x), and
 * `DBUser: <user>` allows IAM database authentication as that database user only
 * (`rds-db:connect` on `dbuser:<resource id>/<user>`).
 */
import type { PermissionTable } from '../shared/access.js';

export const RDS_PERMISSIONS: PermissionTable = {
  scopes: {
    DBCluster: { RO: { Action: ['rds:Describe*'], Resource: ['${Arn}'] } },
  },
  values: {
    DBUser: {
      pattern: /^[A-Za-z_][A-Za-z0-9_]{0,62}$/,
      describe: 'a database user name (letters, digits, "_"; not starting with a digit)',
      set: { Action: ['rds-db:connect'], Resource: ['${DataArn}/{value}'] },
    },
  },
};
