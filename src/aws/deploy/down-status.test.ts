/** `down` (confirmation, following the deletion) and `status` (state, nested stacks, services, events). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../diagnostics/diagnostic.js';
import { runDown } from './down.js';
import { runStatus } from './status.js';
import { runUp } from './up.js';
import { RecordingHost, tpl, world, type World } from '../../../test/fake-aws/world.js';

async function deployed(host?: RecordingHost): Promise<World> {
  const w = world({ host });
  const fam = w.put('web.json', tpl({ Svc: ['AWS::ECS::Service', { Cluster: 'prod' }] }));
  const url = w.put('app.json', tpl({ Q: ['AWS::SQS::Queue'], web: ['AWS::CloudFormation::Stack', { TemplateURL: fam }] }));
  assert.equal(await w.clock.run(runUp(w.ctx, { stackName: 'app', templateUrl: url })), 0);
  w.host.messages.length = 0;
  return w;
}

describe('down', () => {
  test('--yes deletes the stack, nested stacks included, and follows the events', async () => {
    const w = await deployed();
    const id = w.cfn.stack('app')?.id ?? '';
    assert.equal(await w.clock.run(runDown(w.ctx, { stackName: 'app', yes: true })), 0);
    assert.equal(w.cfn.stackById(id)?.status, 'DELETE_COMPLETE');
    assert.ok(w.cfn.allStacks.every((s) => s.deleted));
    assert.match(w.host.text('info'), /DELETE_COMPLETE\s+AWS::ECS::Service\s+web\/Svc/);
    assert.match(w.host.text('result'), /Stack app: DELETE_COMPLETE/);
  });

  test('asks on a terminal; "n" deletes nothing', async () => {
    const w = await deployed(new RecordingHost(false, true, ['n']));
    assert.equal(await w.clock.run(runDown(w.ctx, { stackName: 'app' })), 0);
    assert.match(w.host.questions[0], /Delete stack app \(CREATE_COMPLETE\) and all its resources\? \[y\/N\]/);
    assert.equal(w.cfn.calls.filter((c) => c.op === 'deleteStack').length, 0);
  });

  test('refuses without --yes when nobody can be asked', async () => {
    const w = await deployed();
    await assert.rejects(w.clock.run(runDown(w.ctx, { stackName: 'app' })), (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXD5002');
    assert.equal(w.cfn.stack('app')?.status, 'CREATE_COMPLETE');
  });

  test('an absent stack is nothing to do', async () => {
    const w = world();
    assert.equal(await w.clock.run(runDown(w.ctx, { stackName: 'nope', yes: true })), 0);
    assert.match(w.host.text('result'), /does not exist; nothing to delete/);
  });

  test('a busy stack is not deleted', async () => {
    const w = await deployed();
    w.cfn.setStatus('app', 'UPDATE_IN_PROGRESS');
    await assert.rejects(w.clock.run(runDown(w.ctx, { stackName: 'app', yes: true })), (e: unknown) => UserError.is(e) && /busy/.test(e.diagnostics[0].message));
  });
});

describe('status', () => {
  test('stack state, nested stacks, service counts and latest events', async () => {
    const w = await deployed();
    assert.equal(await w.clock.run(runStatus(w.ctx, { stackName: 'app', events: 3 })), 0);
    const out = w.host.text('result');
    assert.match(out, /^Stack app: CREATE_COMPLETE \(since 2024-05-17T09:30:\d\d\.000Z\)/);
    assert.match(out, /Nested stacks:\n {2}web\s+CREATE_COMPLETE/);
    assert.match(out, /Services:\n {2}web\s+1\/1 running {2}stable/);
    assert.match(out, /Latest events:\n(.*\n){3}$/);
    assert.match(out, /CREATE_COMPLETE\s+app/);
  });

  test('an absent stack exits 1', async () => {
    const w = world();
    assert.equal(await w.clock.run(runStatus(w.ctx, { stackName: 'nope' })), 1);
    assert.match(w.host.text('error'), /Stack nope does not exist in eu-west-1/);
  });
});
