/**
 * `init`: prepares an account for ecs-compose-x, idempotently: ECS account setting defaults, and
 * the default template bucket (private, encrypted, public access blocked).
 */
import { UserError } from '../../diagnostics/diagnostic.js';
import type { SettingName } from '@aws-sdk/client-ecs';
import type { BucketLocationConstraint } from '@aws-sdk/client-s3';
import type { DeployContext } from './context.js';
import { errorName } from './aws-error.js';
import { say } from './host.js';
import { defaultBucketName } from './bucket.js';

export const ECS_SETTINGS: SettingName[] = [
  'awsvpcTrunking',
  'serviceLongArnFormat',
  'taskLongArnFormat',
  'containerInstanceLongArnFormat',
  'containerInsights',
];

export interface InitRequest {
  /** Bucket to create instead of the default one. */
  bucket?: string;
}

export async function runInit(ctx: DeployContext, req: InitRequest = {}): Promise<number> {
  const { ecs, s3, region } = ctx.apis;
  for (const name of ECS_SETTINGS) {
    await ecs.putAccountSettingDefault({ name, value: 'enabled' });
    say(ctx.host, 'info', `ECS account setting ${name} = enabled`);
  }
  const bucket = req.bucket ?? (await defaultBucketName(ctx.apis));
  let created = true;
  try {
    await s3.createBucket({
      Bucket: bucket,
      ObjectOwnership: 'BucketOwnerEnforced',
      CreateBucketConfiguration: region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint },
    });
  } catch (e) {
    const name = errorName(e);
    if (name === 'BucketAlreadyOwnedByYou') created = false;
    else if (name === 'BucketAlreadyExists') {
      throw new UserError([
        {
          code: 'CXD5020',
          severity: 'error',
          message: `bucket ${bucket} already exists and belongs to another account`,
          hint: 'choose another bucket with -b / --bucket-name',
        },
      ]);
    } else throw e;
  }
  await s3.putPublicAccessBlock({
    Bucket: bucket,
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  });
  await s3.putBucketEncryption({
    Bucket: bucket,
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
  });
  say(ctx.host, 'result', `Bucket ${bucket} ${created ? 'created' : 'already exists'} (private, AES256, public access blocked).`);
  return 0;
}
