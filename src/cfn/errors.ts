/**
 * Internal errors of the CloudFormation template model: raised when the program (not the user)
 * builds an invalid template, e.g. a duplicate or malformed logical ID. They map to exit code 2.
 */

const INTERNAL_ERROR = Symbol.for('ecs-compose-x.CfnInternalError');

export class CfnInternalError extends Error {
  readonly [INTERNAL_ERROR] = true;

  constructor(message: string) {
    super(message);
    this.name = 'CfnInternalError';
  }

  static is(e: unknown): e is CfnInternalError {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[INTERNAL_ERROR] === true;
  }
}
