import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderFolder, template } from '../../../test/helpers/render.js';
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

  test('a queue encrypted with an x-kms key: the property is the key ARN, the grant is on that key only', () => {
    const out = render(
      'x-kms:\n  qkey:\n    Properties: {}\n' +
        'x-sqs:\n  jobs:\n    Properties: {KmsMasterKeyId: x-kms::qkey}\n    Services:\n      worker: {Access: SQSPollerPolicy}\n',
    );
    const sqs = template(out, 'sqs.json');
    assert.deepEqual(sqs.Resources.jobs.Properties.KmsMasterKeyId, { Ref: 'kmsqkeyArn' });
    assert.equal(sqs.Parameters.kmsqkeyArn.Type, 'String');
    const worker = template(out, 'worker.json');
    assert.deepEqual(worker.Resources.workerTokms.Properties.PolicyDocument.Statement.map((x: Record<string, any>) => [x.Action, x.Resource]), [[['kms:Decrypt'], [{ Ref: 'kmsqkeyArn' }]]]);
  });

  test('errors: missing and bad lookups, clashing names', () => {
    const missing = only(failure('x-sqs:\n  orders:\n    Lookup: {Tags: [{team: x}]}\n'), 'CXK1003');
    assert.equal(missing.path, 'x-sqs.orders.Lookup');
    const bad = only(failure('x-sqs:\n  orders:\n    Lookup: {Tags: [{team: x}]}\n', { 'x-sqs::orders': { request: { Tags: [{ team: 'x' }] }, result: { QueueName: 'x' } } }), 'CXQ1008');
    assert.equal(bad.pos?.line, 12);
    const clash = only(failure('x-sqs:\n  a-b: {}\n  ab: {}\n'), 'CXQ1010');
    assert.equal(only(failure('x-sqs:\n  q:\n    Properties: {KmsMasterKeyId: x-kms::key}\n'), 'CXY1012').pos?.line, 12);
    assert.equal(clash.path, 'x-sqs.ab');
  });

  test('example sqs-worker: topic → queue with its policy, DLQ, three steps on queue depth', () => {
    const dir = new URL('../../../../examples/sqs-worker/', import.meta.url).pathname;
    const out = renderFolder(dir, ['docker-compose.yml'], { name: 'sqs-worker' });
    assert.deepEqual(out.warnings, []);
    const sqs = template(out, 'sqs.json');
    assert.equal(sqs.Resources.jobsFromorderevents.Type, 'AWS::SNS::Subscription');
    assert.deepEqual(sqs.Resources.jobsFromorderevents.DependsOn, ['jobsPolicy']);
    assert.deepEqual(sqs.Resources.jobsFromorderevents.Properties.Endpoint, { 'Fn::GetAtt': ['jobs', 'Arn'] });
    const st = sqs.Resources.jobsPolicy.Properties.PolicyDocument.Statement;
    assert.deepEqual(st.map((x: Record<string, any>) => [x.Principal, x.Action, x.Condition]), [
      [{ Service: 'sns.amazonaws.com' }, ['sqs:SendMessage'], { ArnEquals: { 'aws:SourceArn': { Ref: 'orderevents' } } }],
    ]);
    assert.equal(template(out, 'sns.json').Resources.orderevents.Properties.Subscription, undefined);
    // sqs waits for sns (the topic ARN), never the reverse
    const root = template(out, 'sqs-worker.json');
    assert.deepEqual(root.Resources.sqs.Properties.Parameters.orderevents, { 'Fn::GetAtt': ['sns', 'Outputs.orderevents'] });
    assert.equal(JSON.stringify(root.Resources.sns).includes('["sqs"'), false);
    assert.equal(root.Resources.sns.DependsOn, undefined);

    const w = template(out, 'worker.json');
    const alarm = w.Resources.SqsScalingAlarmjobs.Properties;
    assert.equal(alarm.MetricName, 'ApproximateNumberOfMessagesVisible');
    assert.deepEqual(alarm.Dimensions, [{ Name: 'QueueName', Value: { Ref: 'sqsjobsQueueName' } }]);
    assert.equal(alarm.Threshold, 0);
    assert.deepEqual(alarm.AlarmActions, [{ Ref: 'SqsScalingOutjobs' }]);
    assert.deepEqual(alarm.OKActions, [{ Ref: 'SqsScalingInjobs' }]);
    assert.deepEqual(w.Resources.SqsScalingOutjobs.Properties.StepScalingPolicyConfiguration.StepAdjustments, [
      { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 },
      { MetricIntervalLowerBound: 10, MetricIntervalUpperBound: 100, ScalingAdjustment: 4 },
      { MetricIntervalLowerBound: 100, ScalingAdjustment: 10 },
    ]);
    assert.equal(w.Resources.SqsScalingInjobs.Properties.StepScalingPolicyConfiguration.Cooldown, 300);
    assert.deepEqual(w.Resources.ServiceScalingTarget.Properties.MaxCapacity, 10);
  });

  test('scaling: bounds relative to the first LowerBound, MaxCapacity raised (CXQ2011), last UpperBound dropped (CXQ2010), 1.x `scaling`', () => {
    const yaml = SERVICES.replace('  worker:\n    image: nginx\n', '  worker:\n    image: nginx\n    x-scaling: {Range: 1-3}\n');
    const out = renderWithVpc(
      `${yaml}x-sqs:\n  q:\n    Services:\n      worker:\n        scaling:\n          Steps:\n            - {LowerBound: 5, Count: 2}\n            - {LowerBound: 50, UpperBound: 60, Count: 6}\n`,
      { name: 'sq' },
    );
    const w = template(out, 'worker.json');
    assert.equal(w.Resources.SqsScalingAlarmq.Properties.Threshold, 5);
    assert.deepEqual(w.Resources.SqsScalingOutq.Properties.StepScalingPolicyConfiguration.StepAdjustments, [
      { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 45, ScalingAdjustment: 2 },
      { MetricIntervalLowerBound: 45, ScalingAdjustment: 6 },
    ]);
    assert.equal(w.Resources.ServiceScalingTarget.Properties.MaxCapacity, 6);
    assert.deepEqual(out.warnings.map((x) => x.code).sort(), ['CXQ2010', 'CXQ2011']);
    assertLintClean(w, 'worker.json');
  });

  test('scaling errors, all at once: overlap, gap, no Range, family twice', () => {
    const ds = failure(
      [
        'x-sqs:',
        '  a:',
        '    Services:',
        '      worker:',
        '        Scaling: {Steps: [{LowerBound: 0, UpperBound: 10, Count: 1}, {LowerBound: 5, Count: 2}]}',
        '  b:',
        '    Services:',
        '      worker:',
        '        Scaling: {Steps: [{LowerBound: 0, UpperBound: 10, Count: 1}, {LowerBound: 20, Count: 2}]}',
        '      app:',
        '        Scaling: {Steps: [{LowerBound: 0, Count: 1}]}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      ds.filter((d) => d.severity === 'error').map((d) => [d.code, d.pos?.line]).sort((x, y) => (x[1] as number) - (y[1] as number)),
      [['CXQ1012', 14], ['CXQ1011', 14], ['CXQ1012', 18], ['CXQ1011', 18], ['CXQ1012', 20]],
    );
    assert.match(ds.find((d) => d.code === 'CXQ1011')?.message ?? '', /overlap/);
    assert.match(ds.filter((d) => d.code === 'CXQ1011')[1]?.message ?? '', /gap/);
  });

  test('subscriptions: unknown queue endpoint (CXQ1020), standard topic to FIFO queue (CXQ2020), FIFO topic name (CXQ2022), looked-up queue (CXQ2021)', () => {
    const bad = failure('x-sqs:\n  q: {}\nx-sns:\n  t:\n    Properties:\n      Subscription:\n        - {Protocol: sqs, Endpoint: x-sqs::nope::Arn}\n        - {Protocol: sqs, Endpoint: unknown}\n        - {Protocol: email, Endpoint: ops@example.com}\n');
    assert.deepEqual(bad.filter((d) => d.severity === 'error').map((d) => [d.code, d.pos?.line, d.path]), [
      ['CXQ1020', 16, 'x-sns.t.Properties.Subscription[0].Endpoint'],
      ['CXQ1020', 17, 'x-sns.t.Properties.Subscription[1].Endpoint'],
    ]);
    assert.match(bad[0].expected ?? '', /\(q\)/);
    const out = render(
      'x-sqs:\n  f:\n    Properties: {FifoQueue: true}\n  orders:\n    Lookup: {Tags: [{team: orders}]}\nx-sns:\n  t:\n    Properties:\n      Subscription:\n        - {Protocol: sqs, Endpoint: x-sqs::f::Arn}\n        - {Protocol: sqs, Endpoint: orders, RawMessageDelivery: true}\n        - {Protocol: email, Endpoint: ops@example.com}\n' +
        '  ft:\n    Properties: {FifoTopic: true, TopicName: events, Subscription: [{Protocol: sqs, Endpoint: x-sqs::f}]}\n',
      ORDERS_LOOKUP,
    );
    // CXQ2023: the looked-up queue is encrypted with a key whose policy is not ours
    assert.deepEqual(out.warnings.map((w) => w.code).sort(), ['CXQ2020', 'CXQ2021', 'CXQ2022', 'CXQ2023']);
    assert.match(out.warnings.find((w) => w.code === 'CXQ2023')?.hint ?? '', /sns.amazonaws.com use kms:GenerateDataKey and kms:Decrypt/);
    const sns = template(out, 'sns.json');
    assert.deepEqual(sns.Resources.t.Properties.Subscription, [{ Protocol: 'email', Endpoint: 'ops@example.com' }]);
    assert.equal(sns.Resources.ft.Properties.TopicName, 'events.fifo');
    const sqs = template(out, 'sqs.json');
    assert.deepEqual(sqs.Resources.ordersFromt.Properties, { RawMessageDelivery: true, TopicArn: { Ref: 't' }, Protocol: 'sqs', Endpoint: { Ref: 'ordersArn' } });
    assert.equal(sqs.Resources.ordersFromt.DependsOn, undefined);
    assert.deepEqual(sqs.Resources.fPolicy.Properties.PolicyDocument.Statement.map((x: Record<string, any>) => x.Sid), ['Fromt', 'Fromft']);
    assert.equal(template(out, 'sq.json').Resources.sqs.Properties.Parameters.ordersArn, QUEUE_ARN);
    for (const f of ['sqs.json', 'sns.json', 'sq.json']) assertLintClean(template(out, f), f);
  });
});
