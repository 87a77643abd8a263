/**
 * `x-aps::<name>` lookup (kind `resource`, see resource.ts): a Prometheus workspace by tags
 * (`aps:workspace`) or ARN. Its id is the last part of the ARN, and its endpoint is the one
 * Amazon Managed Service for Prometheus gives every workspace of a region
 * (`https://aps-workspaces.<region>.<domain>/workspaces/<id>/`), so no further call is made.
 * Result `{Arn, WorkspaceId, PrometheusEndpoint}`.
 */
import type { LookupContext, ResourceRef } from './context.js';
import type { ResourceResolver } from './resource.js';

const ARN = /^arn:aws([a-z-]*):aps:([a-z0-9-]+):\d{12}:workspace\/(ws-[A-Za-z0-9-]+)$/;

async function describe(ctx: LookupContext, ref: ResourceRef): Promise<Record<string, string>> {
  if (!('arn' in ref)) throw ctx.error('CXK1103', 'a Prometheus workspace is looked up by Tags or Arn', { expected: 'Tags, or Arn: arn:aws:aps:<region>:<account>:workspace/<id>' });
  const [, partition, region, id] = ARN.exec(ref.arn) as RegExpExecArray;
  const domain = partition === '-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return { Arn: ref.arn, WorkspaceId: id, PrometheusEndpoint: `https://aps-workspaces.${region}.${domain}/workspaces/${id}/` };
}

export const workspaceResolver: ResourceResolver = {
  what: 'Prometheus workspace',
  resourceTypes: ['aps:workspace'],
  arn: ARN,
  arnExample: 'arn:aws:aps:<region>:<account>:workspace/<id>',
  describe,
};
