/**
 * The deploy commands against an AWS API emulator (moto with the patches of test/emulator), run as
 * a user runs them: the real CLI process, AWS_ENDPOINT_URL, fake credentials, loopback only.
 * Lookups are resolved from resources made in the emulator; `up`, `plan`, `up` again, `status`,
 * `create`, a failure that rolls back, and `down` for the Kafka Connect example; `up` and `down` for
 * every example of emulator-examples.ts. One emulator, reset before each example, examples in turn.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client, DescribeNatGatewaysCommand, DescribeRouteTablesCommand } from '@aws-sdk/client-ec2';
import { DeleteClusterCommand, DescribeClustersCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { emulator, emulatorClientConfig, resetEmulator, type Emulator } from '../emulator/server.js';
import { seed, type Seeded } from '../emulator/seed.js';
import { exampleWorkdir, runCli, show, type Run, type RunOptions } from './cli-process.js';
import { EXAMPLES, KAFKA, TEMPLATE_BUCKET, type DeployExample } from './emulator-examples.js';

const REGION = 'eu-west-1';

let emu: Emulator;
before(async () => {
  emu = await emulator();
});
after(async () => {
  await emu?.stop();
});

/** Runs the CLI; `tty` runs it under script(1) so that it sees a terminal. */
const cli = (args: string[], o: RunOptions): Promise<Run> => runCli(emu.endpoint, args, o);

const workdir = (ex: DeployExample): string => exampleWorkdir(ex);

const fArgs = (ex: DeployExample, extra: string[] = []) => ['-n', ex.stack, ...[...ex.files, ...extra].flatMap((f) => ['-f', f]), '--lookups', 'lookups.json'];

function clients() {
  const cfg = emulatorClientConfig(emu.endpoint, REGION);
  return {
    cfn: new CloudFormationClient(cfg),
    ec2: new EC2Client(cfg),
    ecs: new ECSClient(cfg),
    iam: new IAMClient(cfg),
    logs: new CloudWatchLogsClient(cfg),
    s3: new S3Client({ ...cfg, forcePathStyle: true }),
    sns: new SNSClient(cfg),
  };
}
type Clients = ReturnType<typeof clients>;

interface Deployed extends StackResourceSummary {
  /** "" for the root stack, else the nested stack's logical ID. */
  stackPath: string;
}

/** Every resource of the stack and of its nested stacks. */
async function stackTree(c: Clients, stack: string, path = ''): Promise<Deployed[]> {
  const out: Deployed[] = [];
  const r = await c.cfn.send(new ListStackResourcesCommand({ StackName: stack }));
  for (const s of r.StackResourceSummaries ?? []) {
    out.push({ ...s, stackPath: path });
    if (s.ResourceType === 'AWS::CloudFormation::Stack') out.push(...(await stackTree(c, s.PhysicalResourceId ?? '', s.LogicalResourceId ?? '')));
  }
  return out;
}

async function stackStatus(c: Clients, stack: string): Promise<string | undefined> {
  try {
    return (await c.cfn.send(new DescribeStacksCommand({ StackName: stack }))).Stacks?.[0]?.StackStatus;
  } catch (e) {
    if (/does not exist/.test(String((e as Error).message))) return undefined;
    throw e;
  }
}

const notFound = (e: unknown) => /not ?found|does not exist|NoSuch|InvalidGroup|InvalidVpcID|InvalidSubnetID|cannot be found/i.test(`${(e as Error).name} ${(e as Error).message}`);

async function present(fn: () => Promise<boolean>): Promise<boolean> {
  try {
    return await fn();
  } catch (e) {
    if (notFound(e)) return false;
    throw e;
  }
}

/** Whether the emulator holds the live resource of a deployed physical ID, by resource type. */
const EXISTS: Record<string, (c: Clients, id: string) => Promise<boolean>> = {
  'AWS::ECS::Service': async (c, arn) => {
    const cluster = /:service\/([^/]+)\//.exec(arn)?.[1];
    const r = await c.ecs.send(new DescribeServicesCommand({ cluster, services: [arn] }));
    return r.services?.[0]?.status === 'ACTIVE';
  },
  'AWS::ECS::TaskDefinition': async (c, arn) => (await c.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))).taskDefinition?.status === 'ACTIVE',
  'AWS::ECS::Cluster': async (c, name) => (await c.ecs.send(new DescribeClustersCommand({ clusters: [name] }))).clusters?.[0]?.status === 'ACTIVE',
  'AWS::IAM::Role': async (c, name) => !!(await c.iam.send(new GetRoleCommand({ RoleName: name }))).Role,
  'AWS::EC2::SecurityGroup': async (c, id) => ((await c.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }))).SecurityGroups ?? []).length === 1,
  'AWS::EC2::VPC': async (c, id) => ((await c.ec2.send(new DescribeVpcsCommand({ VpcIds: [id] }))).Vpcs ?? []).length === 1,
  'AWS::EC2::Subnet': async (c, id) => ((await c.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [id] }))).Subnets ?? []).length === 1,
  'AWS::EC2::RouteTable': async (c, id) => ((await c.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] }))).RouteTables ?? []).length === 1,
  'AWS::EC2::NatGateway': async (c, id) =>
    ((await c.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))).NatGateways ?? []).some((n) => n.State !== 'deleted'),
  'AWS::Logs::LogGroup': async (c, name) => ((await c.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups ?? []).some((g) => g.logGroupName === name),
  'AWS::SNS::Topic': async (c, arn) => !!(await c.sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes,
};

/** The nested stacks the rendered root template declares. */
function nestedStacksOf(outDir: string, root: string): string[] {
  const doc = JSON.parse(readFileSync(join(outDir, `${root}.json`), 'utf8')) as { Resources: Record<string, { Type: string }> };
  return Object.entries(doc.Resources)
    .filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack')
    .map(([id]) => id)
    .sort();
}

/** Asserts the stack is up: every nested stack created, every resource complete, the example's types present and live. */
async function assertUp(c: Clients, ex: DeployExample, outDir: string, status: string): Promise<Deployed[]> {
  assert.equal(await stackStatus(c, ex.stack), status);
  const tree = await stackTree(c, ex.stack);
  const nested = tree.filter((r) => r.stackPath === '' && r.ResourceType === 'AWS::CloudFormation::Stack');
  assert.deepEqual(nested.map((r) => r.LogicalResourceId).sort(), nestedStacksOf(outDir, ex.stack), 'every nested stack of the root template is deployed');
  for (const n of nested) {
    assert.match(n.PhysicalResourceId ?? '', /^arn:aws:cloudformation:eu-west-1:123456789012:stack\//, `${n.LogicalResourceId} is a stack`);
    assert.equal(await stackStatus(c, n.PhysicalResourceId ?? ''), status, `${n.LogicalResourceId} is ${status}`);
  }
  const bad = tree.filter((r) => !/_COMPLETE$/.test(r.ResourceStatus ?? '') || /ROLLBACK|DELETE/.test(r.ResourceStatus ?? ''));
  assert.deepEqual(bad, [], 'every resource complete');
  for (const type of ex.types) {
    const of = tree.filter((r) => r.ResourceType === type);
    assert.ok(of.length > 0, `${ex.dir}: a ${type} is deployed`);
    const check = EXISTS[type];
    if (!check) continue;
    for (const r of of) assert.ok(await present(() => check(c, r.PhysicalResourceId ?? '')), `${ex.dir}: ${r.stackPath}/${r.LogicalResourceId} (${type}) exists in the emulator`);
  }
  return tree;
}

/** Asserts `down --yes` deleted the stack and every checked resource it held. */
async function assertDown(c: Clients, ex: DeployExample, tree: Deployed[], r: Run): Promise<void> {
  assert.equal(r.code, 0, show(r));
  assert.match(r.out, new RegExp(`Stack ${ex.stack}: DELETE_COMPLETE`));
  assert.equal(await stackStatus(c, ex.stack), undefined, 'the stack is gone');
  for (const d of tree) {
    const check = EXISTS[d.ResourceType ?? ''];
    if (!check || d.ResourceType === 'AWS::ECS::TaskDefinition') continue; // ECS keeps INACTIVE revisions
    assert.equal(await present(() => check(c, d.PhysicalResourceId ?? '')), false, `${d.stackPath}/${d.LogicalResourceId} (${d.ResourceType}) is deleted`);
  }
}

async function fresh(ex: DeployExample): Promise<{ c: Clients; dir: string; seeded: Seeded }> {
  await resetEmulator(emu.endpoint);
  const seeded = await seed(emu.endpoint, REGION, { ...ex.seed, buckets: [...(ex.seed.buckets ?? []), TEMPLATE_BUCKET] });
  return { c: clients(), dir: workdir(ex), seeded };
}

describe('deploy against the emulator', { concurrency: 1 }, () => {
  test('kafka-connect: lookups, init, up, plan --cleanup, up again, status, create, down, and a failure that rolls back', async () => {
    const ex = KAFKA;
    await resetEmulator(emu.endpoint);
    const c = clients();
    const dir = workdir(ex);
    const seeded = await seed(emu.endpoint, REGION, ex.seed);
    const env = ex.env;

    // init: the account settings and the default template bucket
    const init = await cli(['init'], { cwd: dir, env });
    assert.equal(init.code, 0, show(init));
    assert.match(init.out, new RegExp(`Bucket ${TEMPLATE_BUCKET.name} created`));

    // up on a terminal: lookups resolved and recorded, live progress of the nested stacks
    const up = await cli(['up', ...fArgs(ex), '-d', 'out'], { cwd: dir, env, tty: true });
    assert.equal(up.code, 0, show(up));
    assert.match(up.out, /Stack kafka-connect: CREATE_COMPLETE/);
    assert.match(up.out, /ECS services stable: connect/);
    for (const row of ['connect/EcsServiceDefinition', 'connect/EcsTaskDefinition', 'sns/connectalarms', 'cloudmap/PrivateNamespace']) {
      assert.match(up.out, new RegExp(`✔ ${row.replace('/', '\\/')}`), `live view shows ${row}`);
    }
    assert.match(up.out, /\x1b\[\d+A/, 'the live view redraws');
    const lookups = JSON.parse(readFileSync(join(dir, 'lookups.json'), 'utf8')) as { lookups: Record<string, { result: Record<string, unknown> }> };
    const vpc = lookups.lookups['x-vpc'].result as { VpcId: string; Subnets: Record<string, { SubnetId: string }[]> };
    assert.equal(vpc.VpcId, seeded.vpcId);
    assert.deepEqual(Object.keys(vpc.Subnets).sort(), ['AppSubnets', 'InternalSubnets', 'PublicSubnets', 'StorageSubnets']);
    for (const group of Object.values(vpc.Subnets)) assert.equal(group.length, 2);
    assert.deepEqual(new Set(Object.values(vpc.Subnets).flat().map((s) => s.SubnetId)), new Set(seeded.subnetIds));
    assert.equal(lookups.lookups['x-cluster'].result.ClusterArn, seeded.clusterArns[0]);
    assert.equal(lookups.lookups['x-s3::connect-bucket'].result.BucketName, 'kafka-connect-files-bucket01-1a2b3c');
    const tree = await assertUp(c, ex, join(dir, 'out'), 'CREATE_COMPLETE');
    const service = tree.find((r) => r.ResourceType === 'AWS::ECS::Service');
    assert.match(service?.PhysicalResourceId ?? '', /:service\/test\//, 'the service runs in the looked-up cluster');
    const taskDef = tree.find((r) => r.ResourceType === 'AWS::ECS::TaskDefinition')?.PhysicalResourceId ?? '';

    // plan of a change: Modify rows, then --cleanup leaves the stack as it was
    writeFileSync(join(dir, 'change.yml'), 'services:\n  connect:\n    deploy:\n      replicas: 2\n    environment:\n      CONNECT_LOG_LEVEL: DEBUG\n');
    const plan = await cli(['plan', '--cleanup', ...fArgs(ex, ['change.yml'])], { cwd: dir, env });
    assert.equal(plan.code, 0, show(plan));
    assert.match(plan.out, /Changes to stack kafka-connect: 0 to add, \d+ to modify, 0 to remove/);
    assert.match(plan.out, /~ +Modify +kafka-connect +connect +AWS::CloudFormation::Stack/);
    assert.match(plan.out, /~ +Modify +connect +EcsTaskDefinition +AWS::ECS::TaskDefinition +no \(ContainerDefinitions\)/);
    assert.match(plan.err, /Change set deleted; nothing was changed/);
    assert.equal(await stackStatus(c, ex.stack), 'CREATE_COMPLETE');
    const afterPlan = await stackTree(c, ex.stack);
    assert.equal(afterPlan.find((r) => r.ResourceType === 'AWS::ECS::TaskDefinition')?.PhysicalResourceId, taskDef, 'plan changed nothing');

    // up again: the update
    const update = await cli(['up', ...fArgs(ex, ['change.yml']), '-d', 'out'], { cwd: dir, env });
    assert.equal(update.code, 0, show(update));
    assert.match(update.out, /Stack kafka-connect: UPDATE_COMPLETE/);
    assert.match(update.err, /UPDATE_COMPLETE +AWS::ECS::TaskDefinition +connect\/EcsTaskDefinition/);
    await assertUp(c, ex, join(dir, 'out'), 'UPDATE_COMPLETE');
    const svc = await c.ecs.send(new DescribeServicesCommand({ cluster: 'test', services: [service?.PhysicalResourceId ?? ''] }));
    assert.equal(svc.services?.[0]?.desiredCount, 2);

    // status
    const status = await cli(['status', '-n', ex.stack], { cwd: dir, env });
    assert.equal(status.code, 0, show(status));
    assert.match(status.out, /Stack kafka-connect: UPDATE_COMPLETE/);
    assert.match(status.out, /connect +UPDATE_COMPLETE/);
    assert.match(status.out, /connect +2\/2 running +stable/);

    // create: uploads, with TemplateURLs rewritten to the uploaded objects
    const create = await cli(['create', ...fArgs(ex, ['change.yml']), '--s3-prefix', 'releases/1'], { cwd: dir, env });
    assert.equal(create.code, 0, show(create));
    assert.equal(create.out.trim(), `https://${TEMPLATE_BUCKET.name}.s3.eu-west-1.amazonaws.com/releases/1/kafka-connect.json`);
    const root = JSON.parse(await (await c.s3.send(new GetObjectCommand({ Bucket: TEMPLATE_BUCKET.name, Key: 'releases/1/kafka-connect.json' }))).Body!.transformToString()) as {
      Resources: Record<string, { Type: string; Properties: { TemplateURL?: string } }>;
    };
    const urls = Object.entries(root.Resources).filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack');
    assert.ok(urls.length >= 3);
    for (const [id, r] of urls) {
      assert.equal(r.Properties.TemplateURL, `https://${TEMPLATE_BUCKET.name}.s3.eu-west-1.amazonaws.com/releases/1/${id}.json`);
      await c.s3.send(new HeadObjectCommand({ Bucket: TEMPLATE_BUCKET.name, Key: `releases/1/${id}.json` }));
    }

    // down
    const down = await cli(['down', '--yes', '-n', ex.stack], { cwd: dir, env });
    await assertDown(c, ex, tree, down);

    // a failure: a log group left behind by an earlier deployment blocks the new one
    const taken = 'kafka-connect/svc/ecs/test/connect';
    await c.logs.send(new CreateLogGroupCommand({ logGroupName: taken }));
    const failed = await cli(['up', ...fArgs(ex)], { cwd: dir, env });
    assert.equal(failed.code, 1, show(failed));
    assert.match(failed.err, /Stack kafka-connect failed: ROLLBACK_COMPLETE/);
    assert.match(failed.err, /First failures:\n {2}connect\/ServicesLogGroup \(AWS::Logs::LogGroup\) CREATE_FAILED: .*already exists/);
    assert.match(failed.err, /must be deleted before the next attempt: `ecs-compose-x down -n kafka-connect`/);
    assert.equal(await stackStatus(c, ex.stack), 'ROLLBACK_COMPLETE');
    const rolledBack = await stackTree(c, ex.stack);
    assert.deepEqual(rolledBack, [], 'the rollback deleted every resource');
    const cleanup = await cli(['down', '--yes', '-n', ex.stack], { cwd: dir, env });
    assert.equal(cleanup.code, 0, show(cleanup));
    assert.equal(await stackStatus(c, ex.stack), undefined);
    await c.ecs.send(new DeleteClusterCommand({ cluster: 'test' }));
  });

  for (const ex of EXAMPLES) {
    test(`${ex.dir}: up, ${ex.change ? 'plan of a change, up again, ' : ''}then down`, async () => {
      const { c, dir } = await fresh(ex);
      const up = await cli(['up', ...fArgs(ex), '-d', 'out'], { cwd: dir, env: ex.env });
      assert.equal(up.code, 0, show(up));
      assert.match(up.out, new RegExp(`Stack ${ex.stack}: CREATE_COMPLETE`));
      let tree = await assertUp(c, ex, join(dir, 'out'), 'CREATE_COMPLETE');
      if (ex.change) {
        writeFileSync(join(dir, 'change.yml'), ex.change.file);
        const plan = await cli(['plan', '--cleanup', ...fArgs(ex, ['change.yml'])], { cwd: dir, env: ex.env });
        assert.equal(plan.code, 0, show(plan));
        for (const row of ex.change.rows) assert.match(plan.out, row);
        assert.match(plan.err, /Change set deleted; nothing was changed/);
        assert.deepEqual(
          (await stackTree(c, ex.stack)).map((r) => `${r.stackPath}/${r.LogicalResourceId} ${r.PhysicalResourceId} ${r.ResourceStatus}`),
          tree.map((r) => `${r.stackPath}/${r.LogicalResourceId} ${r.PhysicalResourceId} ${r.ResourceStatus}`),
          'plan --cleanup changed nothing',
        );
        const update = await cli(['up', ...fArgs(ex, ['change.yml']), '-d', 'out'], { cwd: dir, env: ex.env });
        assert.equal(update.code, 0, show(update));
        assert.match(update.out, new RegExp(`Stack ${ex.stack}: UPDATE_COMPLETE`));
        tree = await assertUp(c, ex, join(dir, 'out'), 'UPDATE_COMPLETE');
      }
      const down = await cli(['down', '--yes', '-n', ex.stack], { cwd: dir, env: ex.env });
      await assertDown(c, ex, tree, down);
    });
  }
});
