/**
 * In-memory S3, STS and ECS for the deploy tests: S3 keeps the uploaded objects (and serves
 * templates to the fake CloudFormation by URL), STS knows one account, ECS plays scripted
 * service rollouts.
 */
import type { DescribeServicesCommandInput, Service } from '@aws-sdk/client-ecs';
import type { CreateBucketCommandInput, PutObjectCommandInput } from '@aws-sdk/client-s3';
import { parse } from 'yaml';
import type { EcsApi, S3Api, StsApi } from '../../src/aws/deploy/api.js';
import type { Clock } from '../../src/aws/deploy/clock.js';
import { FakeAwsError, throttlingError } from './fake-error.js';
import type { FakeTemplate } from './fake-cloudformation.js';

export interface StoredObject {
  bucket: string;
  key: string;
  body: string;
  contentType?: string;
  sse?: string;
}

export class FakeS3 implements S3Api {
  readonly objects = new Map<string, StoredObject>();
  readonly calls: { op: string; input: unknown }[] = [];
  readonly buckets: Set<string>;

  /** `buckets`: buckets that exist and are ours; `foreign`: names taken by other accounts. */
  constructor(buckets: string[] = [], private readonly foreign: string[] = []) {
    this.buckets = new Set(buckets);
  }

  async putObject(input: PutObjectCommandInput): Promise<object> {
    this.calls.push({ op: 'putObject', input });
    const bucket = input.Bucket ?? '';
    if (!this.buckets.has(bucket)) throw new FakeAwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
    const key = input.Key ?? '';
    this.objects.set(`${bucket}/${key}`, { bucket, key, body: String(input.Body ?? ''), contentType: input.ContentType, sse: input.ServerSideEncryption });
    return {};
  }

  async createBucket(input: CreateBucketCommandInput): Promise<object> {
    this.calls.push({ op: 'createBucket', input });
    const b = input.Bucket ?? '';
    if (this.foreign.includes(b)) throw new FakeAwsError('BucketAlreadyExists', 'The requested bucket name is not available.', 409);
    if (this.buckets.has(b)) throw new FakeAwsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409);
    this.buckets.add(b);
    return {};
  }

  async putBucketEncryption(input: unknown): Promise<object> {
    this.calls.push({ op: 'putBucketEncryption', input });
    return {};
  }

  async putPublicAccessBlock(input: unknown): Promise<object> {
    this.calls.push({ op: 'putPublicAccessBlock', input });
    return {};
  }

  /** The object an https S3 URL (virtual-hosted or path style) points at. */
  objectAt(url: string): StoredObject | undefined {
    const u = new URL(url);
    const path = u.pathname.split('/').slice(1).map(decodeURIComponent);
    const virtual = /^(.+)\.s3\.[^.]+\.amazonaws\.com$/.exec(u.hostname);
    const [bucket, key] = virtual ? [virtual[1], path.join('/')] : [path[0], path.slice(1).join('/')];
    return this.objects.get(`${bucket}/${key}`);
  }

  /** A template stored at `url`, parsed (for FakeCloudFormation's `templates`). */
  templateAt = (url: string): FakeTemplate | undefined => {
    const o = this.objectAt(url);
    if (!o) return undefined;
    return (o.key.endsWith('.json') ? JSON.parse(o.body) : parse(o.body)) as FakeTemplate;
  };
}

export class FakeSts implements StsApi {
  constructor(readonly account = '123456789012') {}

  async getCallerIdentity(): Promise<{ Account: string; Arn: string; UserId: string }> {
    return { Account: this.account, Arn: `arn:aws:iam::${this.account}:user/test`, UserId: 'AIDTEST' };
  }
}

/** Service snapshots per time offset (ms after the first DescribeServices of that service). */
export type Rollout = { afterMs: number; service: Service }[];

export class FakeEcs implements EcsApi {
  readonly calls: { op: string; input: unknown }[] = [];
  private readonly scripts: { match: (arn: string) => boolean; rollout: Rollout }[] = [];
  private readonly firstSeen = new Map<string, number>();
  private throttled = 0;

  constructor(private readonly clock: Clock) {}

  /** Services whose ARN matches `match` go through `rollout`; others are stable 1/1 at once. */
  script(match: (arn: string) => boolean, rollout: Rollout): void {
    this.scripts.push({ match, rollout });
  }

  throttle(times: number): void {
    this.throttled += times;
  }

  async describeServices(input: DescribeServicesCommandInput): Promise<{ services: Service[]; failures: [] }> {
    this.calls.push({ op: 'describeServices', input });
    if (this.throttled > 0) {
      this.throttled--;
      throw throttlingError();
    }
    if ((input.services ?? []).length > 10) throw new FakeAwsError('InvalidParameterException', 'services can have at most 10 items');
    const services = (input.services ?? []).map((arn) => {
      const first = this.firstSeen.get(arn) ?? this.clock.now();
      this.firstSeen.set(arn, first);
      const script = this.scripts.find((s) => s.match(arn));
      const base: Service = { serviceArn: arn, serviceName: arn.split('/').pop(), clusterArn: input.cluster, status: 'ACTIVE' };
      if (!script) return { ...base, ...stable(1) };
      const elapsed = this.clock.now() - first;
      const current = [...script.rollout].reverse().find((s) => s.afterMs <= elapsed) ?? script.rollout[0];
      return { ...base, ...current.service };
    });
    return { services, failures: [] };
  }

  readonly settings: { name?: string; value?: string }[] = [];

  async putAccountSettingDefault(input: { name?: string; value?: string }): Promise<object> {
    this.calls.push({ op: 'putAccountSettingDefault', input });
    this.settings.push({ name: input.name, value: input.value });
    return {};
  }
}

/** A settled service with `n` tasks. */
export function stable(n: number): Service {
  return {
    desiredCount: n,
    runningCount: n,
    deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', desiredCount: n, runningCount: n, pendingCount: 0, rolloutState: 'COMPLETED' }],
  };
}
