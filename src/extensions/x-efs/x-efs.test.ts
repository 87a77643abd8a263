import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { template, untagged } from '../../../test/helpers/render.js';
import { diagnosticsOf, errorAt, lintAll, only, renderWithVpc, vpcLookupRecord } from '../../../test/helpers/fixtures.js';
import type { LookupFile } from '../../lookups/recorded.js';

const render = (yaml: string, lookups: LookupFile['lookups'] = {}) => renderWithVpc(yaml, { name: 'fs', lookups });
const failure = (yaml: string, lookups: LookupFile['lookups'] = {}) => diagnosticsOf(() => render(yaml, lookups));

const TWO = (volume: string) =>
  [
    'services:',
    '  writer:',
    '    image: busybox',
    '    user: "1000:1001"',
    `    volumes: ["shared:/data"]`,
    '  reader:',
    '    image: nginx',
    `    volumes: ["shared:/srv:ro"]`,
    'volumes:',
    '  shared:',
    volume,
    '',
  ].join('\n');

const taskDef = (t: Record<string, any>) => t.Resources.EcsTaskDefinition.Properties;
const statements = (t: Record<string, any>) => t.Resources[Object.keys(t.Resources).find((k) => k.endsWith('ToEfs')) as string].Properties.PolicyDocument.Statement;
const ingress = (t: Record<string, any>) => Object.values(t.Resources).filter((r: any) => r.Type === 'AWS::EC2::SecurityGroupIngress') as Record<string, any>[];

describe('x-efs', () => {
  test('a new file system with a mount target per storage subnet and its own security group; each mounting family gets 2049 only, a TLS volume, and ClientMount (+ClientWrite, +ClientRootAccess as root) on that file system', () => {
    const out = render(
      [
        'services:',
        '  writer:',
        '    image: busybox',
        '    volumes: ["shared:/data"]',
        '  reader:',
        '    image: nginx',
        '    volumes: ["shared:/srv:ro"]',
        '  other:',
        '    image: nginx',
        'volumes:',
        '  shared:',
        '    x-efs: {}',
        '',
      ].join('\n'),
    );
    const efs = template(out, 'efs.json');
    assert.deepEqual(untagged(efs.Resources.shared.Properties), { Encrypted: true, LifecyclePolicies: [{ TransitionToIA: 'AFTER_14_DAYS' }], PerformanceMode: 'generalPurpose' });
    const targets = Object.values(efs.Resources).filter((r: any) => r.Type === 'AWS::EFS::MountTarget') as Record<string, any>[];
    assert.deepEqual(
      targets.map((t) => t.Properties.SubnetId),
      [{ 'Fn::Select': [0, { Ref: 'StorageSubnets' }] }, { 'Fn::Select': [1, { Ref: 'StorageSubnets' }] }],
    );
    for (const t of targets) assert.deepEqual(t.Properties.SecurityGroups, [{ 'Fn::GetAtt': ['sharedSecurityGroup', 'GroupId'] }]);
    const writer = template(out, 'writer.json');
    assert.deepEqual(taskDef(writer).Volumes, [{ Name: 'shared', EFSVolumeConfiguration: { FilesystemId: { Ref: 'efssharedFileSystemId' }, TransitEncryption: 'ENABLED' } }]);
    assert.deepEqual(statements(writer), [
      { Sid: 'Efsshared', Effect: 'Allow', Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'], Resource: [{ Ref: 'efssharedArn' }] },
    ]);
    const reader = template(out, 'reader.json');
    assert.deepEqual(statements(reader)[0].Action, ['elasticfilesystem:ClientMount']);
    assert.equal(taskDef(reader).ContainerDefinitions[0].MountPoints[0].ReadOnly, true);
    for (const t of [writer, reader]) {
      const rules = ingress(t);
      assert.equal(rules.length, 1);
      assert.deepEqual([rules[0].Properties.FromPort, rules[0].Properties.ToPort, rules[0].Properties.GroupId], [2049, 2049, { Ref: 'efssharedsgGroupId' }]);
    }
    const other = template(out, 'other.json');
    assert.equal(ingress(other).length, 0);
    assert.equal(taskDef(other).Volumes, undefined);
    assert.ok(!Object.keys(other.Resources).some((k) => k.endsWith('ToEfs')));
    lintAll(out);
  });

  test('EnforceIamAuth: an access point per service (PosixUser from user:, a shared root directory owned by it), IAM authorization through it, grants on the condition of its access point', () => {
    const out = render(TWO('    x-efs:\n      MacroParameters: {EnforceIamAuth: true, RootDirectoryCreateMode: "0770"}'));
    const writer = template(out, 'writer.json');
    const root = { Path: '/shared', CreationInfo: { OwnerUid: '1000', OwnerGid: '1001', Permissions: '0770' } };
    assert.deepEqual(untagged(writer.Resources.sharedwriterAccessPoint.Properties), { FileSystemId: { Ref: 'efssharedFileSystemId' }, PosixUser: { Uid: '1000', Gid: '1001' }, RootDirectory: root });
    assert.deepEqual(taskDef(writer).Volumes[0].EFSVolumeConfiguration, {
      FilesystemId: { Ref: 'efssharedFileSystemId' },
      TransitEncryption: 'ENABLED',
      AuthorizationConfig: { AccessPointId: { Ref: 'sharedwriterAccessPoint' }, IAM: 'ENABLED' },
    });
    assert.deepEqual(statements(writer), [
      {
        Sid: 'Efssharedwriter',
        Effect: 'Allow',
        Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        Resource: [{ Ref: 'efssharedArn' }],
        Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': { 'Fn::GetAtt': ['sharedwriterAccessPoint', 'Arn'] } } },
      },
    ]);
    const reader = template(out, 'reader.json');
    assert.deepEqual(untagged(reader.Resources.sharedreaderAccessPoint.Properties), { FileSystemId: { Ref: 'efssharedFileSystemId' }, RootDirectory: root });
    assert.deepEqual(statements(reader)[0].Action, ['elasticfilesystem:ClientMount']);
    lintAll(out);
  });

  test('two services of one family mounting the volume with IAM auth get one task volume and access point each', () => {
    const out = render(
      [
        'services:',
        '  a:',
        '    image: busybox',
        '    deploy: {labels: {ecs.task.family: app}}',
        '    volumes: ["shared:/data"]',
        '  b:',
        '    image: busybox',
        '    deploy: {labels: {ecs.task.family: app}}',
        '    volumes: ["shared:/data:ro"]',
        'volumes:',
        '  shared:',
        '    x-efs: {MacroParameters: {EnforceIamAuth: true}}',
        '',
      ].join('\n'),
    );
    const app = template(out, 'app.json');
    const td = taskDef(app);
    assert.deepEqual(td.Volumes.map((v: any) => [v.Name, v.EFSVolumeConfiguration.AuthorizationConfig.AccessPointId]), [
      ['shared-a', { Ref: 'sharedaAccessPoint' }],
      ['shared-b', { Ref: 'sharedbAccessPoint' }],
    ]);
    assert.deepEqual(td.ContainerDefinitions.map((c: any) => c.MountPoints[0].SourceVolume), ['shared-a', 'shared-b']);
    assert.deepEqual(statements(app).map((s: any) => s.Action.length), [3, 1]);
    lintAll(out);
  });

  test('driver: efs with the ECS plugin driver_opts → an encrypted file system of those settings', () => {
    const out = render(
      [
        'services:',
        '  app:',
        '    image: busybox',
        '    volumes: ["data:/data"]',
        'volumes:',
        '  data:',
        '    driver: efs',
        '    driver_opts: {backup_policy: ENABLED, lifecycle_policy: AFTER_14_DAYS, performance_mode: maxIO, throughput_mode: provisioned, provisioned_throughput: 1}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(untagged(template(out, 'efs.json').Resources.data.Properties), {
      Encrypted: true,
      BackupPolicy: { Status: 'ENABLED' },
      LifecyclePolicies: [{ TransitionToIA: 'AFTER_14_DAYS' }],
      PerformanceMode: 'maxIO',
      ThroughputMode: 'provisioned',
      ProvisionedThroughputInMibps: 1,
    });
    lintAll(out);
  });

  test('EFS driver_opts without a driver: task storage as in 1.x, with warning CXH2301', () => {
    const out = render(['services:', '  app:', '    image: busybox', '    volumes: ["data:/data"]', 'volumes:', '  data:', '    driver_opts: {backup_policy: ENABLED}', ''].join('\n'));
    const w = only(out.warnings, 'CXH2301');
    assert.equal(w.pos?.line, 7);
    assert.deepEqual(taskDef(template(out, 'app.json')).Volumes, [{ Name: 'data' }]);
    assert.equal(out.files.has('efs.json'), false);
  });

  test('a looked-up file system: ids from the recorded lookup as parameters, ingress on its mount target group', () => {
    const lookups: LookupFile['lookups'] = {
      'x-efs::shared': {
        request: { Tags: [{ Name: 'shared' }] },
        result: { FileSystemId: 'fs-0123456789abcdef0', Arn: 'arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0', SecurityGroupId: 'sg-0123456789abcdef0' },
      },
    };
    const out = render(TWO('    x-efs:\n      Lookup: {Tags: [{Name: shared}]}'), lookups);
    assert.equal(out.files.has('efs.json'), false);
    const writer = template(out, 'writer.json');
    assert.deepEqual(ingress(writer)[0].Properties.GroupId, { Ref: 'efssharedSecurityGroupId' });
    assert.deepEqual(template(out, 'fs.json').Resources.writer.Properties.Parameters.efssharedArn, (lookups['x-efs::shared'].result as Record<string, string>).Arn);
    assert.deepEqual(statements(writer)[0].Resource, [{ Ref: 'efssharedArn' }]);
    lintAll(out);
  });

  test('errors at file:line: a property of no file system, a bad mode, an unknown driver option, a mount on EXTERNAL instances', () => {
    const ds = failure(
      [
        'services:',
        '  app:',
        '    image: busybox',
        '    deploy: {labels: {ecs.compute.platform: EXTERNAL}}',
        '    network_mode: bridge',
        '    volumes: ["/tmp:/tmp", "shared:/data"]',
        '  web:',
        '    image: busybox',
        '    volumes: ["bad:/data", "opts:/opts"]',
        'volumes:',
        '  shared:',
        '    x-efs: {}',
        '  bad:',
        '    x-efs:',
        '      Properties:',
        '        Encrypt: true',
        '        ThroughputMode: fast',
        '  opts:',
        '    driver: efs',
        '    driver_opts: {mode: fast}',
        '',
      ].join('\n'),
    );
    assert.match(errorAt(ds, 'services.app.volumes[1]', 6).message, /EXTERNAL/);
    assert.equal(errorAt(ds, 'volumes.bad.x-efs.Properties.Encrypt', 16).code, 'CXH1301');
    assert.equal(errorAt(ds, 'volumes.bad.x-efs.Properties.ThroughputMode', 17).code, 'CXH1301');
    assert.equal(errorAt(ds, 'volumes.opts.driver_opts.mode', 20).code, 'CXH1303');
  });

  test('Properties with Lookup (CXH1305), an incomplete recorded lookup (CXH1304); RootDirectoryCreateMode without a POSIX user warns (CXH2302)', () => {
    const lookups: LookupFile['lookups'] = { 'x-efs::old': { request: { Tags: [{ Name: 'old' }] }, result: { FileSystemId: 'fs-0123456789abcdef0' } } };
    const yaml = [
      'services:',
      '  app:',
      '    image: busybox',
      '    volumes: ["both:/a", "old:/b"]',
      'volumes:',
      '  both:',
      '    x-efs:',
      '      Properties: {Encrypted: true}',
      '      Lookup: {Tags: [{Name: both}]}',
      '  old:',
      '    x-efs:',
      '      Lookup: {Tags: [{Name: old}]}',
      '',
    ].join('\n');
    const ds = failure(yaml, { ...lookups, 'x-efs::both': { request: { Tags: [{ Name: 'both' }] }, result: {} } });
    assert.equal(errorAt(ds, 'volumes.both.x-efs.Properties', 8).code, 'CXH1305');
    assert.equal(errorAt(ds, 'volumes.old.x-efs.Lookup', 12).code, 'CXH1304');
    const out = render(['services:', '  app:', '    image: busybox', '    volumes: ["vol:/v"]', 'volumes:', '  vol:', '    x-efs: {MacroParameters: {EnforceIamAuth: true, RootDirectoryCreateMode: "0700"}}', ''].join('\n'));
    assert.equal(only(out.warnings, 'CXH2302').pos?.line, 7);
    assert.equal(template(out, 'app.json').Resources.volappAccessPoint.Properties.RootDirectory, undefined);
  });

  test('on EC2 the EFS volume replaces the local docker volume', () => {
    // an EC2 family's security group names the VPC literally: a VPC id of the real form
    const vpc = vpcLookupRecord();
    const out = render(['services:', '  app:', '    image: busybox', '    deploy: {labels: {ecs.compute.platform: EC2}}', '    volumes: ["vol:/v", "local:/l"]', 'volumes:', '  vol:', '    driver: nfs', '  local: {}', ''].join('\n'), {
      'x-vpc': { ...vpc, result: { ...(vpc.result as Record<string, unknown>), VpcId: 'vpc-0123456789abcdef0' } },
    });
    assert.deepEqual(taskDef(template(out, 'app.json')).Volumes, [
      { Name: 'local', DockerVolumeConfiguration: { Scope: 'task', Driver: 'local' } },
      { Name: 'vol', EFSVolumeConfiguration: { FilesystemId: { Ref: 'efsvolFileSystemId' }, TransitEncryption: 'ENABLED' } },
    ]);
    assert.deepEqual(untagged(template(out, 'efs.json').Resources.vol.Properties), { Encrypted: true });
  });

  test('x-efs is validated by its schema', () => {
    const ds = failure(TWO('    x-efs: {MacroParameters: {EnforceIam: true}}'));
    assert.ok(ds.some((d) => d.severity === 'error' && d.path?.startsWith('volumes.shared.x-efs.MacroParameters') && d.pos?.line === 11), JSON.stringify(ds));
  });
});
