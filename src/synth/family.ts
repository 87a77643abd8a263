/**
 * The nested stack of one task family: log group, execution and task roles, security group,
 * task definition and ECS service. Extensions link into it before it is finalised (extra
 * environment, secrets, IAM statements, service registries, resources).
 */
import type { CfnValue, Ref } from '../cfn/intrinsics.js';
import { getAtt, join, literal, ref, sub } from '../cfn/intrinsics.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { formatPath, posAt, type Mapping } from '../load/positions.js';
import { LOG_RETENTION_VALUES } from '../model/families.js';
import type { ContainerModel, FamilyModel, NetworkMode, PortModel, TaskVolumeModel } from '../model/types.js';
import { logicalId } from '../cfn/logical-id.js';
import { referencedIds } from '../cfn/references.js';
import { NestedStack } from './stack.js';
import type { TagSet } from './tags.js';

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: CfnValue;
  Condition?: CfnValue;
}

export interface FamilyInputs {
  cluster: CfnValue;
  vpcId: CfnValue;
  subnets: Record<string, CfnValue>;
  /** True when the cluster's capacity providers decide (no LaunchType on the service). */
  useCapacityProviders: boolean;
}

/** Outputs of a family stack another stack needs to run its task definition (RunTask). */
export interface RunTaskOutputs {
  taskDefinition: string;
  taskRole: string;
  executionRole: string;
  /** Comma-separated security groups of the tasks (awsvpc only). */
  securityGroups?: string;
}

/**
 * The error (CXJ1510) for `what`, something that needs the family's ECS service (a load balancer
 * target, a Cloud Map registration, an alarm on the service, step scaling), when the family has
 * none (FamilyModel.withoutService); undefined when it has one.
 */
export function withoutServiceProblem(fs: FamilyStack, what: string): { code: string; message: string; expected: string; hint: string } | undefined {
  const without = fs.family.withoutService;
  if (without === undefined) return undefined;
  const at = without.pos ? ` (${without.pos.file}:${without.pos.line})` : '';
  return {
    code: 'CXJ1510',
    message: `family ${fs.family.name} has no ECS service (${without.path}${at}), so it cannot have ${what}`,
    expected: 'a family that keeps its ECS service',
    hint: `remove it, or set ${without.path} to false`,
  };
}

/** Reports withoutServiceProblem at `path`; true when `what` is refused. */
export function refusedWithoutService(bag: DiagnosticBag, doc: Mapping, fs: FamilyStack, what: string, path: (string | number)[]): boolean {
  const p = withoutServiceProblem(fs, what);
  if (p) bag.error({ ...p, path: formatPath(path), pos: posAt(doc, path) });
  return p !== undefined;
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

export class FamilyStack extends NestedStack {
  private readonly env = new Map<string, Map<string, CfnValue>>();
  private readonly secrets = new Map<string, Map<string, CfnValue>>();
  private readonly policies = new Map<string, { role: 'task' | 'exec'; statements: Statement[] }>();
  readonly serviceRegistries: CfnValue[] = [];
  readonly extraServiceDependsOn: string[] = [];
  /** Extra security groups of the service (x-network.AdditionalSecurityGroups, ...). */
  readonly extraSecurityGroups: CfnValue[] = [];
  /** Properties set on the ECS service over the defaults (launch type, capacity providers, ...). */
  readonly serviceOverrides: Record<string, CfnValue | undefined> = {};
  /** Properties set on the task definition over the defaults. */
  readonly taskDefinitionOverrides: Record<string, CfnValue | undefined> = {};
  private readonly containerProps = new Map<string, Record<string, CfnValue>>();
  /** Task volumes configured by extensions (e.g. EFS): name → properties besides Name. */
  private readonly volumeConfigs = new Map<string, Record<string, CfnValue>>();
  /** `<container>\0<volume>` → the task volume its mounts of that volume use instead. */
  private readonly mountSources = new Map<string, string>();
  private readonly envRewriters: ((container: string, name: string, value: string) => CfnValue | undefined)[] = [];
  private finalized = false;
  private runTask = false;

  constructor(
    readonly family: FamilyModel,
    tags: TagSet,
    private readonly net: FamilyInputs,
  ) {
    super(family.logicalName, `Template for ${family.name}`, tags);
  }

  /** Container names a target (a service name of this family, or '*' for all) refers to. */
  private targets(target: string): string[] {
    return target === '*' ? this.family.containers.map((c) => c.name) : [target];
  }

  addEnvironment(target: string, name: string, value: CfnValue): void {
    for (const c of this.targets(target)) {
      const m = this.env.get(c) ?? new Map<string, CfnValue>();
      m.set(name, value);
      this.env.set(c, m);
    }
  }

  /**
   * Registers a rewrite of literal environment values (e.g. `x-s3::bucket::Arn` pointers); the
   * first rewriter returning a value wins, undefined keeps the literal.
   */
  rewriteEnvironment(fn: (container: string, name: string, value: string) => CfnValue | undefined): void {
    this.envRewriters.push(fn);
  }

  /** Sets a container definition property over what the compose file gives (e.g. RepositoryCredentials). */
  setContainerProperty(target: string, key: string, value: CfnValue): void {
    for (const c of this.targets(target)) this.containerProps.set(c, { ...(this.containerProps.get(c) ?? {}), [key]: value });
  }

  /**
   * Sets the configuration of task volume `name` (e.g. `{EFSVolumeConfiguration: ...}`) instead
   * of the task storage the model gives it; adds the volume when the model has none of that name.
   */
  setTaskVolume(name: string, config: Record<string, CfnValue>): void {
    this.volumeConfigs.set(name, config);
  }

  /** The mounts of `volume` by `container` use task volume `taskVolume` instead (set it with setTaskVolume). */
  mountFrom(container: string, volume: string, taskVolume: string): void {
    this.mountSources.set(`${container}\0${volume}`, taskVolume);
  }

  private mountSource(container: string, volume: string): string {
    return this.mountSources.get(`${container}\0${volume}`) ?? volume;
  }

  /** Task volumes: those the mounts use (model volumes, or those set by setTaskVolume), by name. */
  private taskVolumes(fargate: boolean): CfnValue[] | undefined {
    const used = new Set(this.family.containers.flatMap((c) => c.mounts.map((m) => this.mountSource(c.name, m.volume))));
    const byName = new Map<string, CfnValue>();
    for (const v of this.family.volumes) if (used.has(v.name)) byName.set(v.name, taskVolume(v, fargate));
    for (const [name, config] of this.volumeConfigs) if (used.has(name)) byName.set(name, { Name: name, ...config });
    if (byName.size === 0) return undefined;
    return [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  }

  addSecret(target: string, name: string, valueFrom: CfnValue): void {
    for (const c of this.targets(target)) {
      const m = this.secrets.get(c) ?? new Map<string, CfnValue>();
      m.set(name, valueFrom);
      this.secrets.set(c, m);
    }
  }

  /**
   * Adds a statement to the IAM policy `policyName` attached to the task or execution role. A
   * statement with the Sid, effect, actions and condition of one already there adds its
   * resources to it; one with only the same Sid is added as `<Sid><n>` (Sids stay unique).
   */
  addStatement(role: 'task' | 'exec', policyName: string, st: Statement): void {
    const p = this.policies.get(policyName) ?? { role, statements: [] };
    const shape = (s: Statement) => JSON.stringify([s.Effect, s.Action, s.Condition ?? null]);
    const same = st.Sid ? p.statements.find((s) => s.Sid === st.Sid) : undefined;
    if (same && shape(same) === shape(st)) {
      const a = Array.isArray(same.Resource) ? same.Resource : [same.Resource];
      const b = Array.isArray(st.Resource) ? st.Resource : [st.Resource];
      const seen = new Set(a.map((x) => JSON.stringify(x)));
      same.Resource = [...a, ...b.filter((x) => !seen.has(JSON.stringify(x)))];
    } else if (same) {
      const merged = p.statements.find((s) => s.Sid?.startsWith(st.Sid as string) && /^\d+$/.test(s.Sid.slice((st.Sid as string).length)) && shape(s) === shape(st));
      if (merged) {
        this.policies.set(policyName, p);
        this.addStatement(role, policyName, { ...st, Sid: merged.Sid });
        return;
      }
      let n = 1;
      while (p.statements.some((s) => s.Sid === `${st.Sid}${n}`)) n++;
      p.statements.push({ ...st, Sid: `${st.Sid}${n}` });
    } else p.statements.push(st);
    this.policies.set(policyName, p);
  }

  /**
   * Launch type and capacity provider strategy of the family's tasks, as its ECS service has them
   * (the cluster's default strategy when both are undefined).
   */
  get launch(): { LaunchType?: CfnValue; CapacityProviderStrategy?: CfnValue } {
    const o = this.serviceOverrides;
    return {
      LaunchType: 'LaunchType' in o ? o.LaunchType : this.net.useCapacityProviders ? undefined : 'FARGATE',
      CapacityProviderStrategy: o.CapacityProviderStrategy,
    };
  }

  /** AssignPublicIp of the family's tasks (awsvpc): only Fargate tasks asking for it get one. */
  get publicIp(): 'ENABLED' | 'DISABLED' {
    return this.family.platform === 'FARGATE' && this.family.assignPublicIp ? 'ENABLED' : 'DISABLED';
  }

  /** PlacementConstraints and PlacementStrategies of the family's tasks (EC2), as ECS and EventBridge take them. */
  get placement(): { PlacementConstraints?: CfnValue; PlacementStrategies?: CfnValue } {
    const p = this.family.placement;
    return {
      PlacementConstraints: p.constraints.length > 0 ? p.constraints.map((c) => (c.expression ? { Type: c.type, Expression: c.expression } : { Type: c.type })) : undefined,
      PlacementStrategies: p.strategies.length > 0 ? p.strategies.map((st) => (st.field ? { Type: st.type, Field: st.field } : { Type: st.type })) : undefined,
    };
  }

  /** Asks for the outputs another stack needs to run the family's task definition; returns their names. */
  runTaskOutputs(): RunTaskOutputs {
    this.runTask = true;
    return {
      taskDefinition: 'EcsTaskDefinitionArn',
      taskRole: 'EcsTaskRoleArn',
      executionRole: 'EcsExecutionRoleArn',
      securityGroups: this.family.networkMode === 'awsvpc' ? 'EcsTaskSecurityGroups' : undefined,
    };
  }

  get securityGroupId(): CfnValue {
    return getAtt('ServiceSecurityGroup', 'GroupId');
  }

  /** The family's ports (used by ingress rules). */
  get ports(): { port: number; protocol: 'tcp' | 'udp' }[] {
    const seen = new Set<string>();
    const out: { port: number; protocol: 'tcp' | 'udp' }[] = [];
    for (const c of this.family.containers) {
      for (const p of c.ports) {
        const k = `${p.containerPort}/${p.protocol}`;
        if (seen.has(k)) continue;
        seen.add(k);
        out.push({ port: p.containerPort, protocol: p.protocol });
      }
    }
    return out;
  }

  /** Builds every resource. Call once, after all extensions have linked in. */
  finalize(): void {
    if (this.finalized) throw new Error(`family stack ${this.id} finalized twice`);
    this.finalized = true;
    const f = this.family;
    const cluster = this.input('EcsCluster', { Type: 'String', Description: 'Name of the ECS cluster' }, this.net.cluster);
    this.input('RootStackName', { Type: 'String', Description: 'Name of the root stack' }, ref('AWS::StackName'));
    const vpc = this.input('VpcId', { Type: 'AWS::EC2::VPC::Id' }, this.net.vpcId);
    const service = f.withoutService === undefined;
    const subnets =
      f.networkMode === 'awsvpc' && service ? this.input(f.subnetGroup, { Type: 'List<AWS::EC2::Subnet::Id>' }, this.net.subnets[f.subnetGroup] ?? '') : undefined;
    const count = service ? this.input('MicroservicesCount', { Type: 'Number', MinValue: 0, Description: 'Initial number of tasks' }, f.replicas) : undefined;
    const retention = this.input(
      'ServiceLogGroupRetentionPeriod',
      { Type: 'Number', AllowedValues: LOG_RETENTION_VALUES },
      f.logRetentionDays,
    );

    this.add('ServicesLogGroup', {
      Type: 'AWS::Logs::LogGroup',
      Properties: {
        LogGroupName: sub(`\${RootStackName}/svc/ecs/\${EcsCluster}/${f.logicalName}`),
        RetentionInDays: retention,
      },
    });

    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: [sub('ecs-tasks.${AWS::URLSuffix}')] },
          Action: ['sts:AssumeRole'],
          Condition: { ArnLike: { 'aws:SourceArn': sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*') } },
        },
      ],
    };
    const boundary = f.iam.permissionsBoundary
      ? f.iam.permissionsBoundary.startsWith('arn:')
        ? f.iam.permissionsBoundary
        : sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${f.iam.permissionsBoundary}`)
      : undefined;
    this.add('EcsExecutionRole', {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: trust,
        Description: sub(`Execution role for ${f.name} in \${EcsCluster}`),
        PermissionsBoundary: boundary,
      },
    });
    this.add('EcsTaskRole', {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: trust,
        Description: sub(`Task role for ${f.name} in \${EcsCluster}`),
        ManagedPolicyArns: f.iam.managedPolicyArns.length > 0 ? f.iam.managedPolicyArns : undefined,
        PermissionsBoundary: boundary,
        Policies:
          f.iam.policies.length > 0
            ? f.iam.policies.map((p) => ({ PolicyName: p.name, PolicyDocument: p.document as CfnValue }))
            : undefined,
      },
    });

    this.addStatement('exec', 'CloudWatchLogsAccess', {
      Sid: 'LogGroupOwner',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [getAtt('ServicesLogGroup', 'Arn')],
    });
    this.imagePullPermissions();
    if (f.enableExecuteCommand) {
      this.addStatement('task', 'EcsExecAccess', {
        Sid: 'AllowEcsExecSessions',
        Effect: 'Allow',
        Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
        Resource: '*',
      });
    }
    const policyIds: string[] = [];
    for (const [name, p] of [...this.policies].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const id = logicalId(name);
      policyIds.push(id);
      this.add(id, {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: name,
          Roles: [ref(p.role === 'task' ? 'EcsTaskRole' : 'EcsExecutionRole')],
          PolicyDocument: { Version: '2012-10-17', Statement: p.statements as unknown as CfnValue },
        },
      });
    }

    this.add('ServiceSecurityGroup', {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: sub(`Security group of ${f.name} in \${RootStackName}`),
        VpcId: vpc,
        SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1', Description: 'Outbound traffic' }],
      },
    });

    const containers = f.containers.map((c) => this.containerDefinition(c));
    const fargate = f.platform === 'FARGATE';
    const awsvpc = f.networkMode === 'awsvpc';
    this.add('EcsTaskDefinition', {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Family: sub(`\${RootStackName}-${f.logicalName}`),
        Cpu: fargate || f.taskCpu > 0 ? String(f.taskCpu) : undefined,
        Memory: fargate || f.taskMemory > 0 ? String(f.taskMemory) : undefined,
        NetworkMode: f.networkMode,
        RequiresCompatibilities: [f.platform],
        RuntimePlatform: fargate ? { CpuArchitecture: f.cpuArchitecture, OperatingSystemFamily: f.operatingSystemFamily } : undefined,
        ExecutionRoleArn: getAtt('EcsExecutionRole', 'Arn'),
        TaskRoleArn: getAtt('EcsTaskRole', 'Arn'),
        ContainerDefinitions: containers,
        Volumes: this.taskVolumes(fargate),
        EphemeralStorage: f.ephemeralStorageGiB ? { SizeInGiB: f.ephemeralStorageGiB } : undefined,
        ...this.taskDefinitionOverrides,
      },
    });

    const securityGroups = [getAtt('ServiceSecurityGroup', 'GroupId'), ...this.extraSecurityGroups];
    this.template.addOutput('ServiceSecurityGroupId', { Value: getAtt('ServiceSecurityGroup', 'GroupId') });
    if (service) this.service(cluster, subnets, count, securityGroups, policyIds);
    this.template.addOutput('EcsTaskDefinitionArn', { Value: ref('EcsTaskDefinition') });
    this.template.addOutput('EcsTaskRoleArn', { Value: getAtt('EcsTaskRole', 'Arn') });
    if (this.runTask) {
      this.template.addOutput('EcsExecutionRoleArn', { Value: getAtt('EcsExecutionRole', 'Arn') });
      if (awsvpc) this.template.addOutput('EcsTaskSecurityGroups', { Value: join(',', securityGroups) });
    }
    if (!service) this.dropServiceInputs();
  }

  /** Without a service, the parameters only the service settings used (e.g. a capacity provider) are not declared. */
  private dropServiceInputs(): void {
    const body = JSON.stringify(this.template.toJSON());
    for (const id of referencedIds([this.serviceOverrides, this.serviceRegistries])) {
      if (!this.inputs.has(id) || body.includes(JSON.stringify({ Ref: id })) || body.includes(`\${${id}}`) || body.includes(`\${${id}.`)) continue;
      this.template.removeParameter(id);
      this.inputs.delete(id);
    }
  }

  /** The ECS service and its outputs. */
  private service(cluster: CfnValue, subnets: CfnValue | undefined, count: CfnValue | undefined, securityGroups: CfnValue[], policyIds: string[]): void {
    const f = this.family;
    const awsvpc = f.networkMode === 'awsvpc';
    this.add('EcsServiceDefinition', {
      Type: 'AWS::ECS::Service',
      DependsOn: [...policyIds, ...this.extraServiceDependsOn],
      Properties: {
        Cluster: cluster,
        TaskDefinition: ref('EcsTaskDefinition'),
        DesiredCount: count,
        LaunchType: this.net.useCapacityProviders ? undefined : 'FARGATE',
        NetworkConfiguration: awsvpc
          ? {
              AwsvpcConfiguration: {
                Subnets: subnets,
                SecurityGroups: securityGroups,
                AssignPublicIp: this.publicIp,
              },
            }
          : undefined,
        ...this.placement,
        DeploymentController: { Type: 'ECS' },
        DeploymentConfiguration: {
          MaximumPercent: 200,
          MinimumHealthyPercent: 100,
          DeploymentCircuitBreaker: { Enable: true, Rollback: f.rollbackOnFailure },
        },
        EnableECSManagedTags: true,
        PropagateTags: 'SERVICE',
        EnableExecuteCommand: f.enableExecuteCommand ? true : undefined,
        ServiceRegistries: this.serviceRegistries.length > 0 ? this.serviceRegistries : undefined,
        ...this.serviceOverrides,
      },
    });
    this.template.addOutput('EcsServiceName', { Value: getAtt('EcsServiceDefinition', 'Name') });
    this.template.addOutput('EcsServiceArn', { Value: ref('EcsServiceDefinition') });
  }

  /** ECR images: pull rights on their repositories only; other registries need none. */
  private imagePullPermissions(): void {
    const repos = new Set<string>();
    for (const c of this.family.containers) {
      const m = ECR_IMAGE.exec(c.image);
      if (m) repos.add(`arn:\${AWS::Partition}:ecr:${m[2]}:${m[1]}:repository/${m[3]}`);
    }
    if (repos.size === 0) return;
    this.addStatement('exec', 'EcrImagePull', {
      Sid: 'EcrAuthorization',
      Effect: 'Allow',
      Action: ['ecr:GetAuthorizationToken'],
      Resource: '*',
    });
    this.addStatement('exec', 'EcrImagePull', {
      Sid: 'EcrPullImages',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: [...repos].sort().map((r) => sub(r)),
    });
  }

  private containerDefinition(c: ContainerModel): CfnValue {
    const imageParam = this.input(
      logicalId(c.name, 'ImageUrl'),
      { Type: 'String', Description: `Image of the ${c.name} container` },
      c.image,
    );
    const env = new Map<string, CfnValue>(
      Object.entries(c.environment).map(([k, v]) => {
        for (const fn of this.envRewriters) {
          const r = fn(c.name, k, v);
          if (r !== undefined) return [k, r];
        }
        return [k, literal(v)];
      }),
    );
    for (const [k, v] of this.env.get(c.name) ?? []) env.set(k, v);
    const secrets = this.secrets.get(c.name) ?? new Map<string, CfnValue>();
    for (const k of secrets.keys()) env.delete(k);
    const sorted = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const linux: Record<string, CfnValue> = {};
    if (c.capAdd.length > 0 || c.capDrop.length > 0) {
      linux.Capabilities = { ...(c.capAdd.length ? { Add: c.capAdd } : {}), ...(c.capDrop.length ? { Drop: c.capDrop } : {}) };
    }
    if (c.initProcessEnabled || this.family.enableExecuteCommand) linux.InitProcessEnabled = true;
    if (c.tmpfs.length > 0) linux.Tmpfs = c.tmpfs.map((t) => ({ ContainerPath: t.containerPath, Size: t.sizeMiB }));
    if (c.sharedMemoryMiB !== undefined) linux.SharedMemorySize = c.sharedMemoryMiB;
    const def: Record<string, CfnValue | undefined> = {
      Name: c.name,
      Image: imageParam,
      Essential: c.essential,
      Cpu: c.cpuUnits,
      Memory: c.memoryMiB,
      MemoryReservation: c.memoryReservationMiB,
      Command: c.command?.map(literal),
      EntryPoint: c.entryPoint?.map(literal),
      Environment: env.size > 0 ? sorted(env).map(([Name, Value]) => ({ Name, Value })) : undefined,
      Secrets: secrets.size > 0 ? sorted(secrets).map(([Name, ValueFrom]) => ({ Name, ValueFrom })) : undefined,
      PortMappings: c.ports.length > 0 ? c.ports.map((p) => portMapping(p, this.family.networkMode)) : undefined,
      MountPoints:
        c.mounts.length > 0 ? c.mounts.map((m) => ({ SourceVolume: this.mountSource(c.name, m.volume), ContainerPath: m.containerPath, ReadOnly: m.readOnly })) : undefined,
      VolumesFrom:
        c.volumesFrom.length > 0 ? c.volumesFrom.map((v) => ({ SourceContainer: v.sourceContainer, ReadOnly: v.readOnly })) : undefined,
      DependsOn: c.dependsOn.length > 0 ? c.dependsOn.map((d) => ({ ContainerName: d.containerName, Condition: d.condition })) : undefined,
      HealthCheck: c.healthCheck
        ? {
            Command: c.healthCheck.command,
            Interval: c.healthCheck.interval,
            Timeout: c.healthCheck.timeout,
            Retries: c.healthCheck.retries,
            StartPeriod: c.healthCheck.startPeriod,
          }
        : undefined,
      DockerLabels: Object.keys(c.dockerLabels).length > 0 ? c.dockerLabels : undefined,
      User: c.user,
      WorkingDirectory: c.workingDirectory,
      ReadonlyRootFilesystem: c.readonlyRootFilesystem,
      Privileged: c.privileged,
      Interactive: c.interactive,
      PseudoTerminal: c.pseudoTerminal,
      LinuxParameters: Object.keys(linux).length > 0 ? linux : undefined,
      Ulimits: c.ulimits.length > 0 ? c.ulimits.map((u) => ({ Name: u.name, SoftLimit: u.soft, HardLimit: u.hard })) : undefined,
      SystemControls: c.systemControls.length > 0 ? c.systemControls.map((s) => ({ Namespace: s.namespace, Value: s.value })) : undefined,
      StopTimeout: c.stopTimeout,
      LogConfiguration: {
        LogDriver: 'awslogs',
        Options: {
          'awslogs-group': c.log.group ?? ref('ServicesLogGroup'),
          'awslogs-region': ref('AWS::Region'),
          'awslogs-stream-prefix': c.name,
          ...c.log.options,
        },
      },
    };
    const out: Record<string, CfnValue> = {};
    for (const [k, v] of Object.entries({ ...def, ...this.containerProps.get(c.name) })) if (v !== undefined) out[k] = v;
    return out;
  }
}

/** A port mapping: host ports equal container ports with awsvpc / host; bridge maps the published port (0: dynamic). */
function portMapping(p: PortModel, mode: NetworkMode): CfnValue {
  if (mode === 'bridge') return { ContainerPort: p.containerPort, HostPort: p.published ?? 0, Protocol: p.protocol };
  return { ContainerPort: p.containerPort, Protocol: p.protocol };
}

/** A task volume: Fargate task storage; on EC2 / EXTERNAL a task-scoped docker volume or a host path. */
function taskVolume(v: TaskVolumeModel, fargate: boolean): CfnValue {
  if (v.hostPath !== undefined) return { Name: v.name, Host: { SourcePath: v.hostPath } };
  if (fargate) return { Name: v.name };
  return { Name: v.name, DockerVolumeConfiguration: { Scope: 'task', Driver: 'local' } };
}


export type { Ref };
