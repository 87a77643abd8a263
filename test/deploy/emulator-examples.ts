/**
 * The examples the emulator deploy suite deploys: the existing resources each one looks up (made in
 * the emulator, tagged as the lookups expect) and the resource types its stacks must hold once up.
 * A module whose resource types the emulator models adds its golden example here.
 */
import type { Seed, SeedSubnet, Tags } from '../emulator/seed.js';

export interface DeployExample {
  /** Folder under examples/. */
  dir: string;
  /** The -f files, in order. */
  files: string[];
  stack: string;
  /** Folders of the example the compose files read from (e.g. x-ssm_parameter FromFile). */
  dataDirs?: string[];
  /** Environment variables the compose files interpolate. */
  env?: Record<string, string>;
  seed: Seed;
  /** Resource types that must exist (in the stack tree, and in the emulator) after `up`. */
  types: string[];
  /**
   * A change deployed after `up`: `plan --cleanup` with this compose file added must show these
   * rows and leave the stack as it was, then `up` with it must reach UPDATE_COMPLETE.
   */
  change?: { file: string; rows: RegExp[] };
}

/** Two subnets (zones a and b) per group, each tagged with the group's tags. */
function subnets(groups: Tags[]): SeedSubnet[] {
  return groups.flatMap((tags) => ['a', 'b'].map((az) => ({ az, tags })));
}

/** The bucket ecs-compose-x uploads templates to by default (`init` creates it too). */
export const TEMPLATE_BUCKET = { name: 'ecs-composex-123456789012-eu-west-1' };

const SERVICE_TYPES = ['AWS::ECS::Service', 'AWS::ECS::TaskDefinition', 'AWS::IAM::Role', 'AWS::EC2::SecurityGroup', 'AWS::Logs::LogGroup'];

export const KAFKA: DeployExample = {
  dir: 'kafka-connect',
  files: ['docker-compose.yml', 'aws.yml', 'vpc.yml'],
  stack: 'kafka-connect',
  env: { NONPROD_RO_ROLE_ARN: 'arn:aws:iam::123456789012:role/nonprod-ro' },
  seed: {
    vpc: {
      tags: { Name: 'vpc--nonprod' },
      subnets: subnets([
        { 'vpc::usage': 'public' },
        { 'vpc::usage': 'application', 'vpc::internal': 'false' },
        { 'vpc::usage': 'storage' },
        { 'vpc::usage': 'application', 'vpc::internal': 'true', 'vpc::primary': 'false' },
      ]),
    },
    clusters: [{ name: 'test' }],
    // The bucket comes from a stack, as in the account the example was written for: CloudFormation
    // tags it with aws:cloudformation:logical-id, which the lookup filters on.
    stacks: [
      {
        name: 'kafka-connect-files',
        template: { Resources: { bucket01: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'kafka-connect-files-bucket01-1a2b3c' } } } },
        tags: { CreatedByComposeX: 'true', live: 'no' },
      },
    ],
    secrets: [{ name: '/kafka/cluster-id/connect-cluster-creds', value: '{"CONNECT_BOOTSTRAP_SERVERS":"broker:9092"}' }],
  },
  types: [...SERVICE_TYPES, 'AWS::IAM::Policy', 'AWS::EC2::SecurityGroupIngress', 'AWS::SNS::Topic'],
};

const MAIN_VPC = (name: string, key: string, values: [string, string, string]) => ({
  tags: { Name: name },
  subnets: subnets(values.map((v) => ({ [key]: v }))),
});

/**
 * The golden examples deployed as they are: up, resources checked (types the emulator does not
 * model, e.g. ACM certificates and WAF web ACLs, are created as opaque resources by the launcher's
 * patches: listed but not checked), down. Not here: examples with an AWS::EC2::SecurityGroupIngress
 * from a prefix list (ingress-external: moto's CloudFormation cannot create it).
 */
export const EXAMPLES: DeployExample[] = [
  {
    dir: 'new-vpc',
    files: ['docker-compose.yml'],
    stack: 'new-vpc',
    seed: {},
    types: [...SERVICE_TYPES, 'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::NatGateway', 'AWS::EC2::RouteTable', 'AWS::ECS::Cluster'],
  },
  { dir: 'web-worker-db', files: ['docker-compose.yml'], stack: 'shop', seed: {}, types: [...SERVICE_TYPES, 'AWS::EC2::VPC', 'AWS::ECS::Cluster'] },
  {
    dir: 'aurora-postgres',
    files: ['docker-compose.yml'],
    stack: 'aurora-postgres',
    seed: {},
    types: [...SERVICE_TYPES, 'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::RDS::DBSubnetGroup', 'AWS::SecretsManager::Secret', 'AWS::EC2::SecurityGroupIngress'],
  },
  // Its project and its only family are both named api: deployed under another stack name, whose root template does not collide with the family's.
  { dir: 'sidecar-healthcheck', files: ['docker-compose.yml'], stack: 'sidecar', seed: {}, types: SERVICE_TYPES },
  { dir: 'firelens', files: ['docker-compose.yml'], stack: 'logs', seed: {}, types: [...SERVICE_TYPES, 'AWS::IAM::Policy'] },
  { dir: 'xray-prometheus', files: ['docker-compose.yml'], stack: 'observe', seed: {}, types: [...SERVICE_TYPES, 'AWS::IAM::Policy', 'AWS::SSM::Parameter'] },
  { dir: 'ingress-services', files: ['docker-compose.yml'], stack: 'ingress-services', seed: {}, types: [...SERVICE_TYPES, 'AWS::EC2::SecurityGroupIngress'] },
  {
    dir: 'cluster-lookup-providers',
    files: ['docker-compose.yml'],
    stack: 'cluster-lookup-providers',
    seed: { clusters: [{ name: 'shared-services' }] },
    types: SERVICE_TYPES,
  },
  {
    dir: 'vpc-lookup-internal',
    files: ['docker-compose.yml'],
    stack: 'vpc-lookup-internal',
    seed: {
      vpc: {
        tags: { Name: 'shared' },
        subnets: subnets([{ 'vpc::usage': 'application' }, { 'vpc::usage': 'public' }, { 'vpc::usage': 'storage' }, { 'vpc::usage': 'internal' }]),
      },
    },
    types: SERVICE_TYPES,
  },
  {
    dir: 'kms-encrypted',
    files: ['docker-compose.yml'],
    stack: 'kms-encrypted',
    seed: {},
    types: [...SERVICE_TYPES, 'AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::IAM::Policy'],
  },
  {
    dir: 'dynamodb-tables',
    files: ['docker-compose.yml'],
    stack: 'dynamodb-tables',
    seed: {},
    types: [...SERVICE_TYPES, 'AWS::DynamoDB::Table', 'AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::ApplicationAutoScaling::ScalingPolicy', 'AWS::IAM::Policy', 'AWS::EC2::VPC'],
  },
  {
    dir: 'sns-lookup',
    files: ['docker-compose.yml'],
    stack: 'sns-lookup',
    seed: { vpc: MAIN_VPC('main', 'tier', ['application', 'public', 'storage']), topics: [{ name: 'order-events', tags: { team: 'orders', environment: 'production' } }] },
    types: [...SERVICE_TYPES, 'AWS::IAM::Policy'],
  },
  {
    dir: 'efs-shared',
    files: ['docker-compose.yml'],
    stack: 'files',
    seed: {},
    types: [...SERVICE_TYPES, 'AWS::EC2::VPC', 'AWS::EFS::FileSystem', 'AWS::EFS::MountTarget', 'AWS::EFS::AccessPoint', 'AWS::IAM::Policy', 'AWS::EC2::SecurityGroupIngress'],
  },
  { dir: 'kinesis-consumer', files: ['docker-compose.yml'], stack: 'kinesis-consumer', seed: {}, types: [...SERVICE_TYPES, 'AWS::Kinesis::Stream', 'AWS::IAM::Policy', 'AWS::EC2::VPC'] },
  {
    // The queue worker of the messaging issue: topic → queue (with its policy), DLQ, step scaling on the queue depth.
    dir: 'sqs-worker',
    files: ['docker-compose.yml'],
    stack: 'sqs-worker',
    seed: { vpc: MAIN_VPC('main', 'tier', ['application', 'public', 'storage']) },
    types: [
      ...SERVICE_TYPES,
      'AWS::IAM::Policy',
      'AWS::SNS::Topic',
      'AWS::SNS::Subscription',
      'AWS::SQS::Queue',
      'AWS::SQS::QueuePolicy',
      'AWS::CloudWatch::Alarm',
      'AWS::ApplicationAutoScaling::ScalableTarget',
      'AWS::ApplicationAutoScaling::ScalingPolicy',
    ],
  },
  {
    // The public web app of the load-balancing issue: up, plan of a change, up again, down.
    dir: 'elbv2-public-web',
    files: ['docker-compose.yml'],
    stack: 'public-web',
    seed: { vpc: MAIN_VPC('main', 'tier', ['application', 'public', 'storage']), hostedZones: [{ name: 'example.com' }] },
    types: [
      ...SERVICE_TYPES,
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::ElasticLoadBalancingV2::TargetGroup',
      'AWS::ElasticLoadBalancingV2::Listener',
      'AWS::ElasticLoadBalancingV2::ListenerRule',
      'AWS::Route53::RecordSet',
    ],
    change: {
      file: 'services:\n  api:\n    environment:\n      LOGLEVEL: debug\n',
      rows: [/~ +Modify +public-web +api +AWS::CloudFormation::Stack/, /~ +Modify +api +EcsTaskDefinition +AWS::ECS::TaskDefinition/],
    },
  },
  {
    dir: 'ssm-parameter',
    files: ['docker-compose.yml'],
    stack: 'ssm-parameter',
    dataDirs: ['config'],
    seed: { vpc: MAIN_VPC('main', 'tier', ['application', 'public', 'storage']) },
    types: [...SERVICE_TYPES, 'AWS::IAM::Policy', 'AWS::SSM::Parameter'],
  },
  {
    // The nightly report family has no ECS service: only its task definition, run by the rule.
    dir: 'scheduled-task',
    files: ['docker-compose.yml'],
    stack: 'scheduled-task',
    seed: { vpc: MAIN_VPC('main', 'tier', ['application', 'public', 'storage']) },
    types: [...SERVICE_TYPES, 'AWS::Events::Rule'],
  },
  {
    // A bucket notifying a queue and a topic (their policies allow that bucket), encrypted with a new key.
    dir: 's3-notifications',
    files: ['docker-compose.yml'],
    stack: 's3-notifications',
    seed: { vpc: MAIN_VPC('main', 'tier', ['application', 'public', 'storage']) },
    types: [...SERVICE_TYPES, 'AWS::S3::Bucket', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy', 'AWS::SNS::Topic', 'AWS::KMS::Key', 'AWS::IAM::Policy'],
  },
  {
    // Two families in a new namespace, and a table registered in it (Settings.x-cloudmap).
    dir: 'cloudmap-two-families',
    files: ['docker-compose.yml'],
    stack: 'cloudmap-two-families',
    seed: {},
    types: [...SERVICE_TYPES, 'AWS::EC2::VPC', 'AWS::DynamoDB::Table', 'AWS::IAM::Policy'],
  },
];
