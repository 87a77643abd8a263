/** `up` end to end against the fake CloudFormation/ECS: new stack, update, no changes, failures, blocked states, throttling. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../diagnostics/diagnostic.js';
import { runUp } from './up.js';
import { RecordingHost, tpl, world, type World } from '../../../test/fake-aws/world.js';

function v1(w: World): string {
  const fam = w.put('p/web.json', tpl({ Td: ['AWS::ECS::TaskDefinition', { Cpu: '256' }], Svc: ['AWS::ECS::Service', { Cluster: 'prod', DesiredCount: 1 }] }));
  return w.put('p/app.json', tpl({ Role: ['AWS::IAM::Role'], web: ['AWS::CloudFormation::Stack', { TemplateURL: fam }] }));
}

function v2(w: World): string {
  const fam = w.put('q/web.json', tpl({ Td: ['AWS::ECS::TaskDefinition', { Cpu: '512' }], Svc: ['AWS::ECS::Service', { Cluster: 'prod', DesiredCount: 2 }] }));
  return w.put('q/app.json', tpl({ Role: ['AWS::IAM::Role'], web: ['AWS::CloudFormation::Stack', { TemplateURL: fam }] }));
}

const up = (w: World, templateUrl: string, extra: { disableRollback?: boolean } = {}) => w.clock.run(runUp(w.ctx, { stackName: 'app', templateUrl, ...extra }));

describe('up', () => {
  test('a new stack: CREATE change set with nested stacks and capabilities, events of root and nested stack, ECS rollout', async () => {
    const w = world();
    const code = await up(w, v1(w));
    assert.equal(code, 0, w.host.text());
    const create = w.cfn.calls.find((c) => c.op === 'createChangeSet')?.input as Record<string, unknown>;
    assert.equal(create.ChangeSetType, 'CREATE');
    assert.equal(create.IncludeNestedStacks, true);
    assert.deepEqual(create.Capabilities, ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND']);
    assert.equal(w.cfn.stack('app')?.status, 'CREATE_COMPLETE');
    const log = w.host.text('info');
    assert.match(log, /CREATE_IN_PROGRESS\s+AWS::CloudFormation::Stack\s+app\s+User Initiated/);
    assert.match(log, /CREATE_COMPLETE\s+AWS::ECS::Service\s+web\/Svc/, 'nested stack events are followed');
    assert.match(log, /CREATE_COMPLETE\s+AWS::CloudFormation::Stack\s+app\n/);
    // each event once
    const lines = log.split('\n').filter((l) => /web\/Svc/.test(l) && /CREATE_COMPLETE/.test(l));
    assert.equal(lines.length, 1);
    assert.match(w.host.text('result'), /Stack app: CREATE_COMPLETE in \d+s/);
    assert.match(w.host.text('result'), /ECS services stable: web/);
    const ds = w.ecs.calls[0].input as { cluster: string; services: string[] };
    assert.equal(ds.cluster, 'prod');
  });

  test('an update uses an UPDATE change set and shows only the new events', async () => {
    const w = world();
    assert.equal(await up(w, v1(w)), 0);
    w.host.messages.length = 0;
    const code = await up(w, v2(w));
    assert.equal(code, 0, w.host.text());
    const creates = w.cfn.calls.filter((c) => c.op === 'createChangeSet').map((c) => (c.input as { ChangeSetType: string }).ChangeSetType);
    assert.deepEqual(creates, ['CREATE', 'UPDATE']);
    const log = w.host.text('info');
    assert.doesNotMatch(log, /CREATE_COMPLETE/, 'history of the first deploy is not repeated');
    assert.match(log, /UPDATE_COMPLETE\s+AWS::ECS::Service\s+web\/Svc/);
    assert.match(log, /UPDATE_COMPLETE\s+AWS::CloudFormation::Stack\s+app\n/);
    assert.equal(w.cfn.stack('app')?.status, 'UPDATE_COMPLETE');
  });

  test('no changes: clean success and the empty change set is deleted', async () => {
    const w = world();
    const url = v1(w);
    assert.equal(await up(w, url), 0);
    w.host.messages.length = 0;
    assert.equal(await up(w, url), 0);
    assert.match(w.host.text('result'), /No changes: stack app is up to date/);
    assert.equal(w.cfn.calls.filter((c) => c.op === 'executeChangeSet').length, 1);
    assert.equal(w.cfn.calls.filter((c) => c.op === 'deleteChangeSet').length, 1);
    assert.deepEqual(w.cfn.changeSetsOf(w.cfn.stack('app')?.id ?? ''), []);
    assert.equal(w.cfn.stack('app')?.status, 'CREATE_COMPLETE', 'the stack is untouched');
  });

  test('a failure with rollback: first failures with reasons, final state, what to do, exit 1', async () => {
    const w = world();
    w.cfn.failOn('Svc', 'Resource handler returned message: "Invalid request provided: subnet-123 not found"');
    const code = await up(w, v1(w));
    assert.equal(code, 1);
    const err = w.host.text('error');
    assert.match(err, /Stack app failed: ROLLBACK_COMPLETE/);
    assert.match(err, /First failures:\n {2}web\/Svc \(AWS::ECS::Service\) CREATE_FAILED: Resource handler returned message: "Invalid request provided: subnet-123 not found"/);
    assert.doesNotMatch(err, /Embedded stack/, 'the nested stack echo is not a root cause');
    assert.match(err, /must be deleted before the next attempt: `ecs-compose-x down -n app`/);
    assert.equal(w.ecs.calls.length, 0, 'no rollout watch after a failure');
  });

  test('--disable-rollback: passed on execute, resources kept, rollback command printed', async () => {
    const w = world();
    w.cfn.failOn('Svc', 'boom');
    const code = await up(w, v1(w), { disableRollback: true });
    assert.equal(code, 1);
    const exec = w.cfn.calls.find((c) => c.op === 'executeChangeSet')?.input as Record<string, unknown>;
    assert.equal(exec.DisableRollback, true);
    assert.equal(w.cfn.stack('app')?.status, 'CREATE_FAILED');
    assert.ok(w.cfn.stack('app')?.resources.has('web'), 'resources are kept');
    assert.match(w.host.text('error'), /Stack app failed: CREATE_FAILED/);
    assert.match(w.host.text('error'), /aws cloudformation rollback-stack --stack-name app --region eu-west-1/);
  });

  test('an update failure rolls back to UPDATE_ROLLBACK_COMPLETE and exits 1', async () => {
    const w = world();
    assert.equal(await up(w, v1(w)), 0);
    w.cfn.failOn('Svc', 'Service did not stabilize', 'update');
    assert.equal(await up(w, v2(w)), 1);
    assert.match(w.host.text('error'), /Stack app failed: UPDATE_ROLLBACK_COMPLETE/);
    assert.match(w.host.text('error'), /Svc \(AWS::ECS::Service\) UPDATE_FAILED: Service did not stabilize/);
    assert.match(w.host.text('error'), /back to its previous state/);
  });

  for (const [status, expect] of [
    ['UPDATE_IN_PROGRESS', /busy \(UPDATE_IN_PROGRESS\)/],
    ['ROLLBACK_COMPLETE', /delete it first/],
    ['UPDATE_ROLLBACK_FAILED', /continue-update-rollback --stack-name app/],
  ] as const) {
    test(`a stack in ${status} is not touched: explanation, hint, no change set`, async () => {
      const w = world();
      w.cfn.setStatus('app', status);
      await assert.rejects(up(w, v1(w)), (e: unknown) => {
        assert.ok(UserError.is(e));
        const d = e.diagnostics[0];
        assert.equal(d.code, 'CXD5001');
        assert.match(`${d.message} ${d.hint ?? ''}`, expect);
        return true;
      });
      assert.equal(w.cfn.calls.filter((c) => c.op === 'createChangeSet').length, 0);
    });
  }

  test('throttling on DescribeStackEvents slows the poller down but the deploy completes', async () => {
    const w = world();
    const url = v1(w);
    // Let the change set be created, then throttle the event polls.
    const run = runUp(w.ctx, { stackName: 'app', templateUrl: url });
    const origCreate = w.cfn.executeChangeSet.bind(w.cfn);
    w.cfn.executeChangeSet = async (i) => {
      w.cfn.throttle('describeStackEvents', 4);
      return origCreate(i);
    };
    assert.equal(await w.clock.run(run), 0, w.host.text());
    assert.match(w.host.text('info'), /throttled DescribeStackEvents 4 time\(s\)/);
    assert.equal(w.cfn.stack('app')?.status, 'CREATE_COMPLETE');
    const ids = w.host.text('info').split('\n').filter((l) => /CREATE_COMPLETE\s+AWS::CloudFormation::Stack\s+app$/.test(l));
    assert.equal(ids.length, 1, 'no duplicate events after throttling');
  });

  test('the live view on a TTY redraws resources with elapsed time', async () => {
    const w = world({ host: new RecordingHost(true) });
    assert.equal(await up(w, v1(w)), 0);
    const progress = w.host.text('progress');
    assert.match(progress, /\x1b\[\d+A\x1b\[0J/, 'redraws in place');
    assert.match(progress, /… web\/Svc\s+AWS::ECS::Service\s+CREATE_IN_PROGRESS\s+\d+s/);
    assert.match(progress, /✔ web\/Svc\s+AWS::ECS::Service\s+CREATE_COMPLETE\s+\d+s/);
    assert.match(progress, /app {2}CREATE_IN_PROGRESS {2}\d+s/);
    assert.equal(w.host.text('info').includes('AWS::ECS::Service'), false, 'no plain event lines');
  });

  test('a failed ECS rollout after CREATE_COMPLETE exits 1 with the reason', async () => {
    const w = world();
    w.ecs.script(() => true, [
      { afterMs: 0, service: { desiredCount: 1, runningCount: 0, deployments: [{ status: 'PRIMARY', desiredCount: 1, runningCount: 0, rolloutState: 'IN_PROGRESS' }] } },
      {
        afterMs: 30_000,
        service: {
          desiredCount: 1,
          runningCount: 0,
          deployments: [{ status: 'PRIMARY', desiredCount: 1, runningCount: 0, failedTasks: 3, rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' }],
        },
      },
    ]);
    assert.equal(await up(w, v1(w)), 1);
    assert.match(w.host.text('error'), /The ECS rollout failed:\n {2}web: PRIMARY 0\/1 running, 3 failed tasks \(ECS deployment circuit breaker: tasks failed to start\.\)/);
  });
});
