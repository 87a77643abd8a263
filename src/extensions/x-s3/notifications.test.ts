import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { LookupFile } from '../../lookups/recorded.js';
import type { RenderOutput } from '../../synth/render.js';
import { errorsOf, lintAll, only, renderCompose } from '../../../test/helpers/fixtures.js';
import { template } from '../../../test/helpers/render.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const run = (compose: string, lookups: LookupFile['lookups'] = {}): RenderOutput => renderCompose(compose, { name: 'test', lookups, tmpPrefix: 'cx-s3n-', dirs });
const resources = (out: RenderOutput, file: string): Record<string, Record<string, any>> => template(out, file).Resources;

const SOURCE = {
  ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::uploads-${AWS::AccountId}' } },
  StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
};

const BASE = `
services:
  worker: {image: busybox}
x-kms:
  qkey: {Properties: {Description: queue key}}
x-sqs:
  jobs: {Properties: {KmsMasterKeyId: x-kms::qkey}}
  plain: {Properties: {}}
x-sns:
  audit: {Properties: {}}
x-s3:
  uploads:
    MacroParameters: {ExpandAccountIdToBucket: true}
    Properties:
      BucketName: uploads
      NotificationConfiguration:
        QueueConfigurations:
          - {Event: "s3:ObjectCreated:*", Queue: x-sqs::jobs}
          - {Event: "s3:ObjectRemoved:*", Queue: x-sqs::jobs::Arn}
          - {Event: "s3:ObjectRestore:*", Queue: "arn:aws:sqs:eu-west-1:123456789012:other"}
        TopicConfigurations:
          - {Event: "s3:ObjectRemoved:*", Topic: x-sns::audit}
        LambdaConfigurations:
          - {Event: "s3:ObjectCreated:*", Function: "arn:aws:lambda:eu-west-1:123456789012:function:f"}
`;

describe('x-s3 notifications', () => {
  test('x-sqs / x-sns targets: ARN from the target stack, one statement per bucket in the queue / topic policy, S3 let use the queue key', () => {
    const out = run(BASE);
    assert.deepEqual(out.warnings, []);
    const s3 = template(out, 's3.json');
    const conf = s3.Resources.uploads.Properties.NotificationConfiguration;
    assert.deepEqual(conf.QueueConfigurations.map((q: any) => q.Queue), [{ Ref: 'sqsjobsArn' }, { Ref: 'sqsjobsArn' }, 'arn:aws:sqs:eu-west-1:123456789012:other']);
    assert.deepEqual(conf.TopicConfigurations[0].Topic, { Ref: 'audit' });
    assert.equal(conf.LambdaConfigurations[0].Function, 'arn:aws:lambda:eu-west-1:123456789012:function:f');
    // the s3 stack reads the ARNs from the sqs / sns outputs, so it is created after their policies
    const root = resources(out, 'test.json');
    assert.deepEqual(root.s3.Properties.Parameters.sqsjobsArn, { 'Fn::GetAtt': ['sqs', 'Outputs.jobsArn'] });
    assert.deepEqual(root.s3.Properties.Parameters.audit, { 'Fn::GetAtt': ['sns', 'Outputs.audit'] });

    const sqs = resources(out, 'sqs.json');
    assert.deepEqual(sqs.jobsPolicy.Properties.PolicyDocument.Statement, [
      { Sid: 'S3uploads', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: ['sqs:SendMessage'], Resource: { 'Fn::GetAtt': ['jobs', 'Arn'] }, Condition: SOURCE },
    ]);
    assert.equal(sqs.plainPolicy, undefined, 'a queue no bucket notifies gets no policy');
    const sns = resources(out, 'sns.json');
    assert.deepEqual(sns.auditPolicy.Properties, {
      Topics: [{ Ref: 'audit' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'S3uploads', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: ['sns:Publish'], Resource: { Ref: 'audit' }, Condition: SOURCE }],
      },
    });
    const keyPolicy = resources(out, 'kms.json').qkey.Properties.KeyPolicy.Statement;
    assert.deepEqual(keyPolicy.map((s: any) => s.Sid), ['AccountIamAccess', 'FromS3']);
    assert.deepEqual(keyPolicy[1], {
      Sid: 'FromS3',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    lintAll(out, 's3-notifications');
  });

  test('SNS topic subscribed to an encrypted queue: the key policy lets SNS use the key', () => {
    const out = run(`
services:
  worker: {image: busybox}
x-kms:
  qkey: {Properties: {}}
x-sqs:
  jobs: {Properties: {KmsMasterKeyId: x-kms::qkey}}
x-sns:
  audit:
    Properties:
      Subscription: [{Protocol: sqs, Endpoint: x-sqs::jobs::Arn}]
`);
    const keyPolicy = resources(out, 'kms.json').qkey.Properties.KeyPolicy.Statement;
    assert.deepEqual(keyPolicy.map((s: any) => [s.Sid, s.Principal]), [['AccountIamAccess', { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }], ['FromSns', { Service: 'sns.amazonaws.com' }]]);
    lintAll(out, 'sns-kms-queue');
  });

  test('a key whose policy is not ours, a looked-up queue: warnings with what to add, no policy change', () => {
    const out = run(
      `
services:
  worker: {image: busybox}
x-sqs:
  mine: {Properties: {KmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-1111-2222-3333-444455556666"}}
  theirs: {Lookup: {Tags: {app: x}}}
x-s3:
  uploads:
    Properties:
      BucketName: uploads
      NotificationConfiguration:
        QueueConfigurations:
          - {Event: "s3:ObjectCreated:*", Queue: x-sqs::mine}
          - {Event: "s3:ObjectCreated:*", Queue: x-sqs::theirs}
`,
      { 'x-sqs::theirs': { request: { Tags: { app: 'x' } }, result: { QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/theirs', Arn: 'arn:aws:sqs:eu-west-1:123456789012:theirs', QueueName: 'theirs' } } },
    );
    assert.deepEqual(out.warnings.map((w) => [w.code, w.path]), [
      ['CXS2106', 'x-s3.uploads.Properties.NotificationConfiguration.QueueConfigurations[0].Queue'],
      ['CXS2105', 'x-s3.uploads.Properties.NotificationConfiguration.QueueConfigurations[1].Queue'],
    ]);
    const conf = template(out, 's3.json').Resources.uploads.Properties.NotificationConfiguration;
    assert.deepEqual(conf.QueueConfigurations[1].Queue, 'arn:aws:sqs:eu-west-1:123456789012:theirs');
    assert.deepEqual(Object.keys(resources(out, 'sqs.json')).sort(), ['mine', 'minePolicy']);
  });

  test('errors: unknown target, wrong module or attribute, FIFO queue, no BucketName; all at once', () => {
    const errs = errorsOf(() =>
      run(`
services:
  worker: {image: busybox}
x-sqs:
  fifo: {Properties: {FifoQueue: true}}
  ok: {Properties: {}}
x-s3:
  named:
    Properties:
      BucketName: named
      NotificationConfiguration:
        QueueConfigurations:
          - {Event: "s3:ObjectCreated:*", Queue: x-sqs::nope}
          - {Event: "s3:ObjectCreated:*", Queue: x-sns::ok}
          - {Event: "s3:ObjectCreated:*", Queue: x-sqs::ok::QueueUrl}
          - {Event: "s3:ObjectCreated:*", Queue: x-sqs::fifo}
        TopicConfigurations:
          - {Event: "s3:ObjectCreated:*", Topic: x-sns::missing}
  anonymous:
    Properties:
      NotificationConfiguration:
        QueueConfigurations:
          - {Event: "s3:ObjectCreated:*", Queue: x-sqs::ok}
`),
    );
    assert.deepEqual(errs.map((e) => [e.code, e.path]), [
      ['CXS1108', 'x-s3.named.Properties.NotificationConfiguration.QueueConfigurations[0].Queue'],
      ['CXS1108', 'x-s3.named.Properties.NotificationConfiguration.QueueConfigurations[1].Queue'],
      ['CXS1108', 'x-s3.named.Properties.NotificationConfiguration.QueueConfigurations[2].Queue'],
      ['CXS1109', 'x-s3.named.Properties.NotificationConfiguration.QueueConfigurations[3].Queue'],
      ['CXS1108', 'x-s3.named.Properties.NotificationConfiguration.TopicConfigurations[0].Topic'],
      ['CXS1110', 'x-s3.anonymous.Properties'],
    ]);
    assert.match(only(errs, 'CXS1110').hint ?? '', /BucketName: anonymous/);
    assert.equal(only(errs, 'CXS1109').pos?.line, 16);
  });
});
