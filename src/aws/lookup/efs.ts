/**
 * `x-efs::<volume>` lookup (kind `resource`, see resource.ts): a file system by tags
 * (`elasticfilesystem:file-system`), ARN or id (Identifier), read with
 * elasticfilesystem:DescribeFileSystems; the security group of its first mount target
 * (DescribeMountTargets, DescribeMountTargetSecurityGroups) is the one services get ingress on.
 * Result `{FileSystemId, Arn, SecurityGroupId?}` (no SecurityGroupId without a mount target).
 */
import { DescribeFileSystemsCommand, DescribeMountTargetSecurityGroupsCommand, DescribeMountTargetsCommand, EFSClient } from '@aws-sdk/client-efs';
import { awsErrorName } from '../errors.js';
import { refId, type LookupContext, type ResourceRef } from './context.js';
import type { ResourceResolver } from './resource.js';

async function describe(ctx: LookupContext, ref: ResourceRef): Promise<Record<string, string>> {
  const id = refId(ref);
  const efs = ctx.client(EFSClient);
  const fs = await ctx.call('elasticfilesystem:DescribeFileSystems', async () => {
    try {
      return (await efs.send(new DescribeFileSystemsCommand({ FileSystemId: id }))).FileSystems?.[0];
    } catch (e) {
      if (/NotFound/.test(awsErrorName(e))) return undefined;
      throw e;
    }
  });
  if (!fs?.FileSystemId) throw ctx.error('CXK1101', `no EFS file system ${id} in ${ctx.session.region}`, { expected: 'an existing file system', hint: 'check the id and the region' });
  const fsId = fs.FileSystemId;
  const targets = await ctx.call('elasticfilesystem:DescribeMountTargets', () => efs.send(new DescribeMountTargetsCommand({ FileSystemId: fsId })));
  const target = targets.MountTargets?.[0]?.MountTargetId;
  const groups = target ? await ctx.call('elasticfilesystem:DescribeMountTargetSecurityGroups', () => efs.send(new DescribeMountTargetSecurityGroupsCommand({ MountTargetId: target }))) : undefined;
  const sg = groups?.SecurityGroups?.[0];
  if (!sg) ctx.warn('CXK2103', `file system ${fsId} has no mount target: services get no ingress rule to it`, 'add mount targets to the file system, then record the lookup again');
  return { FileSystemId: fsId, Arn: fs.FileSystemArn ?? '', ...(sg ? { SecurityGroupId: sg } : {}) };
}

export const efsResolver: ResourceResolver = {
  what: 'EFS file system',
  resourceTypes: ['elasticfilesystem:file-system'],
  arn: /^arn:aws[a-z-]*:elasticfilesystem:[a-z0-9-]+:\d{12}:file-system\/fs-[0-9a-f]+$/,
  arnExample: 'arn:aws:elasticfilesystem:<region>:<account>:file-system/fs-<id>',
  describe,
};
