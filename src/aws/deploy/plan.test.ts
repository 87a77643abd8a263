/** `plan`: change set type, readable table with nested changes, apply / cleanup / keep, and what cleanup may delete. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runPlan } from './plan.js';
import { runUp } from './up.js';
import { planTable } from './plan-table.js';
import { RecordingHost, tpl, world, type World } from '../../../test/fake-aws/world.js';

function v1(w: World): string {
  const fam = w.put('1/web.json', tpl({ Td: ['AWS::ECS::TaskDefinition', { Cpu: '256' }], Svc: ['AWS::ECS::Service', { DesiredCount: 1 }] }));
  return w.put('1/app.json', tpl({ Old: ['AWS::SNS::Topic'], web: ['AWS::CloudFormation::Stack', { TemplateURL: fam }] }));
}
function v2(w: World): string {
  const fam = w.put('2/web.json', tpl({ Td: ['AWS::ECS::TaskDefinition', { Cpu: '512' }], Svc: ['AWS::ECS::Service', { DesiredCount: 2 }] }));
  return w.put('2/app.json', tpl({ Queue: ['AWS::SQS::Queue'], web: ['AWS::CloudFormation::Stack', { TemplateURL: fam }] }));
}

describe('plan', () => {
  test('an existing stack: UPDATE change set, table of adds/modifies (replacement)/removals incl. nested, --cleanup keeps the stack', async () => {
    const w = world();
    assert.equal(await w.clock.run(runUp(w.ctx, { stackName: 'app', templateUrl: v1(w) })), 0);
    w.host.messages.length = 0;
    const code = await w.clock.run(runPlan(w.ctx, { stackName: 'app', templateUrl: v2(w), cleanup: true }));
    assert.equal(code, 0);
    const creates = w.cfn.calls.filter((c) => c.op === 'createChangeSet').map((c) => (c.input as { ChangeSetType: string }).ChangeSetType);
    assert.deepEqual(creates, ['CREATE', 'UPDATE']);
    const table = w.host.text('result');
    assert.match(table, /Changes to stack app: 1 to add, 3 to modify, 1 to remove/);
    const rows = table.split('\n').map((l) => l.trim().replace(/\s+/g, ' '));
    assert.ok(rows.includes('+ Add app Queue AWS::SQS::Queue'), table);
    assert.ok(rows.includes('~ Modify app web AWS::CloudFormation::Stack no (TemplateURL)'), table);
    assert.ok(rows.includes('~ Modify web Td AWS::ECS::TaskDefinition REPLACED (Cpu)'), table);
    assert.ok(rows.includes('~ Modify web Svc AWS::ECS::Service no (DesiredCount)'), table);
    assert.ok(rows.includes('- Remove app Old AWS::SNS::Topic'), table);
    assert.match(table, /\+ +Add[^]*~ +Modify[^]*- +Remove/, 'adds, then modifies, then removals');
    // cleanup: change set gone, stack untouched
    assert.equal(w.cfn.calls.filter((c) => c.op === 'deleteChangeSet').length, 1);
    assert.equal(w.cfn.calls.filter((c) => c.op === 'deleteStack').length, 0);
    assert.equal(w.cfn.stack('app')?.status, 'CREATE_COMPLETE');
    assert.deepEqual(w.cfn.changeSetsOf(w.cfn.stack('app')?.id ?? ''), []);
  });

  test('a new stack: CREATE change set; cleanup deletes the change set and the empty REVIEW_IN_PROGRESS stack', async () => {
    const w = world();
    assert.equal(await w.clock.run(runPlan(w.ctx, { stackName: 'app', templateUrl: v1(w), cleanup: true })), 0);
    assert.match(w.host.text('result'), /4 to add, 0 to modify, 0 to remove/);
    assert.equal(w.cfn.stack('app'), undefined);
    assert.equal(w.cfn.calls.filter((c) => c.op === 'deleteStack').length, 1);
  });

  test('--apply executes the change set and follows it', async () => {
    const w = world();
    assert.equal(await w.clock.run(runPlan(w.ctx, { stackName: 'app', templateUrl: v1(w), apply: true })), 0);
    assert.equal(w.cfn.stack('app')?.status, 'CREATE_COMPLETE');
    assert.match(w.host.text('result'), /Stack app: CREATE_COMPLETE/);
  });

  test('on a terminal it asks; "y" applies', async () => {
    const w = world({ host: new RecordingHost(false, true, ['y']) });
    assert.equal(await w.clock.run(runPlan(w.ctx, { stackName: 'app', templateUrl: v1(w) })), 0);
    assert.deepEqual(w.host.questions, ['Apply these changes? [y/N] ']);
    assert.equal(w.cfn.stack('app')?.status, 'CREATE_COMPLETE');
  });

  test('on a terminal, "n" then "y" deletes the change set', async () => {
    const w = world({ host: new RecordingHost(false, true, ['n', 'y']) });
    assert.equal(await w.clock.run(runPlan(w.ctx, { stackName: 'app', templateUrl: v1(w) })), 0);
    assert.equal(w.host.questions.length, 2);
    assert.equal(w.cfn.stack('app'), undefined);
  });

  test('without a terminal or flags the change set is kept, with the commands to apply or delete it', async () => {
    const w = world();
    assert.equal(await w.clock.run(runPlan(w.ctx, { stackName: 'app', templateUrl: v1(w) })), 0);
    assert.equal(w.cfn.stack('app')?.status, 'REVIEW_IN_PROGRESS');
    assert.match(w.host.text('info'), /aws cloudformation execute-change-set --change-set-name arn:aws:cloudformation:eu-west-1:123456789012:changeSet\//);
    assert.equal(w.cfn.calls.filter((c) => c.op === 'executeChangeSet' || c.op.startsWith('delete')).length, 0);
  });

  test('no changes: says so and deletes the change set', async () => {
    const w = world();
    const url = v1(w);
    await w.clock.run(runUp(w.ctx, { stackName: 'app', templateUrl: url }));
    assert.equal(await w.clock.run(runPlan(w.ctx, { stackName: 'app', templateUrl: url })), 0);
    assert.match(w.host.text('result'), /No changes: stack app is up to date/);
    assert.equal(w.cfn.calls.filter((c) => c.op === 'deleteChangeSet').length, 1);
  });

  test('planTable with nothing to change is just the summary', () => {
    assert.equal(planTable('app', []), 'Changes to stack app: 0 to add, 0 to modify, 0 to remove\n');
  });
});
