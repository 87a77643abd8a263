/** A Kinesis stream as services and other modules see it. */
import type { Mapping } from '../../load/positions.js';
import type { ModuleResource } from '../shared/module.js';

/** Attributes a service can receive: the stream name (Ref, 1.x `StreamId`) and its ARN. */
export const ATTRIBUTES = ['StreamId', 'Arn'] as const;

export interface Stream extends ModuleResource {
  def: Mapping;
}
