import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { template } from '../../../test/helpers/render.js';
import { assertLintClean } from '../../../test/helpers/cfn-lint.js';
import { diagnosticsOf, only, renderWithVpc } from '../../../test/helpers/fixtures.js';
import type { LookupFile } from '../../lookups/recorded.js';
import { SQS_ACCESS } from './permissions.js';

const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:123456789012:orders';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ORDERS_LOOKUP: LookupFile['lookups'] = {
  'x-sqs::orders': {
    request: { Tags: [{ team: 'orders' }] },
    result: { QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders', Arn: QUEUE_ARN, QueueName: 'orders', KmsKeyArn: KEY_ARN },
  },
  'x-sqs::orders-dlq': {
    request: { Tags: [{ team: 'orders-dlq' }] },
    result: { QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dlq.fifo', Arn: `${QUEUE_ARN}-dlq.fifo`, QueueName: 'orders-dlq.fifo' },
  },
};

// Lines 1-9; `x-sqs:` is line 10.
const SERVICES = [
  'services:',
  '  api:',
  '    image: nginx',
  '    deploy: {labels: {ecs.task.family: app}}',
  '  sidecar:',
  '    image: nginx',
  '    deploy: {labels: {ecs.task.family: app}}',
  '  worker:',
  '    image: nginx',
  '',
].join('\n');

const render = (xsqs: string, lookups: LookupFile['lookups'] = {}) => renderWithVpc(SERVICES + xsqs, { name: 'sq', lookups });
const failure = (xsqs: string, lookups: LookupFile['lookups'] = {}) => diagnosticsOf(() => render(xsqs, lookups));

function env(t: Record<string, any>, container: string): Record<string, unknown> {
  const c = t.Resources.EcsTaskDefinition.Properties.ContainerDefinitions.find((x: Record<string, any>) => x.Name === container);
  return Object.fromEntries((c.Environment ?? []).map((e: Record<string, any>) => [e.Name, e.Value]));
}

describe('x-sqs', () => {
  test('new queues: DLQ by pointer, AwsPrincipalsAccess policy, exact actions and KMS for each listed family', () => {
    const out = render(
      'x-sqs:\n  DeletionPolicy: Retain\n  jobs:\n    Properties:\n      RedrivePolicy: {deadLetterTargetArn: x-sqs::jobs-dlq, maxReceiveCount: 3}\n' +
        '      KmsMasterKeyId: 1234abcd-12ab-34cd-56ef-1234567890ab\n' +
        '    MacroParameters:\n      AwsPrincipalsAccess: {Publish: [sns, s3], Consume: [lambda], PublishConsume: [events]}\n' +
        '    Services:\n      worker: {Access: SQSPollerPolicy}\n      app: {Access: Publish, ReturnValues: {Arn: JOBS_ARN}}\n' +
        '  jobs-dlq: {}\n',
    );
    const sqs = template(out, 'sqs.json');
    assert.deepEqual(Object.keys(sqs.Resources), ['jobs', 'jobsdlq', 'jobsPolicy']);
    assert.equal(sqs.Resources.jobs.DeletionPolicy, 'Retain');
    assert.deepEqual(sqs.Resources.jobs.Properties.RedrivePolicy, { deadLetterTargetArn: { 'Fn::GetAtt': ['jobsdlq', 'Arn'] }, maxReceiveCount: 3 });
    assert.deepEqual(Object.keys(sqs.Resources.jobsdlq.Properties), ['Tags']);
    const policy = sqs.Resources.jobsPolicy.Properties;
    assert.deepEqual(policy.Queues, [{ Ref: 'jobs' }]);
    assert.deepEqual(
      policy.PolicyDocument.Statement.map((s: Record<string, any>) => [s.Sid, s.Principal.Service, s.Action]),
      [
        ['AwsServicesPublish', ['events.amazonaws.com', 's3.amazonaws.com', 'sns.amazonaws.com'], ['sqs:SendMessage']],
        ['AwsServicesConsume', ['events.amazonaws.com', 'lambda.amazonaws.com'], ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']],
      ],
    );
    assert.deepEqual(policy.PolicyDocument.Statement[0].Condition, { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });

    const worker = template(out, 'worker.json');
    assert.deepEqual(env(worker, 'worker'), { JOBS: { Ref: 'sqsjobsQueueUrl' } });
    assert.deepEqual(worker.Resources.workerTosqs.Properties.PolicyDocument.Statement, [
      { Sid: 'SQSPollerPolicy', Effect: 'Allow', Action: [...SQS_ACCESS.SQSPollerPolicy.Action], Resource: [{ Ref: 'sqsjobsArn' }] },
    ]);
    const keyArn = { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab' };
    assert.deepEqual(worker.Resources.workerTokms.Properties.PolicyDocument.Statement, [{ Sid: 'KmsKey', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [keyArn] }]);
    const app = template(out, 'app.json');
    for (const c of ['api', 'sidecar']) assert.deepEqual(env(app, c), { JOBS_ARN: { Ref: 'sqsjobsArn' } });
    assert.deepEqual(app.Resources.appTosqs.Properties.PolicyDocument.Statement[0].Action, ['sqs:SendMessage']);
    assert.deepEqual(app.Resources.appTokms.Properties.PolicyDocument.Statement[0].Action, ['kms:GenerateDataKey', 'kms:Decrypt']);

    const root = template(out, 'sq.json');
    assert.deepEqual(root.Resources.worker.Properties.Parameters.sqsjobsArn, { 'Fn::GetAtt': ['sqs', 'Outputs.jobsArn'] });
    assert.deepEqual(Object.keys(sqs.Outputs).sort(), ['jobsArn', 'jobsQueueUrl']);
    for (const f of ['sqs.json', 'worker.json', 'app.json', 'sq.json']) assertLintClean(template(out, f), f);
  });

  test('every listed service gets its access, whatever the level; a FIFO queue name gets .fifo (CXQ2002)', () => {
    for (const access of Object.keys(SQS_ACCESS)) {
      const out = render(`x-sqs:\n  q:\n    Properties: {}\n    Services:\n      worker: {Access: ${access}}\n`);
      const st = template(out, 'worker.json').Resources.workerTosqs.Properties.PolicyDocument.Statement;
      assert.equal(st.length, 1, access);
      assert.ok(st[0].Action.every((a: string) => a.startsWith('sqs:') && !a.includes('*')), access);
      assert.deepEqual(st[0].Resource, [{ Ref: 'sqsqArn' }]);
    }
    const fifo = render('x-sqs:\n  q:\n    Properties: {FifoQueue: true, QueueName: orders}\n');
    assert.equal(template(fifo, 'sqs.json').Resources.q.Properties.QueueName, 'orders.fifo');
    assert.deepEqual(fifo.warnings.map((w) => [w.code, w.pos?.line]), [['CXQ2002', 12]]);
  });

  test('looked-up queues: literal values, KMS on the recorded key, no sqs stack', () => {
    const out = render(
      'x-sqs:\n  orders:\n    Lookup: {Tags: [{team: orders}], RoleArn: ""}\n    Services:\n      worker: {Access: RWMessages, ReturnValues: {QueueName: Q_NAME}}\n',
      ORDERS_LOOKUP,
    );
    assert.equal(out.files.has('sqs.json'), false);
    const w = template(out, 'worker.json');
    assert.deepEqual(env(w, 'worker'), { Q_NAME: 'orders' });
    assert.deepEqual(w.Resources.workerTosqs.Properties.PolicyDocument.Statement[0].Resource, [QUEUE_ARN]);
    assert.deepEqual(w.Resources.workerTokms.Properties.PolicyDocument.Statement[0].Resource, [KEY_ARN]);
    assertLintClean(w, 'worker.json');
  });

  test('x-sqs:: pointers in environment values', () => {
    const yaml = SERVICES.replace('  worker:\n    image: nginx\n', '  worker:\n    image: nginx\n    environment: {QUEUE: "url=x-sqs::q::QueueUrl"}\n');
    const p = renderWithVpc(`${yaml}x-sqs:\n  q:\n    Properties: {}\n`, { name: 'sq' });
    assert.deepEqual(env(template(p, 'worker.json'), 'worker').QUEUE, { 'Fn::Sub': ['url=${qQueueUrl}', { qQueueUrl: { Ref: 'sqsqQueueUrl' } }] });
  });

  test('errors, all at once: DLQ not a queue, FIFO/standard DLQ both ways, unknown access, unknown service, bad principal', () => {
    const ds = failure(
      [
        'x-sqs:',
        '  a:',
        '    Properties: {RedrivePolicy: {deadLetterTargetArn: x-sqs::nope, maxReceiveCount: 3}}',
        '  b:',
        '    Properties: {RedrivePolicy: {deadLetterTargetArn: fifo-dlq, maxReceiveCount: 3}}',
        '  c:',
        '    Properties: {FifoQueue: true, RedrivePolicy: {deadLetterTargetArn: x-sqs::std-dlq::Arn, maxReceiveCount: 3}}',
        '  fifo-dlq: {Properties: {FifoQueue: true}}',
        '  std-dlq: {}',
        '  d:',
        '    Properties: {}',
        '    MacroParameters: {AwsPrincipalsAccess: {Publish: [SNS.amazonaws.com]}}',
        '    Services:',
        '      worker: {Access: ReadWrite}',
        '      ghost: {Access: RO}',
        '  orders-dlq: {Lookup: {Tags: [{team: orders-dlq}]}}',
        '  f:',
        '    Properties: {RedrivePolicy: {deadLetterTargetArn: orders-dlq, maxReceiveCount: 3}}',
        '',
      ].join('\n'),
      ORDERS_LOOKUP,
    );
    const got = ds.filter((d) => d.severity === 'error').map((d) => [d.code, d.pos?.line, d.path]);
    assert.deepEqual(
      got.sort((x, y) => (x[1] as number) - (y[1] as number)),
      [
        ['CXQ1006', 12, 'x-sqs.a.Properties.RedrivePolicy.deadLetterTargetArn'],
        ['CXQ1007', 14, 'x-sqs.b.Properties.RedrivePolicy.deadLetterTargetArn'],
        ['CXQ1007', 16, 'x-sqs.c.Properties.RedrivePolicy.deadLetterTargetArn'],
        ['CXQ1009', 21, 'x-sqs.d.MacroParameters.AwsPrincipalsAccess.Publish[0]'],
        ['CXQ1003', 23, 'x-sqs.d.Services.worker.Access'],
        ['CXQ1001', 24, 'x-sqs.d.Services.ghost'],
        ['CXQ1007', 27, 'x-sqs.f.Properties.RedrivePolicy.deadLetterTargetArn'],
      ],
    );
    const access = ds.find((d) => d.code === 'CXQ1003');
    assert.equal(access?.expected, `one of: ${Object.keys(SQS_ACCESS).join(', ')}`);
    assert.match(ds.find((d) => d.code === 'CXQ1006')?.expected ?? '', /b, c, fifo-dlq, std-dlq, d, orders-dlq, f/);
  });

  test('errors: missing and bad lookups, clashing names', () => {
    const missing = only(failure('x-sqs:\n  orders:\n    Lookup: {Tags: [{team: x}]}\n'), 'CXK1003');
    assert.equal(missing.path, 'x-sqs.orders.Lookup');
    const bad = only(failure('x-sqs:\n  orders:\n    Lookup: {Tags: [{team: x}]}\n', { 'x-sqs::orders': { request: { Tags: [{ team: 'x' }] }, result: { QueueName: 'x' } } }), 'CXQ1008');
    assert.equal(bad.pos?.line, 12);
    const clash = only(failure('x-sqs:\n  a-b: {}\n  ab: {}\n'), 'CXQ1010');
    assert.equal(clash.path, 'x-sqs.ab');
  });
});
