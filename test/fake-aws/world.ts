/**
 * A whole fake AWS for deploy tests: virtual clock, S3 (one bucket), STS, ECS and CloudFormation
 * reading templates from that S3, plus a host that records every message.
 */
import type { DeployApis } from '../../src/aws/deploy/api.js';
import type { DeployContext } from '../../src/aws/deploy/context.js';
import type { DeployHost, DeployMessage } from '../../src/aws/deploy/host.js';
import { FakeCloudFormation, type FakeCloudFormationOptions, type FakeTemplate } from './fake-cloudformation.js';
import { FakeEcs, FakeS3, FakeSts } from './fake-s3.js';
import { VirtualClock } from './virtual-clock.js';

export const BUCKET = 'ecs-composex-123456789012-eu-west-1';

export class RecordingHost implements DeployHost {
  readonly messages: DeployMessage[] = [];
  readonly questions: string[] = [];

  constructor(
    readonly live = false,
    readonly interactive = false,
    private readonly answers: string[] = [],
  ) {}

  notify(m: DeployMessage): void {
    this.messages.push(m);
  }

  async confirm(q: string): Promise<boolean> {
    this.questions.push(q);
    const a = (this.answers.shift() ?? '').toLowerCase();
    return a === 'y' || a === 'yes';
  }

  text(kind?: DeployMessage['kind']): string {
    return this.messages
      .filter((m) => kind === undefined || m.kind === kind)
      .map((m) => m.text)
      .join('');
  }
}

export interface World {
  clock: VirtualClock;
  s3: FakeS3;
  cfn: FakeCloudFormation;
  ecs: FakeEcs;
  host: RecordingHost;
  ctx: DeployContext;
  /** Stores a template in the bucket and returns its URL. */
  put(key: string, t: FakeTemplate): string;
}

export function world(opts: { host?: RecordingHost; cfn?: Partial<FakeCloudFormationOptions> } = {}): World {
  const clock = new VirtualClock();
  const s3 = new FakeS3([BUCKET]);
  const cfn = new FakeCloudFormation({ clock, templates: s3.templateAt, ...opts.cfn });
  const ecs = new FakeEcs(clock);
  const host = opts.host ?? new RecordingHost();
  const apis: DeployApis = { region: 'eu-west-1', cfn, s3, sts: new FakeSts(), ecs };
  let n = 0;
  // Deterministic "randomness" for jitter and prefixes.
  const random = () => (n = (n * 7919 + 13) % 1000) / 1000;
  const ctx: DeployContext = { apis, host, clock, random, backoff: { random }, rolloutBackoff: { random } };
  const put = (key: string, t: FakeTemplate) => {
    s3.objects.set(`${BUCKET}/${key}`, { bucket: BUCKET, key, body: JSON.stringify(t) });
    return `https://${BUCKET}.s3.eu-west-1.amazonaws.com/${key}`;
  };
  return { clock, s3, cfn, ecs, host, ctx, put };
}

/** A template with the given resources (type → properties). */
export function tpl(resources: Record<string, [string, Record<string, unknown>?]>): FakeTemplate {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: Object.fromEntries(Object.entries(resources).map(([id, [Type, Properties]]) => [id, { Type, Properties: Properties ?? {} }])),
  };
}
