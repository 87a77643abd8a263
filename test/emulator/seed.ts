/**
 * Creates, in the AWS API emulator, the existing resources that an example looks up: a tagged VPC
 * with tagged subnets, ECS clusters, tagged buckets, secrets, tagged SNS topics and security
 * groups, Route 53 hosted zones. Described as data (a `Seed`), so that an example of the deploy suite lists what it
 * needs and the lookups resolve them the way they would in a real account.
 */
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client, type Tag as Ec2Tag } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { CreateBucketCommand, PutBucketTaggingCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { emulatorClientConfig } from './server.js';

export type Tags = Record<string, string>;

export interface SeedSubnet {
  tags: Tags;
  /** Availability-zone suffix: "a", "b", ... */
  az: string;
}

export interface Seed {
  vpc?: { tags: Tags; subnets: SeedSubnet[] };
  clusters?: { name: string; capacityProviders?: string[] }[];
  buckets?: { name: string; tags?: Tags }[];
  secrets?: { name: string; value: string; tags?: Tags }[];
  topics?: { name: string; tags?: Tags }[];
  /** Security groups in the seeded VPC. */
  securityGroups?: { name: string; tags: Tags }[];
  /** Stacks deployed beforehand (CloudFormation tags what it creates with aws:cloudformation:*). */
  stacks?: { name: string; template: object; tags?: Tags }[];
  /** Public Route 53 hosted zones, by domain name. */
  hostedZones?: { name: string }[];
}

export interface Seeded {
  vpcId?: string;
  subnetIds: string[];
  clusterArns: string[];
}

const toTags = (t: Tags = {}): Ec2Tag[] => kv(t);
const kv = (t: Tags = {}): { Key: string; Value: string }[] => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));

export async function seed(endpoint: string, region: string, s: Seed): Promise<Seeded> {
  const cfg = emulatorClientConfig(endpoint, region);
  const out: Seeded = { subnetIds: [], clusterArns: [] };
  const ec2 = new EC2Client(cfg);
  if (s.vpc) {
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: toTags(s.vpc.tags) }] }));
    out.vpcId = vpc.Vpc?.VpcId;
    let i = 0;
    for (const sn of s.vpc.subnets) {
      const r = await ec2.send(
        new CreateSubnetCommand({
          VpcId: out.vpcId,
          CidrBlock: `10.20.${i++}.0/24`,
          AvailabilityZone: `${region}${sn.az}`,
          TagSpecifications: [{ ResourceType: 'subnet', Tags: toTags(sn.tags) }],
        }),
      );
      out.subnetIds.push(r.Subnet?.SubnetId ?? '');
    }
    for (const sg of s.securityGroups ?? []) {
      await ec2.send(new CreateSecurityGroupCommand({ GroupName: sg.name, Description: sg.name, VpcId: out.vpcId, TagSpecifications: [{ ResourceType: 'security-group', Tags: toTags(sg.tags) }] }));
    }
  }
  const ecs = new ECSClient(cfg);
  for (const c of s.clusters ?? []) {
    const r = await ecs.send(new CreateClusterCommand({ clusterName: c.name, capacityProviders: c.capacityProviders ?? ['FARGATE', 'FARGATE_SPOT'] }));
    out.clusterArns.push(r.cluster?.clusterArn ?? '');
  }
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  for (const b of s.buckets ?? []) {
    await s3.send(new CreateBucketCommand({ Bucket: b.name, CreateBucketConfiguration: region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint } }));
    if (b.tags) await s3.send(new PutBucketTaggingCommand({ Bucket: b.name, Tagging: { TagSet: kv(b.tags) } }));
  }
  const sm = new SecretsManagerClient(cfg);
  for (const x of s.secrets ?? []) await sm.send(new CreateSecretCommand({ Name: x.name, SecretString: x.value, Tags: kv(x.tags) }));
  const sns = new SNSClient(cfg);
  for (const t of s.topics ?? []) await sns.send(new CreateTopicCommand({ Name: t.name, Tags: kv(t.tags) }));
  const cfn = new CloudFormationClient(cfg);
  for (const st of s.stacks ?? []) {
    await cfn.send(new CreateStackCommand({ StackName: st.name, TemplateBody: JSON.stringify(st.template), Tags: kv(st.tags) }));
    const d = await cfn.send(new DescribeStacksCommand({ StackName: st.name }));
    const status = d.Stacks?.[0]?.StackStatus;
    if (status !== 'CREATE_COMPLETE') throw new Error(`seed stack ${st.name}: ${status}`);
  }
  const r53 = new Route53Client(cfg);
  for (const z of s.hostedZones ?? []) await r53.send(new CreateHostedZoneCommand({ Name: z.name, CallerReference: `seed-${z.name}` }));
  for (const c of [ec2, ecs, s3, sm, sns, cfn, r53]) c.destroy();
  return out;
}
