/** The default template bucket: `ecs-composex-<account>-<region>`, the name ECS Compose-X 1.x uses. */
import type { DeployApis } from './api.js';

export async function defaultBucketName(apis: Pick<DeployApis, 'sts' | 'region'>): Promise<string> {
  const id = await apis.sts.getCallerIdentity();
  if (!id.Account) throw new Error('sts:GetCallerIdentity returned no account');
  return `ecs-composex-${id.Account}-${apis.region}`;
}
