/**
 * An in-memory CloudFormation for tests, implementing the CfnApi the deploy commands use.
 * Its externally observable behaviour is written down in fake-cloudformation.md and checked by
 * fake-cloudformation.test.ts. Stack operations run asynchronously on the injected clock.
 */
import type {
  Change,
  CreateChangeSetCommandInput,
  DeleteChangeSetCommandInput,
  DeleteStackCommandInput,
  DescribeChangeSetCommandInput,
  DescribeStackEventsCommandInput,
  DescribeStacksCommandInput,
  ExecuteChangeSetCommandInput,
  ListStackResourcesCommandInput,
  Stack,
  StackEvent,
  StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import type { CfnApi } from '../../src/aws/deploy/api.js';
import type { Clock } from '../../src/aws/deploy/clock.js';
import { FakeAwsError, throttlingError } from './fake-error.js';

export interface FakeTemplate {
  Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> } | undefined>;
  [k: string]: unknown;
}

export interface FakeCloudFormationOptions {
  clock: Clock;
  /** Resolves a TemplateURL to the template stored there (undefined: no such object). */
  templates: (url: string) => FakeTemplate | undefined;
  region?: string;
  account?: string;
  /** Events per DescribeStackEvents page. @default 2 */
  eventPageSize?: number;
  /** Changes per DescribeChangeSet page and resources per ListStackResources page. @default 2 */
  pageSize?: number;
  /** Time a resource takes to create/update/delete. @default 5000 */
  resourceDelayMs?: number;
  /** Time a change set takes to compute. @default 2000 */
  changeSetDelayMs?: number;
}

/** Resource types whose every change replaces the resource. */
const IMMUTABLE_TYPES = new Set(['AWS::ECS::TaskDefinition']);
/** Properties whose change replaces the resource, whatever its type. */
const REPLACING_PROPERTIES = new Set(['ServiceName', 'Family', 'BucketName', 'ClusterName', 'TopicName', 'RoleName', 'GroupName', 'LoadBalancerName']);

export interface FakeResource {
  logicalId: string;
  type: string;
  physicalId: string;
  status: string;
  properties: Record<string, unknown>;
  updatedAt: number;
}

export interface FakeStack {
  id: string;
  name: string;
  status: string;
  reason?: string;
  parentId?: string;
  rootId?: string;
  template: FakeTemplate;
  resources: Map<string, FakeResource>;
  /** Newest first. */
  events: StackEvent[];
  createdAt: number;
  updatedAt?: number;
  deleted: boolean;
  disableRollback: boolean;
  lastOp?: Operation;
}

interface ResourcePlan {
  action: 'Add' | 'Modify' | 'Remove';
  logicalId: string;
  type: string;
  replacement?: 'True' | 'False' | 'Conditional';
  changed: string[];
  properties: Record<string, unknown>;
  nested?: FakeChangeSet;
  /** Template of a nested stack (Add/Modify). */
  childTemplate?: FakeTemplate;
}

export interface FakeChangeSet {
  id: string;
  name: string;
  stackId: string;
  stackName: string;
  type: 'CREATE' | 'UPDATE';
  status: 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'FAILED' | 'DELETE_COMPLETE';
  statusReason?: string;
  executionStatus: 'UNAVAILABLE' | 'AVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED' | 'OBSOLETE';
  template: FakeTemplate;
  plans: ResourcePlan[];
  parentId?: string;
  rootId?: string;
}

interface Operation {
  kind: 'CREATE' | 'UPDATE';
  before: Map<string, FakeResource>;
  beforeTemplate: FakeTemplate;
  applied: ResourcePlan[];
  failed?: ResourcePlan;
}

interface FailureRule {
  logicalId: string;
  reason: string;
  on: 'create' | 'update' | 'any';
  times: number;
}

type Op = keyof CfnApi;

export class FakeCloudFormation implements CfnApi {
  readonly region: string;
  readonly account: string;
  /** Every call, in order. */
  readonly calls: { op: Op; input: unknown }[] = [];
  private readonly stacks: FakeStack[] = [];
  private readonly changeSets = new Map<string, FakeChangeSet>();
  private readonly failures: FailureRule[] = [];
  private readonly throttles = new Map<Op, number>();
  private seq = 0;
  private readonly clock: Clock;
  private readonly o: Required<Omit<FakeCloudFormationOptions, 'clock' | 'templates' | 'region' | 'account'>>;

  constructor(private readonly opts: FakeCloudFormationOptions) {
    this.clock = opts.clock;
    this.region = opts.region ?? 'eu-west-1';
    this.account = opts.account ?? '123456789012';
    this.o = {
      eventPageSize: opts.eventPageSize ?? 2,
      pageSize: opts.pageSize ?? 2,
      resourceDelayMs: opts.resourceDelayMs ?? 5000,
      changeSetDelayMs: opts.changeSetDelayMs ?? 2000,
    };
  }

  // ---- test controls ------------------------------------------------------------------------

  /** The next `times` creations/updates of resource `logicalId` (in any stack) fail with `reason`. */
  failOn(logicalId: string, reason: string, on: FailureRule['on'] = 'any', times = 1): void {
    this.failures.push({ logicalId, reason, on, times });
  }

  /** The next `times` calls of `op` fail with a Throttling error. */
  throttle(op: Op, times: number): void {
    this.throttles.set(op, (this.throttles.get(op) ?? 0) + times);
  }

  /** A live stack by name (undefined when absent or deleted). */
  stack(name: string): FakeStack | undefined {
    return this.stacks.find((s) => s.name === name && !s.deleted);
  }

  stackById(id: string): FakeStack | undefined {
    return this.stacks.find((s) => s.id === id);
  }

  /** Every stack ever created, deleted ones included. */
  get allStacks(): readonly FakeStack[] {
    return this.stacks;
  }

  /** Forces a stack into a state (for "stack busy" and "cannot be updated" cases). Creates it if needed. */
  setStatus(name: string, status: string): FakeStack {
    const s = this.stack(name) ?? this.newStack(name, status);
    s.status = status;
    return s;
  }

  changeSetsOf(stackId: string): FakeChangeSet[] {
    return [...this.changeSets.values()].filter((c) => c.stackId === stackId && c.status !== 'DELETE_COMPLETE');
  }

  // ---- API ----------------------------------------------------------------------------------

  async describeStacks(input: DescribeStacksCommandInput): Promise<{ Stacks: Stack[] }> {
    this.enter('describeStacks', input);
    const s = this.find(input.StackName ?? '');
    return { Stacks: [this.toStack(s)] };
  }

  async describeStackEvents(input: DescribeStackEventsCommandInput): Promise<{ StackEvents: StackEvent[]; NextToken?: string }> {
    this.enter('describeStackEvents', input);
    const s = this.find(input.StackName ?? '');
    let start = 0;
    if (input.NextToken) {
      start = s.events.findIndex((e) => e.EventId === input.NextToken) + 1;
      if (start === 0) throw new FakeAwsError('ValidationError', 'Invalid NextToken');
    }
    const page = s.events.slice(start, start + this.o.eventPageSize).map((e) => ({ ...e }));
    const more = start + this.o.eventPageSize < s.events.length;
    return { StackEvents: page, NextToken: more ? page[page.length - 1].EventId : undefined };
  }

  async listStackResources(input: ListStackResourcesCommandInput): Promise<{ StackResourceSummaries: StackResourceSummary[]; NextToken?: string }> {
    this.enter('listStackResources', input);
    const s = this.find(input.StackName ?? '');
    const all = [...s.resources.values()];
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = all.slice(start, start + this.o.pageSize).map((r) => ({
      LogicalResourceId: r.logicalId,
      PhysicalResourceId: r.physicalId,
      ResourceType: r.type,
      ResourceStatus: r.status as StackResourceSummary['ResourceStatus'],
      LastUpdatedTimestamp: new Date(r.updatedAt),
    }));
    const next = start + this.o.pageSize;
    return { StackResourceSummaries: page, NextToken: next < all.length ? String(next) : undefined };
  }

  async createChangeSet(input: CreateChangeSetCommandInput): Promise<{ Id: string; StackId: string }> {
    this.enter('createChangeSet', input);
    const name = input.ChangeSetName ?? '';
    const stackName = input.StackName ?? '';
    if (!/^[a-zA-Z][-a-zA-Z0-9]*$/.test(name) || name.length > 128) {
      throw new FakeAwsError('ValidationError', `1 validation error detected: Value '${name}' at 'changeSetName' failed to satisfy constraint`);
    }
    const template = this.fetch(input.TemplateURL);
    const type = input.ChangeSetType ?? 'UPDATE';
    if (type !== 'CREATE' && type !== 'UPDATE') throw new FakeAwsError('ValidationError', `ChangeSetType ${type} is not supported by the fake`);
    let stack = this.stack(stackName);
    if (type === 'CREATE') {
      if (stack && stack.status !== 'REVIEW_IN_PROGRESS') throw new FakeAwsError('AlreadyExistsException', `Stack [${stackName}] already exists`);
    } else {
      if (!stack) throw new FakeAwsError('ValidationError', `Stack [${stackName}] does not exist`);
      if (!updatable(stack.status)) throw new FakeAwsError('ValidationError', `Stack:${stack.id} is in ${stack.status} state and can not be updated.`);
    }
    if ([...this.changeSets.values()].some((c) => c.name === name && c.stackName === stackName && c.status !== 'DELETE_COMPLETE')) {
      throw new FakeAwsError('AlreadyExistsException', `ChangeSet [${name}] already exists`);
    }
    const caps = input.Capabilities ?? [];
    if (this.needsIam(template, input.IncludeNestedStacks === true) && !caps.includes('CAPABILITY_IAM') && !caps.includes('CAPABILITY_NAMED_IAM')) {
      throw new FakeAwsError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_IAM]');
    }
    if (!stack) {
      stack = this.newStack(stackName, 'REVIEW_IN_PROGRESS');
      this.event(stack, stack.name, 'AWS::CloudFormation::Stack', stack.id, 'REVIEW_IN_PROGRESS', 'User Initiated');
    }
    const cs = this.planChangeSet(stack, name, type, template, input.IncludeNestedStacks === true);
    void this.clock.sleep(this.o.changeSetDelayMs).then(() => this.finishChangeSet(cs));
    return { Id: cs.id, StackId: stack.id };
  }

  async describeChangeSet(input: DescribeChangeSetCommandInput): Promise<Record<string, unknown> & { Changes: Change[] }> {
    this.enter('describeChangeSet', input);
    const cs = this.findChangeSet(input.ChangeSetName, input.StackName);
    const visible = cs.status === 'CREATE_COMPLETE' ? cs.plans : [];
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = visible.slice(start, start + this.o.pageSize);
    const next = start + this.o.pageSize;
    return {
      ChangeSetId: cs.id,
      ChangeSetName: cs.name,
      StackId: cs.stackId,
      StackName: cs.stackName,
      Status: cs.status,
      StatusReason: cs.statusReason,
      ExecutionStatus: cs.executionStatus,
      IncludeNestedStacks: true,
      ParentChangeSetId: cs.parentId,
      RootChangeSetId: cs.rootId,
      Changes: page.map((p) => toChange(p, this.stackById(cs.stackId)?.resources.get(p.logicalId)?.physicalId)),
      NextToken: next < visible.length ? String(next) : undefined,
    };
  }

  async executeChangeSet(input: ExecuteChangeSetCommandInput): Promise<Record<string, never>> {
    this.enter('executeChangeSet', input);
    const cs = this.findChangeSet(input.ChangeSetName, input.StackName);
    if (cs.parentId) throw new FakeAwsError('ValidationError', 'Cannot execute a nested change set; execute the root change set');
    if (cs.status !== 'CREATE_COMPLETE' || cs.executionStatus !== 'AVAILABLE') {
      throw new FakeAwsError('InvalidChangeSetStatusException', `ChangeSet [${cs.id}] cannot be executed in its current status of [${cs.executionStatus}]`);
    }
    const stack = this.stackById(cs.stackId);
    if (!stack || stack.deleted) throw new FakeAwsError('ValidationError', `Stack [${cs.stackName}] does not exist`);
    if (!updatable(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw new FakeAwsError('ValidationError', `Stack:${stack.id} is in ${stack.status} state and can not be updated.`);
    }
    for (const other of this.changeSetsOf(stack.id)) if (other.id !== cs.id && !other.parentId) this.dropChangeSet(other);
    cs.executionStatus = 'EXECUTE_IN_PROGRESS';
    stack.disableRollback = input.DisableRollback === true;
    void this.runChangeSet(stack, cs, stack.disableRollback).then((ok) => {
      cs.executionStatus = ok ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED';
      this.dropChangeSet(cs);
    });
    return {};
  }

  async deleteChangeSet(input: DeleteChangeSetCommandInput): Promise<Record<string, never>> {
    this.enter('deleteChangeSet', input);
    const cs = this.findChangeSet(input.ChangeSetName, input.StackName);
    if (cs.executionStatus === 'EXECUTE_IN_PROGRESS') {
      throw new FakeAwsError('InvalidChangeSetStatusException', `ChangeSet [${cs.id}] cannot be deleted while it is being executed`);
    }
    this.dropChangeSet(cs);
    return {};
  }

  async deleteStack(input: DeleteStackCommandInput): Promise<Record<string, never>> {
    this.enter('deleteStack', input);
    const key = input.StackName ?? '';
    const s = key.startsWith('arn:') ? this.stackById(key) : this.stack(key);
    if (!s || s.deleted || s.status === 'DELETE_IN_PROGRESS') return {};
    if (s.status.endsWith('_IN_PROGRESS') && s.status !== 'REVIEW_IN_PROGRESS') {
      throw new FakeAwsError('ValidationError', `Stack [${s.name}] cannot be deleted while in status ${s.status}`);
    }
    for (const cs of this.changeSetsOf(s.id)) this.dropChangeSet(cs);
    void this.deleteStackNow(s, 'User Initiated');
    return {};
  }

  // ---- change sets --------------------------------------------------------------------------

  private planChangeSet(stack: FakeStack, name: string, type: 'CREATE' | 'UPDATE', template: FakeTemplate, nested: boolean, parent?: FakeChangeSet): FakeChangeSet {
    const cs: FakeChangeSet = {
      id: `arn:aws:cloudformation:${this.region}:${this.account}:changeSet/${name}/${this.uuid()}`,
      name,
      stackId: stack.id,
      stackName: stack.name,
      type,
      status: 'CREATE_IN_PROGRESS',
      executionStatus: 'UNAVAILABLE',
      template,
      plans: [],
      parentId: parent?.id,
      rootId: parent ? (parent.rootId ?? parent.id) : undefined,
    };
    this.changeSets.set(cs.id, cs);
    const oldRes = type === 'CREATE' ? {} : (stack.template.Resources ?? {});
    const newRes = template.Resources ?? {};
    for (const [id, def] of Object.entries(newRes)) {
      const t = def?.Type ?? '';
      const props = def?.Properties ?? {};
      const old = oldRes[id];
      const childTemplate = t === 'AWS::CloudFormation::Stack' ? this.fetch(props.TemplateURL) : undefined;
      if (!old) {
        const plan: ResourcePlan = { action: 'Add', logicalId: id, type: t, changed: [], properties: props, childTemplate };
        if (childTemplate && nested) {
          const shadow = this.shadowStack(`${stack.name}-${id}`);
          plan.nested = this.planChangeSet(shadow, `${name}-${id}`.slice(0, 128), 'CREATE', childTemplate, nested, cs);
        }
        cs.plans.push(plan);
        continue;
      }
      const changed = changedKeys(old.Properties ?? {}, props, t === 'AWS::CloudFormation::Stack' ? ['TemplateURL'] : []);
      if (childTemplate) {
        const child = this.childStack(stack, id);
        const childChanged = !child || JSON.stringify(child.template) !== JSON.stringify(childTemplate);
        if (childChanged) changed.push('TemplateURL');
        if (changed.length === 0) continue;
        const plan: ResourcePlan = { action: 'Modify', logicalId: id, type: t, replacement: 'False', changed, properties: props, childTemplate };
        if (child && nested) plan.nested = this.planChangeSet(child, `${name}-${id}`.slice(0, 128), 'UPDATE', childTemplate, nested, cs);
        cs.plans.push(plan);
        continue;
      }
      if (changed.length === 0 && old.Type === t) continue;
      const replaces = IMMUTABLE_TYPES.has(t) || old.Type !== t || changed.some((k) => REPLACING_PROPERTIES.has(k));
      cs.plans.push({ action: 'Modify', logicalId: id, type: t, replacement: replaces ? 'True' : 'False', changed, properties: props });
    }
    for (const [id, def] of Object.entries(oldRes)) {
      if (!(id in newRes)) cs.plans.push({ action: 'Remove', logicalId: id, type: def?.Type ?? '', changed: [], properties: {} });
    }
    return cs;
  }

  private finishChangeSet(cs: FakeChangeSet): void {
    if (cs.status !== 'CREATE_IN_PROGRESS') return;
    const settle = (c: FakeChangeSet) => {
      for (const p of c.plans) if (p.nested) settle(p.nested);
      if (c.plans.length === 0 && c.type === 'UPDATE') {
        c.status = 'FAILED';
        c.statusReason = "The submitted information didn't contain changes. Submit different information to create a change set.";
        c.executionStatus = 'UNAVAILABLE';
      } else {
        c.status = 'CREATE_COMPLETE';
        c.executionStatus = 'AVAILABLE';
      }
    };
    settle(cs);
  }

  private dropChangeSet(cs: FakeChangeSet): void {
    cs.status = 'DELETE_COMPLETE';
    this.changeSets.delete(cs.id);
    for (const p of cs.plans) if (p.nested) this.dropChangeSet(p.nested);
  }

  private findChangeSet(nameOrId: string | undefined, stackName: string | undefined): FakeChangeSet {
    const key = nameOrId ?? '';
    const cs = key.startsWith('arn:')
      ? this.changeSets.get(key)
      : [...this.changeSets.values()].find((c) => c.name === key && (c.stackName === stackName || c.stackId === stackName));
    if (!cs) throw new FakeAwsError('ChangeSetNotFoundException', `ChangeSet [${key}] does not exist`, 404);
    return cs;
  }

  // ---- stack operations ---------------------------------------------------------------------

  /** Applies a change set to a stack (and its nested change sets to nested stacks). Resolves to success. */
  private async runChangeSet(stack: FakeStack, cs: FakeChangeSet, disableRollback: boolean): Promise<boolean> {
    const kind = stack.status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
    const op: Operation = { kind, before: cloneResources(stack.resources), beforeTemplate: stack.template, applied: [] };
    stack.lastOp = op;
    this.setStackStatus(stack, `${kind}_IN_PROGRESS`, stack.parentId ? undefined : 'User Initiated');
    await this.step();
    const removals = cs.plans.filter((p) => p.action === 'Remove');
    for (const plan of cs.plans.filter((p) => p.action !== 'Remove')) {
      const ok = await this.applyPlan(stack, plan, disableRollback);
      if (!ok) {
        op.failed = plan;
        const verb = kind === 'CREATE' ? 'create' : 'update';
        const reason = `The following resource(s) failed to ${verb}: [${plan.logicalId}]. `;
        if (disableRollback || stack.parentId) {
          this.setStackStatus(stack, `${kind}_FAILED`, reason + (disableRollback ? '' : 'Rollback requested by parent.'));
          return false;
        }
        await this.rollback(stack, op, reason + 'Rollback requested by user.');
        return false;
      }
      op.applied.push(plan);
    }
    stack.template = cs.template;
    if (removals.length > 0) {
      this.setStackStatus(stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
      await this.step();
      for (const plan of removals.reverse()) {
        const r = stack.resources.get(plan.logicalId);
        if (r) await this.deleteResource(stack, r);
      }
    }
    this.setStackStatus(stack, `${kind}_COMPLETE`);
    return true;
  }

  /** Creates or updates one resource; resolves to success. */
  private async applyPlan(stack: FakeStack, plan: ResourcePlan, disableRollback: boolean): Promise<boolean> {
    const verb = plan.action === 'Add' ? 'CREATE' : 'UPDATE';
    const existing = stack.resources.get(plan.logicalId);
    const r: FakeResource = existing ?? {
      logicalId: plan.logicalId,
      type: plan.type,
      physicalId: '',
      status: '',
      properties: plan.properties,
      updatedAt: this.clock.now(),
    };
    stack.resources.set(plan.logicalId, r);
    this.resourceStatus(stack, r, `${verb}_IN_PROGRESS`);
    await this.step();
    if (plan.type === 'AWS::CloudFormation::Stack') {
      let child = existing ? this.stackById(existing.physicalId) : undefined;
      if (!child) {
        child = this.newStack(`${stack.name}-${plan.logicalId}-${this.suffix()}`, 'REVIEW_IN_PROGRESS', stack);
        r.physicalId = child.id;
        this.resourceStatus(stack, r, `${verb}_IN_PROGRESS`, 'Resource creation Initiated');
      }
      const nested = plan.nested ?? this.planChangeSet(child, `nested-${this.suffix()}`, existing ? 'UPDATE' : 'CREATE', plan.childTemplate ?? {}, true);
      const ok = await this.runChangeSet(child, nested, disableRollback);
      await this.step();
      r.properties = plan.properties;
      if (ok) {
        this.resourceStatus(stack, r, `${verb}_COMPLETE`);
        return true;
      }
      const what = verb === 'CREATE' ? 'created' : 'updated';
      this.resourceStatus(stack, r, `${verb}_FAILED`, `Embedded stack ${child.id} was not successfully ${what}: ${child.reason ?? ''}`.trim());
      return false;
    }
    if (!existing || plan.replacement === 'True') r.physicalId = this.physicalId(stack, plan);
    if (verb === 'CREATE') this.resourceStatus(stack, r, 'CREATE_IN_PROGRESS', 'Resource creation Initiated');
    await this.clock.sleep(this.o.resourceDelayMs);
    const failure = this.takeFailure(plan.logicalId, verb === 'CREATE' ? 'create' : 'update');
    if (failure) {
      this.resourceStatus(stack, r, `${verb}_FAILED`, failure);
      return false;
    }
    r.properties = plan.properties;
    this.resourceStatus(stack, r, `${verb}_COMPLETE`);
    return true;
  }

  /** Undoes the failed operation of `stack`: deletes what it created, restores what it updated. */
  private async rollback(stack: FakeStack, op: Operation, reason: string): Promise<void> {
    const prefix = op.kind === 'CREATE' ? 'ROLLBACK' : 'UPDATE_ROLLBACK';
    this.setStackStatus(stack, `${prefix}_IN_PROGRESS`, reason);
    await this.step();
    const touched = [...op.applied, ...(op.failed ? [op.failed] : [])].reverse();
    if (op.kind === 'CREATE') {
      for (const plan of touched) {
        const r = stack.resources.get(plan.logicalId);
        if (r) await this.deleteResource(stack, r);
      }
    } else {
      for (const plan of touched.filter((p) => p.action === 'Modify')) {
        const r = stack.resources.get(plan.logicalId);
        const old = op.before.get(plan.logicalId);
        if (!r || !old) continue;
        this.resourceStatus(stack, r, 'UPDATE_IN_PROGRESS');
        if (r.type === 'AWS::CloudFormation::Stack') {
          const child = this.stackById(r.physicalId);
          if (child?.lastOp) await this.rollback(child, child.lastOp, 'Rollback requested by parent.');
        } else {
          await this.clock.sleep(this.o.resourceDelayMs);
        }
        r.properties = old.properties;
        r.physicalId = old.physicalId;
        this.resourceStatus(stack, r, 'UPDATE_COMPLETE');
      }
      this.setStackStatus(stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
      await this.step();
      for (const plan of touched.filter((p) => p.action === 'Add')) {
        const r = stack.resources.get(plan.logicalId);
        if (r) await this.deleteResource(stack, r);
      }
      stack.template = op.beforeTemplate;
    }
    this.setStackStatus(stack, `${prefix}_COMPLETE`);
  }

  private async deleteResource(stack: FakeStack, r: FakeResource): Promise<void> {
    this.resourceStatus(stack, r, 'DELETE_IN_PROGRESS');
    if (r.type === 'AWS::CloudFormation::Stack') {
      const child = this.stackById(r.physicalId);
      if (child && !child.deleted) await this.deleteStackNow(child);
    } else {
      await this.clock.sleep(this.o.resourceDelayMs);
    }
    this.resourceStatus(stack, r, 'DELETE_COMPLETE');
    stack.resources.delete(r.logicalId);
  }

  private async deleteStackNow(s: FakeStack, reason?: string): Promise<void> {
    if (s.status === 'REVIEW_IN_PROGRESS') {
      this.setStackStatus(s, 'DELETE_COMPLETE', reason);
      s.deleted = true;
      return;
    }
    this.setStackStatus(s, 'DELETE_IN_PROGRESS', reason);
    await this.step();
    for (const r of [...s.resources.values()].reverse()) await this.deleteResource(s, r);
    this.setStackStatus(s, 'DELETE_COMPLETE');
    s.deleted = true;
  }

  // ---- helpers ------------------------------------------------------------------------------

  private enter(op: Op, input: unknown): void {
    this.calls.push({ op, input });
    const n = this.throttles.get(op) ?? 0;
    if (n > 0) {
      this.throttles.set(op, n - 1);
      throw throttlingError();
    }
  }

  private find(nameOrId: string): FakeStack {
    const s = nameOrId.startsWith('arn:') ? this.stackById(nameOrId) : this.stack(nameOrId);
    if (!s) throw new FakeAwsError('ValidationError', `Stack with id ${nameOrId} does not exist`);
    return s;
  }

  private fetch(url: unknown): FakeTemplate {
    const t = typeof url === 'string' ? this.opts.templates(url) : undefined;
    if (!t) throw new FakeAwsError('ValidationError', `Template file referenced by ${String(url)} does not exist or is not accessible.`);
    return t;
  }

  private needsIam(t: FakeTemplate, nested: boolean): boolean {
    for (const r of Object.values(t.Resources ?? {})) {
      if (r?.Type?.startsWith('AWS::IAM::')) return true;
      if (nested && r?.Type === 'AWS::CloudFormation::Stack') {
        const child = this.opts.templates(String(r.Properties?.TemplateURL));
        if (child && this.needsIam(child, nested)) return true;
      }
    }
    return false;
  }

  private newStack(name: string, status: string, parent?: FakeStack): FakeStack {
    const s: FakeStack = {
      id: `arn:aws:cloudformation:${this.region}:${this.account}:stack/${name}/${this.uuid()}`,
      name,
      status,
      parentId: parent?.id,
      rootId: parent ? (parent.rootId ?? parent.id) : undefined,
      template: { Resources: {} },
      resources: new Map(),
      events: [],
      createdAt: this.clock.now(),
      deleted: false,
      disableRollback: false,
    };
    this.stacks.push(s);
    return s;
  }

  /** A placeholder for planning the nested change set of a stack that does not exist yet. */
  private shadowStack(name: string): FakeStack {
    return {
      id: `arn:aws:cloudformation:${this.region}:${this.account}:stack/${name}/pending`,
      name,
      status: 'REVIEW_IN_PROGRESS',
      template: { Resources: {} },
      resources: new Map(),
      events: [],
      createdAt: this.clock.now(),
      deleted: false,
      disableRollback: false,
    };
  }

  private childStack(parent: FakeStack, logicalId: string): FakeStack | undefined {
    const r = parent.resources.get(logicalId);
    return r ? this.stackById(r.physicalId) : undefined;
  }

  private setStackStatus(s: FakeStack, status: string, reason?: string): void {
    s.status = status;
    s.reason = reason;
    if (status.startsWith('UPDATE')) s.updatedAt = this.clock.now();
    this.event(s, s.name, 'AWS::CloudFormation::Stack', s.id, status, reason);
  }

  private resourceStatus(s: FakeStack, r: FakeResource, status: string, reason?: string): void {
    r.status = status;
    r.updatedAt = this.clock.now();
    this.event(s, r.logicalId, r.type, r.physicalId, status, reason);
  }

  private event(s: FakeStack, logicalId: string, type: string, physicalId: string, status: string, reason?: string): void {
    s.events.unshift({
      StackId: s.id,
      StackName: s.name,
      EventId: `${logicalId}-${status}-${++this.seq}`,
      LogicalResourceId: logicalId,
      PhysicalResourceId: physicalId,
      ResourceType: type,
      ResourceStatus: status as StackEvent['ResourceStatus'],
      ResourceStatusReason: reason,
      Timestamp: new Date(this.clock.now()),
    });
  }

  private takeFailure(logicalId: string, on: 'create' | 'update'): string | undefined {
    const rule = this.failures.find((f) => f.logicalId === logicalId && f.times > 0 && (f.on === 'any' || f.on === on));
    if (!rule) return undefined;
    rule.times--;
    return rule.reason;
  }

  private physicalId(stack: FakeStack, plan: ResourcePlan): string {
    if (plan.type === 'AWS::ECS::Service') {
      const cluster = typeof plan.properties.Cluster === 'string' ? plan.properties.Cluster : 'default-cluster';
      return `arn:aws:ecs:${this.region}:${this.account}:service/${cluster}/${stack.name}-${plan.logicalId}-${this.suffix()}`;
    }
    return `${stack.name}-${plan.logicalId}-${this.suffix()}`;
  }

  /** One second between the steps of an operation, so events have distinct timestamps. */
  private step(): Promise<void> {
    return this.clock.sleep(1000);
  }

  private uuid(): string {
    return `00000000-0000-4000-8000-${String(++this.seq).padStart(12, '0')}`;
  }

  private suffix(): string {
    return `FAKE${String(++this.seq).padStart(8, '0')}`;
  }

  private toStack(s: FakeStack): Stack {
    return {
      StackId: s.id,
      StackName: s.name,
      StackStatus: s.status as Stack['StackStatus'],
      StackStatusReason: s.reason,
      CreationTime: new Date(s.createdAt),
      LastUpdatedTime: s.updatedAt === undefined ? undefined : new Date(s.updatedAt),
      ParentId: s.parentId,
      RootId: s.rootId,
      DisableRollback: s.disableRollback,
    };
  }
}

function updatable(status: string): boolean {
  return ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE', 'UPDATE_FAILED'].includes(status);
}

function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>, ignore: string[]): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !ignore.includes(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

function cloneResources(m: Map<string, FakeResource>): Map<string, FakeResource> {
  return new Map([...m].map(([k, v]) => [k, { ...v }]));
}

function toChange(p: ResourcePlan, physicalId: string | undefined): Change {
  return {
    Type: 'Resource',
    ResourceChange: {
      Action: p.action,
      LogicalResourceId: p.logicalId,
      PhysicalResourceId: p.action === 'Add' ? undefined : physicalId,
      ResourceType: p.type,
      Replacement: p.replacement,
      Scope: p.changed.length > 0 ? ['Properties'] : [],
      Details: p.changed.map((name) => ({
        Target: { Attribute: 'Properties', Name: name, RequiresRecreation: p.replacement === 'True' ? 'Always' : 'Never' },
        Evaluation: 'Static',
        ChangeSource: 'DirectModification',
      })),
      ChangeSetId: p.nested?.id,
    },
  };
}
