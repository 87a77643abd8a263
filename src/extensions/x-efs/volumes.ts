/**
 * The EFS volumes of the project: named volumes with `x-efs` (Properties, MacroParameters,
 * Settings, Lookup) or written for the Docker ECS plugin (`driver: efs` / `driver: nfs`, with
 * its `driver_opts`). New file systems go to the nested stack `efs`; looked-up ones come from
 * the recorded lookups (`x-efs::<volume>`, shared/lookup.ts).
 *
 * New file system of volume `<name>` (logical id NONALNUM(name)):
 * - AWS::EFS::FileSystem of `x-efs.Properties` (checked: keys of the resource type, known
 *   PerformanceMode / ThroughputMode, `KmsKeyId` as a shared KMS key reference); without
 *   Properties the 1.x defaults (encrypted, TransitionToIA AFTER_14_DAYS, generalPurpose);
 *   for `driver: efs` the `driver_opts` of the ECS plugin, encrypted;
 * - its own security group and one AWS::EFS::MountTarget per subnet of `Settings.Subnets`
 *   (StorageSubnets by default), through shared/vpc.ts; families mounting the volume get
 *   ingress on 2049 only (index.ts).
 *
 * Errors: CXH1301 Properties, CXH1303 driver_opts, CXH1304 unusable recorded lookup, CXH1305
 * Properties and Lookup together; warning CXH2301 (EFS driver_opts without `driver: efs`: task
 * storage, as 1.x).
 */
import { getAtt, ref, select, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { ParameterType } from '../../cfn/template.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import type { NestedStack } from '../../synth/stack.js';
import { kmsKeyReference } from '../shared/kms.js';
import { readLookup } from '../shared/lookup.js';
import { typedProperties } from '../shared/property-types.js';
import { moduleStack } from '../shared/stack.js';
import { placeInVpc, type ResourceNetwork } from '../shared/vpc.js';

export const STACK_ID = 'efs';
export const NFS_PORT = 2049;

export interface EfsVolume {
  /** The compose volume name. */
  name: string;
  id: string;
  /** Key path of the x-efs mapping (or of the volume, driver form). */
  path: string[];
  /** Access points with IAM authorization (MacroParameters.EnforceIamAuth). */
  iamAuth: boolean;
  /** MacroParameters.RootDirectoryCreateMode. */
  createMode?: string;
  /** The file system id and ARN, valid in `consumer`. */
  value(consumer: NestedStack, attr: 'FileSystemId' | 'Arn'): CfnValue;
  /** Undefined for a looked-up file system without mount target. */
  network?: ResourceNetwork;
}

/** Properties of AWS::EFS::FileSystem. */
const FILE_SYSTEM_PROPERTIES = [
  'AvailabilityZoneName', 'BackupPolicy', 'BypassPolicyLockoutSafetyCheck', 'Encrypted', 'FileSystemPolicy', 'FileSystemProtection', 'FileSystemTags',
  'KmsKeyId', 'LifecyclePolicies', 'PerformanceMode', 'ProvisionedThroughputInMibps', 'ReplicationConfiguration', 'ThroughputMode',
];
const PERFORMANCE_MODES = ['generalPurpose', 'maxIO'];
const THROUGHPUT_MODES = ['bursting', 'elastic', 'provisioned'];

/** The 1.x defaults of an x-efs volume without Properties. */
const DEFAULT_PROPERTIES: Record<string, CfnValue> = {
  Encrypted: true,
  LifecyclePolicies: [{ TransitionToIA: 'AFTER_14_DAYS' }],
  PerformanceMode: 'generalPurpose',
};

/** driver_opts of the Docker ECS plugin → FileSystem properties. */
const DRIVER_OPTS: Record<string, { expected: string; to: (v: string | number) => [string, CfnValue] | undefined }> = {
  backup_policy: { expected: 'ENABLED or DISABLED', to: (v) => (v === 'ENABLED' || v === 'DISABLED' ? ['BackupPolicy', { Status: v }] : undefined) },
  lifecycle_policy: { expected: 'AFTER_<n>_DAY(S), e.g. AFTER_14_DAYS', to: (v) => (typeof v === 'string' && /^AFTER_\d+_DAYS?$/.test(v) ? ['LifecyclePolicies', [{ TransitionToIA: v }]] : undefined) },
  performance_mode: { expected: PERFORMANCE_MODES.join(' or '), to: (v) => (PERFORMANCE_MODES.includes(String(v)) ? ['PerformanceMode', String(v)] : undefined) },
  throughput_mode: { expected: THROUGHPUT_MODES.join(', '), to: (v) => (THROUGHPUT_MODES.includes(String(v)) ? ['ThroughputMode', String(v)] : undefined) },
  provisioned_throughput: {
    expected: 'a number of MiB/s',
    to: (v) => (typeof v === 'number' || /^\d+(\.\d+)?$/.test(v) ? ['ProvisionedThroughputInMibps', Number(v)] : undefined),
  },
};

const LOOKUP_SPEC = { required: ['FileSystemId', 'Arn'], optional: ['SecurityGroupId'], code: 'CXH1304' };

/** A volume of the project that is an EFS file system, as written. */
export interface EfsDefinition {
  name: string;
  /** `x-efs` mapping (empty for the driver form). */
  def: Mapping;
  /** Key path of `def`: `volumes.<name>.x-efs`, or `volumes.<name>` for the driver form. */
  path: string[];
  driverOpts?: Mapping;
}

/** The EFS volumes of `doc` (x-efs first, then `driver: efs|nfs`); warns of EFS driver_opts without the driver. */
export function efsDefinitions(ctx: RenderContext): EfsDefinition[] {
  const volumes = isMapping(ctx.doc.volumes) ? ctx.doc.volumes : {};
  const out: EfsDefinition[] = [];
  for (const [name, v] of Object.entries(volumes)) {
    if (!isMapping(v)) continue;
    const opts = isMapping(v.driver_opts) ? v.driver_opts : undefined;
    if (isMapping(v['x-efs'])) out.push({ name, def: v['x-efs'], path: ['volumes', name, 'x-efs'] });
    else if (v.driver === 'efs' || v.driver === 'nfs') out.push({ name, def: {}, path: ['volumes', name], driverOpts: opts });
    else if (v.driver === undefined && opts && Object.keys(opts).some((k) => k in DRIVER_OPTS)) {
      const path = ['volumes', name, 'driver_opts'];
      ctx.bag.warn({
        code: 'CXH2301',
        message: `volume "${name}" has EFS driver_opts (${Object.keys(opts).filter((k) => k in DRIVER_OPTS).join(', ')}) but no driver: it is task storage, as in 1.x, and they are ignored`,
        path: formatPath(path),
        pos: posAt(ctx.doc, path),
        hint: 'add `driver: efs` for an EFS file system, or remove driver_opts',
      });
    }
  }
  return out;
}

export function buildVolumes(ctx: RenderContext, defs: EfsDefinition[]): EfsVolume[] {
  const out: EfsVolume[] = [];
  for (const d of defs) {
    const at = (...p: string[]) => {
      const path = [...d.path, ...p];
      return { path: formatPath(path), pos: posAt(ctx.doc, path) ?? posAt(ctx.doc, d.path) };
    };
    const macro = isMapping(d.def.MacroParameters) ? d.def.MacroParameters : {};
    const iamAuth = macro.EnforceIamAuth === true || (typeof macro.EnforceIamAuth === 'string' && macro.EnforceIamAuth.toLowerCase() === 'true');
    if (isMapping(d.def.Lookup) && d.def.Properties !== undefined) {
      ctx.bag.error({
        code: 'CXH1305',
        message: `volume "${d.name}": x-efs has both Properties (a new file system) and Lookup (an existing one)`,
        ...at('Properties'),
        expected: 'one of Properties or Lookup',
      });
      continue;
    }
    const v = isMapping(d.def.Lookup) ? lookedUp(ctx, d, iamAuth) : newFileSystem(ctx, d, iamAuth, at);
    const createMode = typeof macro.RootDirectoryCreateMode === 'string' ? macro.RootDirectoryCreateMode : undefined;
    if (v) out.push({ ...v, path: d.path, createMode });
  }
  return out;
}

function lookedUp(ctx: RenderContext, d: EfsDefinition, iamAuth: boolean): Omit<EfsVolume, 'path'> | undefined {
  const r = readLookup(ctx, { key: `x-efs::${d.name}`, path: d.path, def: d.def }, LOOKUP_SPEC);
  if (!r) return undefined;
  const input = (consumer: NestedStack, attr: string, type: ParameterType = 'String') =>
    consumer.input(logicalId(STACK_ID, d.name, attr), { Type: type, Description: `${attr} of the EFS file system of ${d.name}` }, r[attr]);
  return {
    name: d.name,
    id: logicalId(d.name),
    iamAuth,
    value: (consumer, attr) => input(consumer, attr),
    network: r.SecurityGroupId ? { securityGroupId: (consumer) => input(consumer, 'SecurityGroupId', 'AWS::EC2::SecurityGroup::Id'), ports: [{ port: NFS_PORT }] } : undefined,
  };
}

type At = (...p: string[]) => { path: string; pos: ReturnType<typeof posAt> };

function newFileSystem(ctx: RenderContext, d: EfsDefinition, iamAuth: boolean, at: At): Omit<EfsVolume, 'path'> | undefined {
  const props = d.path.length === 2 ? fromDriverOpts(ctx, d, at) : fromProperties(ctx, d, at);
  if (!props) return undefined;
  const stack = moduleStack(ctx, STACK_ID, 'EFS file systems of the volumes (x-efs)');
  const id = logicalId(d.name);
  const vpc = placeInVpc(ctx, stack, { name: d.name, def: d.def, path: d.path }, id, `EFS mount targets of ${d.name}`);
  if (!vpc) return undefined;
  stack.add(id, { Type: 'AWS::EFS::FileSystem', Properties: props });
  const settings = isMapping(d.def.Settings) ? d.def.Settings : {};
  const group = typeof settings.Subnets === 'string' ? settings.Subnets : 'StorageSubnets';
  const count = ctx.network.subnetCounts?.[group] ?? 1;
  for (let i = 0; i < count; i++) {
    stack.add(`${id}MountTarget${i + 1}`, {
      Type: 'AWS::EFS::MountTarget',
      Properties: { FileSystemId: ref(id), SecurityGroups: [vpc.securityGroupId], SubnetId: select(i, vpc.subnetIds) },
    });
  }
  // families mounting the volume wait for the whole stack, mount targets included
  const valueOf = (attr: string): CfnValue => (attr === 'Arn' ? getAtt(id, 'Arn') : ref(id));
  stack.expose(id, d.name, ['FileSystemId', 'Arn'], valueOf);
  return {
    name: d.name,
    id,
    iamAuth,
    value: (consumer, attr) => stack.attribute(consumer, id, attr, `${attr} of the EFS file system of ${d.name}`),
    network: vpc.network([{ port: NFS_PORT }]),
  };
}

function fromProperties(ctx: RenderContext, d: EfsDefinition, at: At): Record<string, CfnValue> | undefined {
  if (!isMapping(d.def.Properties)) return { ...DEFAULT_PROPERTIES };
  const given = d.def.Properties as Record<string, CfnValue>;
  let ok = true;
  const bad = (key: string, message: string, expected: string) => {
    ok = false;
    ctx.bag.error({ code: 'CXH1301', message: `volume "${d.name}": ${message}`, ...at('Properties', key), expected });
  };
  for (const k of Object.keys(given)) {
    if (!FILE_SYSTEM_PROPERTIES.includes(k)) bad(k, `${k} is not a property of AWS::EFS::FileSystem`, `one of: ${FILE_SYSTEM_PROPERTIES.join(', ')}`);
  }
  const props = typedProperties(given, { booleans: ['Encrypted', 'BypassPolicyLockoutSafetyCheck'] });
  if (typeof props.ProvisionedThroughputInMibps === 'string' && /^\d+(\.\d+)?$/.test(props.ProvisionedThroughputInMibps)) props.ProvisionedThroughputInMibps = Number(props.ProvisionedThroughputInMibps);
  if (typeof props.PerformanceMode === 'string' && !PERFORMANCE_MODES.includes(props.PerformanceMode)) {
    bad('PerformanceMode', `${JSON.stringify(props.PerformanceMode)} is not a performance mode`, `one of: ${PERFORMANCE_MODES.join(', ')}`);
  }
  if (typeof props.ThroughputMode === 'string' && !THROUGHPUT_MODES.includes(props.ThroughputMode)) {
    bad('ThroughputMode', `${JSON.stringify(props.ThroughputMode)} is not a throughput mode`, `one of: ${THROUGHPUT_MODES.join(', ')}`);
  }
  checkThroughput(props, (key, message, expected) => bad(key, message, expected));
  if (props.KmsKeyId !== undefined) {
    const key = kmsKeyReference(ctx, props.KmsKeyId, at('Properties', 'KmsKeyId'));
    if (key === undefined) ok = false;
    else if (key !== null) props.KmsKeyId = key.property(moduleStack(ctx, STACK_ID, 'EFS file systems of the volumes (x-efs)'));
  }
  return ok ? props : undefined;
}

/** ProvisionedThroughputInMibps goes with ThroughputMode provisioned, and the other way round. */
function checkThroughput(props: Record<string, CfnValue>, bad: (key: string, message: string, expected: string) => void): void {
  const provisioned = props.ThroughputMode === 'provisioned';
  if (props.ProvisionedThroughputInMibps !== undefined && typeof props.ThroughputMode === 'string' && !provisioned) {
    bad('ProvisionedThroughputInMibps', `a provisioned throughput needs ThroughputMode provisioned, not ${props.ThroughputMode}`, 'ThroughputMode: provisioned');
  } else if (provisioned && props.ProvisionedThroughputInMibps === undefined) {
    bad('ThroughputMode', 'ThroughputMode provisioned needs ProvisionedThroughputInMibps', 'ProvisionedThroughputInMibps: <MiB/s>');
  }
}

function fromDriverOpts(ctx: RenderContext, d: EfsDefinition, at: At): Record<string, CfnValue> | undefined {
  const props: Record<string, CfnValue> = { Encrypted: true };
  let ok = true;
  const bad = (key: string, message: string, expected: string) => {
    ok = false;
    ctx.bag.error({ code: 'CXH1303', message: `volume "${d.name}": ${message}`, ...at('driver_opts', key), expected });
  };
  for (const [k, v] of Object.entries(d.driverOpts ?? {})) {
    const opt = DRIVER_OPTS[k];
    if (!opt) {
      bad(k, `${k} is not an EFS option of the Docker ECS plugin`, `one of: ${Object.keys(DRIVER_OPTS).join(', ')}`);
      continue;
    }
    const set = typeof v === 'string' || typeof v === 'number' ? opt.to(v) : undefined;
    if (!set) bad(k, `${JSON.stringify(v)} is not a value of ${k}`, opt.expected);
    else props[set[0]] = set[1];
  }
  checkThroughput(props, (key, message, expected) =>
    bad(key === 'ThroughputMode' ? 'throughput_mode' : 'provisioned_throughput', message.replace('ThroughputMode provisioned', 'throughput_mode: provisioned').replace('ProvisionedThroughputInMibps', 'provisioned_throughput'), expected.replace('ThroughputMode', 'throughput_mode').replace('ProvisionedThroughputInMibps', 'provisioned_throughput')),
  );
  return ok ? props : undefined;
}
