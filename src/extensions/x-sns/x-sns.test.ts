import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { template } from '../../../test/helpers/render.js';
import { assertLintClean } from '../../../test/helpers/cfn-lint.js';
import { diagnosticsOf, only, renderWithVpc } from '../../../test/helpers/fixtures.js';
import type { LookupFile } from '../../lookups/recorded.js';
import { envName } from './services.js';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:orders';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ORDERS_LOOKUP: LookupFile['lookups'] = {
  'x-sns::orders': { request: { Tags: [{ team: 'orders' }] }, result: { TopicArn: TOPIC_ARN, TopicName: 'orders', KmsKeyArn: KEY_ARN } },
};

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

const render = (xsns: string, lookups: LookupFile['lookups'] = {}) => renderWithVpc(SERVICES + xsns, { name: 'sn', lookups });
const failure = (xsns: string, lookups: LookupFile['lookups'] = {}) => diagnosticsOf(() => render(xsns, lookups));

function env(t: Record<string, any>, container: string): Record<string, unknown> {
  const c = t.Resources.EcsTaskDefinition.Properties.ContainerDefinitions.find((x: Record<string, any>) => x.Name === container);
  return Object.fromEntries((c.Environment ?? []).map((e: Record<string, any>) => [e.Name, e.Value]));
}

describe('x-sns', () => {
  test('a new topic: sns stack with outputs; a family link gives Publish, env on every container, a parameter from the sns stack', () => {
    const out = render(
      'x-sns:\n  DeletionPolicy: Retain\n  connect-alarms:\n    Properties: {}\n  order-events:\n    Properties: {KmsMasterKeyId: alias/aws/sns}\n' +
        '    Services:\n      app: {Access: Publish}\n    Settings: {EnvNames: [EVENTS_TOPIC]}\n',
    );
    const sns = template(out, 'sns.json');
    assert.deepEqual(Object.keys(sns.Resources), ['connectalarms', 'orderevents']);
    assert.equal(sns.Resources.connectalarms.Type, 'AWS::SNS::Topic');
    assert.equal(sns.Resources.connectalarms.DeletionPolicy, 'Retain');
    assert.equal(sns.Resources.orderevents.Properties.KmsMasterKeyId, 'alias/aws/sns');
    assert.deepEqual(sns.Outputs.orderevents.Value, { Ref: 'orderevents' });
    assert.deepEqual(sns.Outputs.ordereventsTopicName.Value, { 'Fn::GetAtt': ['orderevents', 'TopicName'] });

    const app = template(out, 'app.json');
    for (const c of ['api', 'sidecar']) assert.deepEqual(env(app, c), { ORDER_EVENTS: { Ref: 'orderevents' }, EVENTS_TOPIC: { Ref: 'orderevents' } });
    const policy = app.Resources.appTosns;
    assert.equal(policy.Properties.PolicyName, 'appTosns');
    assert.deepEqual(policy.Properties.Roles, [{ Ref: 'EcsTaskRole' }]);
    assert.deepEqual(policy.Properties.PolicyDocument.Statement, [
      { Sid: 'SnsPublish', Effect: 'Allow', Action: ['sns:Publish'], Resource: [{ Ref: 'orderevents' }] },
      {
        Sid: 'SnsKmsKeys',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*' }],
        Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/aws/sns' } },
      },
    ]);
    assert.ok(app.Resources.EcsServiceDefinition.DependsOn.includes('appTosns'));
    const root = template(out, 'sn.json');
    assert.deepEqual(root.Resources.app.Properties.Parameters.orderevents, { 'Fn::GetAtt': ['sns', 'Outputs.orderevents'] });
    assert.equal(root.Resources.worker.Properties.Parameters?.orderevents, undefined);
    assert.equal(template(out, 'worker.json').Resources.workerTosns, undefined);
    for (const f of ['sns.json', 'app.json', 'worker.json', 'sn.json']) assertLintClean(template(out, f), f);
  });

  test('a service link applies to that container only; ReturnValues replace the default variable', () => {
    const out = render('x-sns:\n  jobs:\n    Properties: {}\n    Services:\n      sidecar:\n        Access: SNSCrudPolicy\n        ReturnValues: {TopicName: JOBS_NAME, TopicArn: {EnvVarName: JOBS_ARN}}\n');
    const app = template(out, 'app.json');
    assert.deepEqual(env(app, 'api'), {});
    assert.deepEqual(env(app, 'sidecar'), { JOBS_NAME: { Ref: 'jobsTopicName' }, JOBS_ARN: { Ref: 'jobs' } });
    const st = app.Resources.appTosns.Properties.PolicyDocument.Statement;
    assert.equal(st.length, 1);
    assert.equal(st[0].Sid, 'SnsCrud');
    assert.ok(st[0].Action.includes('sns:Subscribe'));
    assert.deepEqual(template(out, 'sn.json').Resources.app.Properties.Parameters.jobsTopicName, { 'Fn::GetAtt': ['sns', 'Outputs.jobsTopicName'] });
    assertLintClean(app, 'app.json');
  });

  test('a looked-up topic: no sns stack, literal ARN, KMS access on the recorded key', () => {
    const out = render('x-sns:\n  orders:\n    Lookup:\n      Tags: [{team: orders}]\n      RoleArn: arn:aws:iam::123456789012:role/ro\n    Services:\n      worker: {Access: Publish}\n', ORDERS_LOOKUP);
    assert.equal(out.files.has('sns.json'), false);
    const w = template(out, 'worker.json');
    assert.deepEqual(env(w, 'worker'), { ORDERS: TOPIC_ARN });
    assert.deepEqual(w.Resources.workerTosns.Properties.PolicyDocument.Statement, [
      { Sid: 'SnsPublish', Effect: 'Allow', Action: ['sns:Publish'], Resource: [TOPIC_ARN] },
      { Sid: 'SnsKmsKeys', Effect: 'Allow', Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: [KEY_ARN] },
    ]);
    assert.equal(template(out, 'sn.json').Resources.worker.DependsOn, undefined);
    assertLintClean(w, 'worker.json');
  });

  test('KMS keys: key id made an ARN, alias by alias condition on the account\'s keys, x-kms key through the kms stack', () => {
    const out = render(
      'x-kms:\n  events-key:\n    Properties: {}\n' +
        'x-sns:\n  a:\n    Properties: {KmsMasterKeyId: 1234abcd-12ab-34cd-56ef-1234567890ab}\n    Services: {worker: {Access: Publish}}\n' +
        '  b:\n    Properties: {KmsMasterKeyId: alias/app-key}\n    Services: {app: {Access: Publish}}\n' +
        '  c:\n    Properties: {KmsMasterKeyId: "x-kms::events-key"}\n    Services: {api: {Access: Publish}}\n',
    );
    const kms = (f: string) => template(out, f).Resources[`${f.replace('.json', '')}Tosns`].Properties.PolicyDocument.Statement[1];
    assert.deepEqual(kms('worker.json').Resource, [{ 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab' }]);
    assert.deepEqual(kms('app.json').Resource, [{ 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*' }]);
    assert.deepEqual(kms('app.json').Condition, { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/app-key' } });
    const sns = template(out, 'sns.json');
    assert.equal(sns.Resources.a.Properties.KmsMasterKeyId, '1234abcd-12ab-34cd-56ef-1234567890ab');
    assert.deepEqual(sns.Resources.c.Properties.KmsMasterKeyId, { Ref: 'kmseventskeyArn' });
    assert.deepEqual(template(out, 'sn.json').Resources.sns.Properties.Parameters.kmseventskeyArn, { 'Fn::GetAtt': ['kms', 'Outputs.eventskeyArn'] });
    const app = template(out, 'app.json');
    assert.deepEqual(app.Resources.appTosns.Properties.PolicyDocument.Statement.map((s: { Sid: string }) => s.Sid), ['SnsPublish', 'SnsKmsKeys', 'SnsKmsKeys1']);
    assert.deepEqual(app.Resources.appTosns.Properties.PolicyDocument.Statement[2].Resource, [{ Ref: 'kmseventskeyArn' }]);
    for (const f of ['sns.json', 'kms.json', 'app.json', 'worker.json', 'sn.json']) assertLintClean(template(out, f), f);
    assert.equal(envName('my-topic.v2'), 'MY_TOPICV2');
  });

  test('errors: unknown family/service, unknown return value, missing lookup, bad lookup result, clashing names', () => {
    const unknown = only(failure('x-sns:\n  t1:\n    Properties: {}\n    Services:\n      nope: {Access: Publish}\n'), 'CXA2001');
    assert.equal(unknown.path, 'x-sns.t1.Services.nope');
    assert.equal(unknown.pos?.line, 14);
    assert.equal(unknown.expected, 'one of: api, app, sidecar, worker');

    const rv = only(failure('x-sns:\n  t1:\n    Properties: {}\n    Services:\n      worker:\n        ReturnValues: {Arn: T1}\n'), 'CXA2002');
    assert.equal(rv.path, 'x-sns.t1.Services.worker.ReturnValues.Arn');
    assert.equal(rv.expected, 'one of: TopicArn, TopicName');

    const missing = only(failure('x-sns:\n  orders:\n    Lookup: {Tags: [{team: orders}]}\n'), 'CXK1003');
    assert.equal(missing.path, 'x-sns.orders.Lookup');
    assert.equal(missing.pos?.line, 12);

    const bad = only(
      failure('x-sns:\n  orders:\n    Lookup: {Tags: [{team: orders}]}\n', { 'x-sns::orders': { request: { Tags: [{ team: 'orders' }] }, result: { TopicName: 'x' } } }),
      'CXA2003',
    );
    assert.equal(bad.pos?.line, 12);

    const clash = only(failure('x-sns:\n  a-b:\n    Properties: {}\n  ab:\n    Properties: {}\n'), 'CXA2004');
    assert.equal(clash.path, 'x-sns.ab');
  });
});
