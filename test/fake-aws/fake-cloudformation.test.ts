/** Checks the fake CloudFormation against its behaviour spec (fake-cloudformation.md; rule numbers in test names). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { tpl, world, type World } from './world.js';

async function allEvents(w: World, stack: string): Promise<StackEvent[]> {
  const out: StackEvent[] = [];
  let token: string | undefined;
  do {
    const r = await w.cfn.describeStackEvents({ StackName: stack, NextToken: token });
    out.push(...r.StackEvents);
    token = r.NextToken;
  } while (token);
  return out;
}

async function until(w: World, stack: string, done: (s: string) => boolean): Promise<string> {
  for (let i = 0; i < 10_000; i++) {
    const s = (await w.cfn.describeStacks({ StackName: stack })).Stacks[0].StackStatus ?? '';
    if (done(s)) return s;
    await w.clock.advance(1000);
  }
  throw new Error('never settled');
}

const terminal = (s: string) => !s.endsWith('_IN_PROGRESS') || s === 'REVIEW_IN_PROGRESS';

async function changeSet(w: World, name: string, url: string, type: 'CREATE' | 'UPDATE', csName = 'cs1') {
  const r = await w.cfn.createChangeSet({
    StackName: name,
    ChangeSetName: csName,
    ChangeSetType: type,
    TemplateURL: url,
    IncludeNestedStacks: true,
    Capabilities: ['CAPABILITY_IAM'],
  });
  await w.clock.advance(2000);
  return r;
}

async function deploy(w: World, name: string, url: string, type: 'CREATE' | 'UPDATE', opts: { disableRollback?: boolean; csName?: string } = {}) {
  const r = await changeSet(w, name, url, type, opts.csName);
  await w.cfn.executeChangeSet({ ChangeSetName: r.Id, DisableRollback: opts.disableRollback });
  return until(w, r.StackId, (s) => !s.endsWith('_IN_PROGRESS'));
}

describe('fake CloudFormation', () => {
  test('1.2/3.2 CREATE change set makes a REVIEW_IN_PROGRESS stack; unknown names fail', async () => {
    const w = world();
    await assert.rejects(w.cfn.describeStacks({ StackName: 'app' }), { name: 'ValidationError', message: /does not exist/ });
    const url = w.put('a.json', tpl({ Q: ['AWS::SQS::Queue'] }));
    const r = await w.cfn.createChangeSet({ StackName: 'app', ChangeSetName: 'cs1', ChangeSetType: 'CREATE', TemplateURL: url });
    assert.match(r.StackId, /^arn:aws:cloudformation:eu-west-1:123456789012:stack\/app\//);
    assert.equal(w.cfn.stack('app')?.status, 'REVIEW_IN_PROGRESS');
    await assert.rejects(w.cfn.createChangeSet({ StackName: 'other', ChangeSetName: 'cs1', ChangeSetType: 'UPDATE', TemplateURL: url }), /does not exist/);
  });

  test('3.1 validation: change set name, template URL, IAM capability', async () => {
    const w = world();
    const url = w.put('a.json', tpl({ R: ['AWS::IAM::Role'] }));
    await assert.rejects(w.cfn.createChangeSet({ StackName: 'a', ChangeSetName: '1bad', ChangeSetType: 'CREATE', TemplateURL: url }), { name: 'ValidationError' });
    await assert.rejects(w.cfn.createChangeSet({ StackName: 'a', ChangeSetName: 'ok', ChangeSetType: 'CREATE', TemplateURL: url + 'x' }), { name: 'ValidationError' });
    await assert.rejects(w.cfn.createChangeSet({ StackName: 'a', ChangeSetName: 'ok', ChangeSetType: 'CREATE', TemplateURL: url }), {
      name: 'InsufficientCapabilitiesException',
    });
  });

  test('3.3/4.1/2.1-2.4 create: change set completes, resources one at a time, events newest first in pages of 2', async () => {
    const w = world();
    const url = w.put('a.json', tpl({ A: ['AWS::SQS::Queue'], B: ['AWS::SNS::Topic'] }));
    const r = await w.cfn.createChangeSet({ StackName: 'app', ChangeSetName: 'cs1', ChangeSetType: 'CREATE', TemplateURL: url });
    assert.equal((await w.cfn.describeChangeSet({ ChangeSetName: r.Id })).Status, 'CREATE_IN_PROGRESS');
    await w.clock.advance(2000);
    const d = await w.cfn.describeChangeSet({ ChangeSetName: 'cs1', StackName: 'app' });
    assert.equal(d.Status, 'CREATE_COMPLETE');
    assert.deepEqual(d.Changes.map((c) => [c.ResourceChange?.Action, c.ResourceChange?.LogicalResourceId]), [['Add', 'A'], ['Add', 'B']]);
    await w.cfn.executeChangeSet({ ChangeSetName: r.Id });
    assert.equal(await until(w, 'app', terminal), 'CREATE_COMPLETE');

    const first = await w.cfn.describeStackEvents({ StackName: 'app' });
    assert.equal(first.StackEvents.length, 2);
    assert.ok(first.NextToken);
    const events = await allEvents(w, 'app');
    const seq = events.map((e) => `${e.LogicalResourceId}:${e.ResourceStatus}`).reverse();
    assert.deepEqual(seq, [
      'app:REVIEW_IN_PROGRESS',
      'app:CREATE_IN_PROGRESS',
      'A:CREATE_IN_PROGRESS',
      'A:CREATE_IN_PROGRESS',
      'A:CREATE_COMPLETE',
      'B:CREATE_IN_PROGRESS',
      'B:CREATE_IN_PROGRESS',
      'B:CREATE_COMPLETE',
      'app:CREATE_COMPLETE',
    ]);
    const times = events.map((e) => e.Timestamp?.getTime() ?? 0);
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    assert.equal(new Set(events.map((e) => e.EventId)).size, events.length, '2.5 unique ids');
    const aEvents = events.filter((e) => e.LogicalResourceId === 'A').reverse();
    assert.equal(aEvents[0].PhysicalResourceId, '');
    assert.equal(aEvents[1].ResourceStatusReason, 'Resource creation Initiated');
    assert.equal(events.at(-2)?.ResourceStatusReason, 'User Initiated');
  });

  test('2.2 a NextToken stays valid while new events arrive', async () => {
    const w = world();
    const url = w.put('a.json', tpl({ A: ['AWS::SQS::Queue'], B: ['AWS::SQS::Queue'], C: ['AWS::SQS::Queue'] }));
    const r = await changeSet(w, 'app', url, 'CREATE');
    await w.cfn.executeChangeSet({ ChangeSetName: r.Id });
    await w.clock.advance(8000);
    const p1 = await w.cfn.describeStackEvents({ StackName: 'app' });
    const afterP1 = (await allEvents(w, 'app')).slice(2).map((e) => e.EventId);
    await w.clock.advance(20000); // more events arrive
    const rest: string[] = [];
    let token = p1.NextToken;
    while (token) {
      const p = await w.cfn.describeStackEvents({ StackName: 'app', NextToken: token });
      rest.push(...p.StackEvents.map((e) => e.EventId ?? ''));
      token = p.NextToken;
    }
    assert.deepEqual(rest, afterP1);
  });

  test('3.3 an UPDATE without changes fails with the "didn\'t contain changes" reason', async () => {
    const w = world();
    const url = w.put('a.json', tpl({ A: ['AWS::SQS::Queue'] }));
    await deploy(w, 'app', url, 'CREATE');
    const r = await changeSet(w, 'app', url, 'UPDATE', 'cs2');
    const d = await w.cfn.describeChangeSet({ ChangeSetName: r.Id });
    assert.equal(d.Status, 'FAILED');
    assert.match(String(d.StatusReason), /didn't contain changes/);
    await assert.rejects(w.cfn.executeChangeSet({ ChangeSetName: r.Id }), { name: 'InvalidChangeSetStatusException' });
  });

  test('3.4/3.5/3.6 modify with replacement, removal, nested change sets, pages of 2', async () => {
    const w = world();
    const child1 = w.put('c1.json', tpl({ Td: ['AWS::ECS::TaskDefinition', { Cpu: '256' }], Svc: ['AWS::ECS::Service', { DesiredCount: 1 }] }));
    const v1 = w.put('r1.json', tpl({ Q: ['AWS::SQS::Queue', { DelaySeconds: 1 }], Old: ['AWS::SNS::Topic'], Fam: ['AWS::CloudFormation::Stack', { TemplateURL: child1 }] }));
    assert.equal(await deploy(w, 'app', v1, 'CREATE'), 'CREATE_COMPLETE');
    const child2 = w.put('c2.json', tpl({ Td: ['AWS::ECS::TaskDefinition', { Cpu: '512' }], Svc: ['AWS::ECS::Service', { DesiredCount: 2 }] }));
    const v2 = w.put('r2.json', tpl({ Q: ['AWS::SQS::Queue', { DelaySeconds: 2 }], New: ['AWS::SNS::Topic'], Fam: ['AWS::CloudFormation::Stack', { TemplateURL: child2 }] }));
    const r = await changeSet(w, 'app', v2, 'UPDATE', 'cs2');
    const d1 = await w.cfn.describeChangeSet({ ChangeSetName: r.Id });
    assert.equal(d1.Changes.length, 2);
    const d2 = await w.cfn.describeChangeSet({ ChangeSetName: r.Id, NextToken: String(d1.NextToken) });
    const changes = [...d1.Changes, ...d2.Changes].map((c) => c.ResourceChange);
    assert.deepEqual(
      changes.map((c) => [c?.Action, c?.LogicalResourceId, c?.Replacement]),
      [
        ['Modify', 'Q', 'False'],
        ['Add', 'New', undefined],
        ['Modify', 'Fam', 'False'],
        ['Remove', 'Old', undefined],
      ],
    );
    const nestedId = changes[2]?.ChangeSetId;
    assert.ok(nestedId);
    const nested = await w.cfn.describeChangeSet({ ChangeSetName: nestedId });
    assert.equal(nested.ParentChangeSetId, r.Id);
    assert.deepEqual(
      nested.Changes.map((c) => [c.ResourceChange?.LogicalResourceId, c.ResourceChange?.Replacement, c.ResourceChange?.Details?.map((x) => x.Target?.Name)]),
      [
        ['Td', 'True', ['Cpu']],
        ['Svc', 'False', ['DesiredCount']],
      ],
    );
  });

  test('4.3 update removes resources during cleanup', async () => {
    const w = world();
    await deploy(w, 'app', w.put('1.json', tpl({ A: ['AWS::SQS::Queue'], B: ['AWS::SQS::Queue'] })), 'CREATE');
    assert.equal(await deploy(w, 'app', w.put('2.json', tpl({ A: ['AWS::SQS::Queue'] })), 'UPDATE', { csName: 'cs2' }), 'UPDATE_COMPLETE');
    const seq = (await allEvents(w, 'app')).map((e) => `${e.LogicalResourceId}:${e.ResourceStatus}`).slice(0, 4);
    assert.deepEqual(seq, ['app:UPDATE_COMPLETE', 'B:DELETE_COMPLETE', 'B:DELETE_IN_PROGRESS', 'app:UPDATE_COMPLETE_CLEANUP_IN_PROGRESS']);
    const res = await w.cfn.listStackResources({ StackName: 'app' });
    assert.deepEqual(res.StackResourceSummaries.map((r) => r.LogicalResourceId), ['A']);
  });

  test('1.3/1.4/4.2 nested stacks: named after the parent, physical IDs, child runs inside the parent resource', async () => {
    const w = world();
    const child = w.put('c.json', tpl({ Svc: ['AWS::ECS::Service', { Cluster: 'prod' }] }));
    const root = w.put('r.json', tpl({ Fam: ['AWS::CloudFormation::Stack', { TemplateURL: child }] }));
    assert.equal(await deploy(w, 'app', root, 'CREATE'), 'CREATE_COMPLETE');
    const fam = (await w.cfn.listStackResources({ StackName: 'app' })).StackResourceSummaries[0];
    assert.match(String(fam.PhysicalResourceId), /:stack\/app-Fam-FAKE\d+\//);
    const childStack = (await w.cfn.describeStacks({ StackName: fam.PhysicalResourceId })).Stacks[0];
    assert.equal(childStack.ParentId, w.cfn.stack('app')?.id);
    const svc = (await w.cfn.listStackResources({ StackName: fam.PhysicalResourceId })).StackResourceSummaries[0];
    assert.match(String(svc.PhysicalResourceId), /^arn:aws:ecs:eu-west-1:123456789012:service\/prod\/app-Fam-FAKE\d+-Svc-FAKE\d+$/);
    const parentEvents = (await allEvents(w, 'app')).filter((e) => e.LogicalResourceId === 'Fam');
    const childEvents = await allEvents(w, String(fam.PhysicalResourceId));
    const t = (e: StackEvent | undefined) => e?.Timestamp?.getTime() ?? 0;
    assert.ok(t(childEvents.at(-1)) >= t(parentEvents.at(-1)), 'child starts after the parent resource');
    assert.ok(t(childEvents[0]) <= t(parentEvents[0]), 'child ends before the parent resource');
  });

  test('4.5 a failed create rolls back to ROLLBACK_COMPLETE, deleting what was created', async () => {
    const w = world();
    w.cfn.failOn('B', 'Resource handler returned message: "boom"');
    assert.equal(await deploy(w, 'app', w.put('a.json', tpl({ A: ['AWS::SQS::Queue'], B: ['AWS::SQS::Queue'] })), 'CREATE'), 'ROLLBACK_COMPLETE');
    const seq = (await allEvents(w, 'app')).map((e) => `${e.LogicalResourceId}:${e.ResourceStatus}`).reverse();
    assert.deepEqual(seq.slice(seq.indexOf('B:CREATE_FAILED')), [
      'B:CREATE_FAILED',
      'app:ROLLBACK_IN_PROGRESS',
      'B:DELETE_IN_PROGRESS',
      'B:DELETE_COMPLETE',
      'A:DELETE_IN_PROGRESS',
      'A:DELETE_COMPLETE',
      'app:ROLLBACK_COMPLETE',
    ]);
    assert.match(String(w.cfn.stack('app')?.events.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')?.ResourceStatusReason), /failed to create: \[B\]/);
  });

  test('4.5/4.6 a failed nested update rolls the child and the parent back', async () => {
    const w = world();
    const c1 = w.put('c1.json', tpl({ Svc: ['AWS::ECS::Service', { DesiredCount: 1 }] }));
    await deploy(w, 'app', w.put('r1.json', tpl({ Fam: ['AWS::CloudFormation::Stack', { TemplateURL: c1 }] })), 'CREATE');
    w.cfn.failOn('Svc', 'Service did not stabilize', 'update');
    const c2 = w.put('c2.json', tpl({ Svc: ['AWS::ECS::Service', { DesiredCount: 3 }] }));
    const status = await deploy(w, 'app', w.put('r2.json', tpl({ Fam: ['AWS::CloudFormation::Stack', { TemplateURL: c2 }] })), 'UPDATE', { csName: 'cs2' });
    assert.equal(status, 'UPDATE_ROLLBACK_COMPLETE');
    const famEvents = (await allEvents(w, 'app')).filter((e) => e.LogicalResourceId === 'Fam');
    assert.match(String(famEvents.find((e) => e.ResourceStatus === 'UPDATE_FAILED')?.ResourceStatusReason), /^Embedded stack arn:.* was not successfully updated: The following resource\(s\) failed to update: \[Svc\]/);
    const childId = w.cfn.stack('app')?.resources.get('Fam')?.physicalId ?? '';
    assert.equal(w.cfn.stackById(childId)?.status, 'UPDATE_ROLLBACK_COMPLETE');
    assert.deepEqual(w.cfn.stackById(childId)?.resources.get('Svc')?.properties, { DesiredCount: 1 });
  });

  test('4.7 DisableRollback stops in CREATE_FAILED and keeps resources', async () => {
    const w = world();
    w.cfn.failOn('B', 'boom');
    const status = await deploy(w, 'app', w.put('a.json', tpl({ A: ['AWS::SQS::Queue'], B: ['AWS::SQS::Queue'] })), 'CREATE', { disableRollback: true });
    assert.equal(status, 'CREATE_FAILED');
    assert.deepEqual([...(w.cfn.stack('app')?.resources.keys() ?? [])], ['A', 'B']);
    assert.equal((await w.cfn.describeStacks({ StackName: 'app' })).Stacks[0].DisableRollback, true);
  });

  test('3.2 UPDATE on a busy or rolled-back stack is refused; 4.8 delete', async () => {
    const w = world();
    const url = w.put('a.json', tpl({ A: ['AWS::SQS::Queue'] }));
    w.cfn.setStatus('busy', 'UPDATE_IN_PROGRESS');
    await assert.rejects(w.cfn.createChangeSet({ StackName: 'busy', ChangeSetName: 'x', ChangeSetType: 'UPDATE', TemplateURL: url }), /is in UPDATE_IN_PROGRESS state and can not be updated/);
    await assert.rejects(w.cfn.deleteStack({ StackName: 'busy' }), { name: 'ValidationError' });
    w.cfn.setStatus('dead', 'ROLLBACK_COMPLETE');
    await assert.rejects(w.cfn.createChangeSet({ StackName: 'dead', ChangeSetName: 'x', ChangeSetType: 'CREATE', TemplateURL: url }), { name: 'AlreadyExistsException' });

    await deploy(w, 'app', url, 'CREATE');
    const id = w.cfn.stack('app')?.id ?? '';
    await w.cfn.deleteStack({ StackName: 'app' });
    assert.equal(await until(w, id, (s) => !s.endsWith('_IN_PROGRESS')), 'DELETE_COMPLETE');
    await assert.rejects(w.cfn.describeStacks({ StackName: 'app' }), /does not exist/);
    assert.equal((await w.cfn.describeStacks({ StackName: id })).Stacks[0].StackStatus, 'DELETE_COMPLETE');
    await w.cfn.deleteStack({ StackName: 'app' }); // absent: no-op
  });

  test('3.8/4.8 deleting a change set; deleting a REVIEW_IN_PROGRESS stack is immediate', async () => {
    const w = world();
    const r = await changeSet(w, 'app', w.put('a.json', tpl({ A: ['AWS::SQS::Queue'] })), 'CREATE');
    await w.cfn.deleteChangeSet({ ChangeSetName: r.Id });
    await assert.rejects(w.cfn.describeChangeSet({ ChangeSetName: r.Id }), { name: 'ChangeSetNotFoundException' });
    await w.cfn.deleteStack({ StackName: r.StackId });
    assert.equal(w.cfn.stackById(r.StackId)?.status, 'DELETE_COMPLETE');
  });

  test('5.2 throttling and 5.4 call log', async () => {
    const w = world();
    w.cfn.throttle('describeStacks', 2);
    await assert.rejects(w.cfn.describeStacks({ StackName: 'x' }), { name: 'Throttling', message: 'Rate exceeded' });
    await assert.rejects(w.cfn.describeStacks({ StackName: 'x' }), { name: 'Throttling' });
    await assert.rejects(w.cfn.describeStacks({ StackName: 'x' }), { name: 'ValidationError' });
    assert.deepEqual(w.cfn.calls.map((c) => c.op), ['describeStacks', 'describeStacks', 'describeStacks']);
  });
});
