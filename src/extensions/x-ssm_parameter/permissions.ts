/**
 * x-ssm_parameter access names → IAM statements on the parameter's ARN only.
 *
 * 1.x lists `ssm:GetParametersByPath` for RO / RW (read "by path"): here it is allowed on the
 * parameter's own ARN, not on the parameters below it. SSMParameterReadPolicy (the SAM policy
 * template) also has `ssm:DescribeParameters` on `*`, which is left out: the statement would
 * not be scoped to the parameter.
 */
import type { PermissionTable } from '../shared/access.js';

const ARN = ['${ParameterArn}'];
const READ = ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParameterHistory'];

export const SSM_PERMISSIONS: PermissionTable = {
  names: {
    RO: { Sid: 'ParameterRead', Action: [...READ, 'ssm:GetParametersByPath'], Resource: ARN },
    ROStrict: { Sid: 'ParameterReadStrict', Action: READ, Resource: ARN },
    RW: { Sid: 'ParameterReadWrite', Action: [...READ, 'ssm:GetParametersByPath', 'ssm:PutParameter'], Resource: ARN },
    RWStrict: { Sid: 'ParameterReadWriteStrict', Action: [...READ, 'ssm:PutParameter'], Resource: ARN },
    SSMParameterReadPolicy: { Sid: 'SSMParameterReadPolicy', Action: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'], Resource: ARN },
  },
};
