/**
 * The AWS operations the deploy commands use, as small interfaces over the SDK v3 clients, so that
 * the commands can run against the in-memory fakes in tests. `*FromClient` adapt real clients.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
  type CreateChangeSetCommandInput,
  type CreateChangeSetCommandOutput,
  type DeleteChangeSetCommandInput,
  type DeleteStackCommandInput,
  type DescribeChangeSetCommandInput,
  type DescribeChangeSetCommandOutput,
  type DescribeStackEventsCommandInput,
  type DescribeStackEventsCommandOutput,
  type DescribeStacksCommandInput,
  type DescribeStacksCommandOutput,
  type ExecuteChangeSetCommandInput,
  type ListStackResourcesCommandInput,
  type ListStackResourcesCommandOutput,
} from '@aws-sdk/client-cloudformation';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type CreateBucketCommandInput,
  type PutBucketEncryptionCommandInput,
  type PutObjectCommandInput,
  type PutPublicAccessBlockCommandInput,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient, type GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import {
  DescribeServicesCommand,
  ECSClient,
  PutAccountSettingDefaultCommand,
  type DescribeServicesCommandInput,
  type DescribeServicesCommandOutput,
  type PutAccountSettingDefaultCommandInput,
} from '@aws-sdk/client-ecs';

/** An SDK output without the response metadata (which fakes need not invent). */
export type Out<T> = Omit<T, '$metadata'>;

export interface CfnApi {
  describeStacks(input: DescribeStacksCommandInput): Promise<Out<DescribeStacksCommandOutput>>;
  describeStackEvents(input: DescribeStackEventsCommandInput): Promise<Out<DescribeStackEventsCommandOutput>>;
  listStackResources(input: ListStackResourcesCommandInput): Promise<Out<ListStackResourcesCommandOutput>>;
  createChangeSet(input: CreateChangeSetCommandInput): Promise<Out<CreateChangeSetCommandOutput>>;
  describeChangeSet(input: DescribeChangeSetCommandInput): Promise<Out<DescribeChangeSetCommandOutput>>;
  executeChangeSet(input: ExecuteChangeSetCommandInput): Promise<unknown>;
  deleteChangeSet(input: DeleteChangeSetCommandInput): Promise<unknown>;
  deleteStack(input: DeleteStackCommandInput): Promise<unknown>;
}

export interface S3Api {
  putObject(input: PutObjectCommandInput): Promise<unknown>;
  createBucket(input: CreateBucketCommandInput): Promise<unknown>;
  putBucketEncryption(input: PutBucketEncryptionCommandInput): Promise<unknown>;
  putPublicAccessBlock(input: PutPublicAccessBlockCommandInput): Promise<unknown>;
}

export interface StsApi {
  getCallerIdentity(): Promise<Out<GetCallerIdentityCommandOutput>>;
}

export interface EcsApi {
  describeServices(input: DescribeServicesCommandInput): Promise<Out<DescribeServicesCommandOutput>>;
  putAccountSettingDefault(input: PutAccountSettingDefaultCommandInput): Promise<unknown>;
}

/** Everything a deploy command may call, plus the region the clients talk to. */
export interface DeployApis {
  region: string;
  cfn: CfnApi;
  s3: S3Api;
  sts: StsApi;
  ecs: EcsApi;
}

export function cfnFromClient(c: CloudFormationClient): CfnApi {
  return {
    describeStacks: (i) => c.send(new DescribeStacksCommand(i)),
    describeStackEvents: (i) => c.send(new DescribeStackEventsCommand(i)),
    listStackResources: (i) => c.send(new ListStackResourcesCommand(i)),
    createChangeSet: (i) => c.send(new CreateChangeSetCommand(i)),
    describeChangeSet: (i) => c.send(new DescribeChangeSetCommand(i)),
    executeChangeSet: (i) => c.send(new ExecuteChangeSetCommand(i)),
    deleteChangeSet: (i) => c.send(new DeleteChangeSetCommand(i)),
    deleteStack: (i) => c.send(new DeleteStackCommand(i)),
  };
}

export function s3FromClient(c: S3Client): S3Api {
  return {
    putObject: (i) => c.send(new PutObjectCommand(i)),
    createBucket: (i) => c.send(new CreateBucketCommand(i)),
    putBucketEncryption: (i) => c.send(new PutBucketEncryptionCommand(i)),
    putPublicAccessBlock: (i) => c.send(new PutPublicAccessBlockCommand(i)),
  };
}

export function stsFromClient(c: STSClient): StsApi {
  return { getCallerIdentity: () => c.send(new GetCallerIdentityCommand({})) };
}

export function ecsFromClient(c: ECSClient): EcsApi {
  return {
    describeServices: (i) => c.send(new DescribeServicesCommand(i)),
    putAccountSettingDefault: (i) => c.send(new PutAccountSettingDefaultCommand(i)),
  };
}
