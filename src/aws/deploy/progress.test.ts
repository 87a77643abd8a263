/** Poller, backoff, clock and ECS rollout units: watermark, dedupe, nested stacks, jitter, throttling, rollout states. */
import { describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { StackEventPoller } from './event-poller.js';
import { Backoff } from './backoff.js';
import { formatElapsed, systemClock } from './clock.js';
import { rolloutState, watchRollout } from './ecs-rollout.js';
import { changeSetName } from './change-set.js';
import { generatedPrefix, objectUrl } from './upload.js';
import { updatability } from './stack-status.js';
import { stable } from '../../../test/fake-aws/fake-s3.js';
import { tpl, world } from '../../../test/fake-aws/world.js';

describe('StackEventPoller', () => {
  test('reports each event once, oldest first, only after the watermark, following nested stacks through pages of 2', async () => {
    const w = world();
    const child = w.put('c.json', tpl({ A: ['AWS::SQS::Queue'], B: ['AWS::SQS::Queue'] }));
    const root = w.put('r.json', tpl({ Fam: ['AWS::CloudFormation::Stack', { TemplateURL: child }] }));
    const cs = await w.cfn.createChangeSet({ StackName: 'app', ChangeSetName: 'c', ChangeSetType: 'CREATE', TemplateURL: root, IncludeNestedStacks: true });
    await w.clock.advance(2000);
    const poller = new StackEventPoller(w.cfn, cs.StackId);
    await poller.start(); // the REVIEW_IN_PROGRESS event is history
    await w.cfn.executeChangeSet({ ChangeSetName: cs.Id });
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) {
      await w.clock.advance(3000);
      for (const e of await poller.poll()) seen.push(`${e.LogicalResourceId}:${e.ResourceStatus}`);
    }
    assert.equal(poller.stackIds.length, 2, 'root and nested stack');
    assert.equal(seen[0], 'app:CREATE_IN_PROGRESS');
    assert.equal(seen.at(-1), 'app:CREATE_COMPLETE');
    assert.ok(!seen.includes('app:REVIEW_IN_PROGRESS'));
    assert.ok(seen.includes('A:CREATE_COMPLETE') && seen.includes('B:CREATE_COMPLETE'), 'nested events');
    const childName = w.cfn.allStacks[1].name;
    assert.ok(seen.includes(`${childName}:CREATE_IN_PROGRESS`), 'the nested stack history from its start');
    assert.equal(seen.length, new Set(seen.map((x, i) => x + (x.endsWith('IN_PROGRESS') ? i : ''))).size, 'no duplicates');
    const all = w.cfn.allStacks.reduce((n, s) => n + s.events.length, 0);
    assert.equal(seen.length, all - 1, 'every event but the watermarked one');
  });

  test('an update of a nested stack skips its older history', async () => {
    const w = world();
    const c1 = w.put('c1.json', tpl({ A: ['AWS::SQS::Queue', { X: 1 }] }));
    const c2 = w.put('c2.json', tpl({ A: ['AWS::SQS::Queue', { X: 2 }] }));
    const run = async (url: string, type: 'CREATE' | 'UPDATE', name: string) => {
      const cs = await w.cfn.createChangeSet({ StackName: 'app', ChangeSetName: name, ChangeSetType: type, TemplateURL: url, IncludeNestedStacks: true });
      await w.clock.advance(2000);
      const p = new StackEventPoller(w.cfn, cs.StackId);
      await p.start();
      await w.cfn.executeChangeSet({ ChangeSetName: cs.Id });
      await w.clock.advance(60_000);
      return p.poll();
    };
    await run(w.put('r1.json', tpl({ Fam: ['AWS::CloudFormation::Stack', { TemplateURL: c1 }] })), 'CREATE', 'a');
    const events = await run(w.put('r2.json', tpl({ Fam: ['AWS::CloudFormation::Stack', { TemplateURL: c2 }] })), 'UPDATE', 'b');
    assert.ok(events.length > 0);
    assert.ok(events.every((e) => !String(e.ResourceStatus).startsWith('CREATE')), events.map((e) => e.ResourceStatus).join());
  });
});

describe('Backoff', () => {
  test('grows while idle up to the max, resets, backs off harder when throttled, jitters within ±20%', () => {
    const b = new Backoff({ minMs: 1000, maxMs: 4000, throttledMaxMs: 16000, random: () => 0.5 });
    assert.equal(b.delay(), 1000);
    b.idle();
    assert.equal(b.delay(), 1500);
    for (let i = 0; i < 10; i++) b.idle();
    assert.equal(b.delay(), 4000);
    b.throttled();
    assert.equal(b.delay(), 8000);
    b.throttled();
    b.throttled();
    assert.equal(b.delay(), 16000);
    b.reset();
    assert.equal(b.delay(), 1000);
    assert.equal(new Backoff({ minMs: 1000, random: () => 0 }).delay(), 800);
    assert.equal(new Backoff({ minMs: 1000, random: () => 0.999999 }).delay(), 1200);
  });
});

describe('clock and names', () => {
  test('systemClock.sleep uses real timers (driven here by mock.timers)', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let done = false;
      const p = systemClock.sleep(5000).then(() => (done = true));
      mock.timers.tick(4999);
      await Promise.resolve();
      assert.equal(done, false);
      mock.timers.tick(1);
      await p;
      assert.equal(done, true);
    } finally {
      mock.timers.reset();
    }
  });

  test('elapsed, change set names, prefixes, URLs', () => {
    assert.equal(formatElapsed(42_000), '42s');
    assert.equal(formatElapsed(65_000), '1m05s');
    assert.equal(formatElapsed(3_720_000), '1h02m');
    assert.equal(changeSetName('app', Date.UTC(2024, 0, 1)), 'app-ecs-compose-x-1704067200');
    assert.match(changeSetName('9lives', 0), /^cx-lives-/);
    assert.equal(generatedPrefix(Date.UTC(2024, 0, 2, 3, 4), () => 0), '2024/01/02/0304/000000/');
    assert.equal(objectUrl('b', 'us-east-1', 'a b/c.json'), 'https://b.s3.us-east-1.amazonaws.com/a%20b/c.json');
  });

  test('updatability of each stack state', () => {
    assert.equal(updatability('a', undefined, undefined, 'r').kind, 'absent');
    assert.equal(updatability('a', 'id', 'REVIEW_IN_PROGRESS', 'r').kind, 'new');
    for (const s of ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'UPDATE_FAILED']) assert.equal(updatability('a', 'id', s, 'r').kind, 'update', s);
    for (const s of ['CREATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_FAILED', 'DELETE_FAILED', 'CREATE_FAILED']) {
      assert.equal(updatability('a', 'id', s, 'r').kind, 'blocked', s);
    }
  });
});

describe('ECS rollout', () => {
  test('states: stable, in progress (two deployments, or counts differ), failed', () => {
    assert.equal(rolloutState(stable(2)).state, 'stable');
    assert.equal(rolloutState({ deployments: [{ status: 'PRIMARY', desiredCount: 2, runningCount: 1 }] }).state, 'in-progress');
    assert.equal(
      rolloutState({ deployments: [{ status: 'PRIMARY', desiredCount: 1, runningCount: 1 }, { status: 'ACTIVE', desiredCount: 1, runningCount: 1 }] }).state,
      'in-progress',
    );
    assert.deepEqual(rolloutState({ deployments: [{ status: 'PRIMARY', rolloutState: 'FAILED', rolloutStateReason: 'circuit breaker' }] }), { state: 'failed', reason: 'circuit breaker' });
  });

  test('waits for the new deployment to replace the old one, reporting changes and new service events; rides out throttling', async () => {
    const w = world();
    const arn = 'arn:aws:ecs:eu-west-1:123456789012:service/prod/web';
    w.ecs.script((a) => a === arn, [
      { afterMs: 0, service: { deployments: [{ status: 'PRIMARY', desiredCount: 2, runningCount: 0 }, { status: 'ACTIVE', desiredCount: 2, runningCount: 2 }], events: [{ id: 'e0', message: 'old history' }] } },
      { afterMs: 20_000, service: { deployments: [{ status: 'PRIMARY', desiredCount: 2, runningCount: 2 }, { status: 'ACTIVE', desiredCount: 0, runningCount: 1 }], events: [{ id: 'e1', message: '(service web) has started 2 tasks' }, { id: 'e0', message: 'old history' }] } },
      { afterMs: 60_000, service: stable(2) },
    ]);
    w.ecs.throttle(1);
    const lines: string[] = [];
    const r = await w.clock.run(watchRollout({ ecs: w.ecs, clock: w.clock, services: [{ family: 'web', cluster: 'prod', service: arn }], report: (l) => lines.push(l) }));
    assert.equal(r.ok, true);
    assert.match(lines[0], /web: PRIMARY 0\/2 running; ACTIVE 2\/2 running$/);
    assert.ok(lines.some((l) => /web: \(service web\) has started 2 tasks/.test(l)));
    assert.ok(!lines.some((l) => /old history/.test(l)));
    assert.match(lines.at(-1) ?? '', /web: PRIMARY 2\/2 running \(stable\)$/);
  });

  test('gives up after the timeout', async () => {
    const w = world();
    w.ecs.script(() => true, [{ afterMs: 0, service: { deployments: [{ status: 'PRIMARY', desiredCount: 1, runningCount: 0 }] } }]);
    const r = await w.clock.run(watchRollout({ ecs: w.ecs, clock: w.clock, services: [{ family: 'web', cluster: 'c', service: 's' }], report: () => undefined, timeoutMs: 120_000 }));
    assert.deepEqual([r.ok, r.timedOut], [false, true]);
  });
});
