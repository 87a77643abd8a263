/** `create`: upload the rendered files to the template bucket and return the root template's URL. */
import type { DeployContext } from './context.js';
import { defaultBucketName } from './bucket.js';
import { say } from './host.js';
import { generatedPrefix, uploadFiles, type UploadResult } from './upload.js';

export interface CreateRequest {
  files: ReadonlyMap<string, string>;
  rootFile: string;
  /** `-b`; default ecs-composex-<account>-<region>. */
  bucket?: string;
  /** `--s3-prefix`; default a generated <YYYY>/<MM>/<DD>/<HHMM>/<6 hex>/. */
  prefix?: string;
}

export interface Created extends UploadResult {
  bucket: string;
  prefix: string;
}

export async function runCreate(ctx: DeployContext, req: CreateRequest): Promise<Created> {
  const bucket = req.bucket ?? (await defaultBucketName(ctx.apis));
  const prefix = req.prefix ?? generatedPrefix(ctx.clock.now(), ctx.random);
  const r = await uploadFiles({ s3: ctx.apis.s3, files: req.files, rootFile: req.rootFile, bucket, region: ctx.apis.region, prefix });
  say(ctx.host, 'info', `Uploaded ${r.objects.length} files to s3://${bucket}/${r.objects[0]?.key.slice(0, -r.objects[0].file.length) ?? prefix}`);
  return { ...r, bucket, prefix };
}
