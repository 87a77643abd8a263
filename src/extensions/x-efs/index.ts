/**
 * x-efs: named volumes on EFS file systems (volumes.ts builds or looks up the file systems).
 * The services mounting such a volume (`<volume>:<path>[:ro]`) are its users, no Services list:
 * for each family with a service mounting it
 *  - ingress on the file system's security group from the family, on 2049 only (shared/vpc.ts);
 *  - a task volume with EFSVolumeConfiguration, TransitEncryption ENABLED; with
 *    MacroParameters.EnforceIamAuth, one AWS::EFS::AccessPoint per mounting service (in the
 *    family stack; PosixUser from a numeric `user: uid[:gid]`; root directory: see
 *    rootDirectory) and IAM authorization through it
 *    (a family with several mounting services gets one task volume per service,
 *    `<volume>-<service>`);
 *  - the task role may `elasticfilesystem:ClientMount` that file system, `ClientWrite` when the
 *    service mounts it read-write, `ClientRootAccess` when it also runs without a POSIX user
 *    (as root); with access points, one statement per service on the condition of its access
 *    point (`elasticfilesystem:AccessPointArn`). Policy `<family>ToEfs`.
 * Error CXH1302: a service on EXTERNAL instances or on Windows mounting an EFS volume (ECS
 * mounts EFS for Linux tasks on Fargate and EC2 only).
 */
import { getAtt, ref, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { formatPath, isMapping, posAt } from '../../load/positions.js';
import type { ContainerModel } from '../../model/types.js';
import type { Extension, RenderContext } from '../../synth/context.js';
import type { FamilyStack } from '../../synth/family.js';
import { allowFromFamily } from '../shared/vpc.js';
import { buildVolumes, efsDefinitions, type EfsVolume } from './volumes.js';

export const xEfs: Extension = {
  name: 'x-efs',
  apply(ctx) {
    const defs = efsDefinitions(ctx);
    if (defs.length === 0) return;
    const volumes = buildVolumes(ctx, defs);
    for (const v of volumes) {
      const byFamily = [...ctx.families.values()]
        .map((fs) => ({ fs, users: fs.family.containers.filter((c) => c.mounts.some((m) => m.volume === v.name && m.hostPath === undefined)) }))
        .filter((f) => f.users.length > 0);
      const root = v.iamAuth ? rootDirectory(ctx, v, byFamily.flatMap((f) => f.users)) : undefined;
      for (const { fs, users } of byFamily) if (supported(ctx, fs, v, users)) mountInFamily(fs, v, users, root);
    }
  },
};

/** EFS volumes are mounted by Linux tasks on Fargate or EC2; anything else is reported at the service's mount. */
function supported(ctx: RenderContext, fs: FamilyStack, v: EfsVolume, users: ContainerModel[]): boolean {
  const f = fs.family;
  const windows = f.operatingSystemFamily.toUpperCase().startsWith('WINDOWS');
  if (f.platform !== 'EXTERNAL' && !windows) return true;
  const why = f.platform === 'EXTERNAL' ? 'runs on EXTERNAL instances (ECS Anywhere), where ECS mounts no EFS volume' : `runs ${f.operatingSystemFamily} tasks, which cannot mount EFS volumes`;
  for (const c of users) {
    const path = ['services', c.name, 'volumes', mountIndex(ctx, c.name, v.name)];
    ctx.bag.error({
      code: 'CXH1302',
      message: `service "${c.name}" mounts the EFS volume "${v.name}" but its family ${f.name} ${why}`,
      path: formatPath(path),
      pos: posAt(ctx.doc, path) ?? posAt(ctx.doc, ['services', c.name]),
      hint: f.platform === 'EXTERNAL' ? 'run the family on Fargate or EC2, or mount a host path (bind mount) the instance provides' : 'run the family on Linux',
    });
  }
  return false;
}

function mountIndex(ctx: RenderContext, service: string, volume: string): number {
  const svc = isMapping(ctx.doc.services) ? ctx.doc.services[service] : undefined;
  const list = isMapping(svc) && Array.isArray(svc.volumes) ? svc.volumes : [];
  const i = list.findIndex((e) => isMapping(e) && e.source === volume);
  return i < 0 ? 0 : i;
}

const POSIX_USER = /^(\d+)(?::(\d+))?$/;

/**
 * The root directory of every access point of the volume: the file system root, or, when a
 * mounting service runs as a POSIX user (the first by name), `/<volume>` created owned by that
 * user with MacroParameters.RootDirectoryCreateMode (0775 by default) — so that user can
 * write in it (the file system root belongs to root). Undefined: the file system root.
 */
function rootDirectory(ctx: RenderContext, v: EfsVolume, users: ContainerModel[]): CfnValue | undefined {
  const owner = [...users].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((c) => POSIX_USER.exec(c.user ?? '')).find((m) => m !== null);
  if (!owner) {
    if (v.createMode !== undefined) {
      ctx.bag.warn({
        code: 'CXH2302',
        message: `volume "${v.name}": RootDirectoryCreateMode has no effect: no service mounting it runs as a POSIX user (user: <uid>[:<gid>]), the access points open the file system root`,
        path: formatPath([...v.path, 'MacroParameters', 'RootDirectoryCreateMode']),
        pos: posAt(ctx.doc, [...v.path, 'MacroParameters', 'RootDirectoryCreateMode']),
        hint: 'remove it, or set user: on the service writing the volume',
      });
    }
    return undefined;
  }
  const [uid, gid] = [owner[1], owner[2] ?? owner[1]];
  return { Path: `/${v.name}`, CreationInfo: { OwnerUid: uid, OwnerGid: gid, Permissions: v.createMode ?? '0775' } };
}

function mountInFamily(fs: FamilyStack, v: EfsVolume, users: ContainerModel[], root: CfnValue | undefined): void {
  if (v.network) allowFromFamily(fs, v.name, v.network);
  const fileSystemId = v.value(fs, 'FileSystemId');
  const arn = v.value(fs, 'Arn');
  const policy = `${fs.family.logicalName}ToEfs`;
  const writes = (c: ContainerModel) => c.mounts.some((m) => m.volume === v.name && !m.readOnly);
  const actions = (write: boolean, root: boolean) => [
    'elasticfilesystem:ClientMount',
    ...(write ? ['elasticfilesystem:ClientWrite'] : []),
    ...(write && root ? ['elasticfilesystem:ClientRootAccess'] : []),
  ];
  if (!v.iamAuth) {
    fs.setTaskVolume(v.name, { EFSVolumeConfiguration: { FilesystemId: fileSystemId, TransitEncryption: 'ENABLED' } });
    const write = users.some(writes);
    const root = users.some((c) => writes(c) && !POSIX_USER.test(c.user ?? ''));
    fs.addStatement('task', policy, { Sid: logicalId('Efs', v.id), Effect: 'Allow', Action: actions(write, root), Resource: [arn] });
    return;
  }
  for (const c of users) {
    const ap = logicalId(v.id, c.name, 'AccessPoint');
    const user = POSIX_USER.exec(c.user ?? '');
    const props: Record<string, CfnValue> = { FileSystemId: fileSystemId };
    if (user) props.PosixUser = { Uid: user[1], Gid: user[2] ?? user[1] };
    if (root) props.RootDirectory = root;
    fs.add(ap, { Type: 'AWS::EFS::AccessPoint', Properties: props });
    const taskVolume = users.length === 1 ? v.name : `${v.name}-${c.name}`.replace(/[^A-Za-z0-9_-]/g, '_');
    if (taskVolume !== v.name) fs.mountFrom(c.name, v.name, taskVolume);
    fs.setTaskVolume(taskVolume, {
      EFSVolumeConfiguration: {
        FilesystemId: fileSystemId,
        TransitEncryption: 'ENABLED',
        AuthorizationConfig: { AccessPointId: ref(ap), IAM: 'ENABLED' },
      },
    });
    fs.addStatement('task', policy, {
      Sid: logicalId('Efs', v.id, c.name),
      Effect: 'Allow',
      Action: actions(writes(c), user === null),
      Resource: [arn],
      Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': getAtt(ap, 'Arn') } },
    });
  }
}
