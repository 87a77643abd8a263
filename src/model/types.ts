/**
 * The deployment model: what will exist on ECS, free of CloudFormation syntax. Built from the
 * resolved compose project (and lookup results); synthesized into templates by src/synth/.
 */

export type StartCondition = 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';

export interface PortModel {
  containerPort: number;
  protocol: 'tcp' | 'udp';
  /** Published port as written (used as HostPort in bridge mode; 0 there means a dynamic port). */
  published?: number;
}

export interface MountModel {
  /** Task volume name (a named volume, or the host-path volume of a bind mount). */
  volume: string;
  containerPath: string;
  readOnly: boolean;
  /** Host path of a bind mount (EC2 / EXTERNAL only). */
  hostPath?: string;
}

export interface HealthCheckModel {
  command: string[];
  interval?: number;
  timeout?: number;
  retries?: number;
  startPeriod?: number;
}

export interface LogModel {
  /** Extra awslogs options given by the user (group/region/prefix are filled in by synth). */
  options: Record<string, string>;
  /** A user-chosen log group name instead of the family's group. */
  group?: string;
  /** Options of the `awsfirelens` driver (FireLens), when the service logs through it. */
  firelens?: Record<string, string>;
}

export interface ContainerModel {
  /** The compose service name, also the container name. */
  name: string;
  image: string;
  essential: boolean;
  startCondition: StartCondition;
  dependsOn: { containerName: string; condition: StartCondition }[];
  cpuUnits?: number;
  memoryMiB?: number;
  memoryReservationMiB?: number;
  command?: string[];
  entryPoint?: string[];
  /** Literal environment, sorted by name when synthesized. */
  environment: Record<string, string>;
  ports: PortModel[];
  mounts: MountModel[];
  volumesFrom: { sourceContainer: string; readOnly: boolean }[];
  healthCheck?: HealthCheckModel;
  dockerLabels: Record<string, string>;
  user?: string;
  workingDirectory?: string;
  readonlyRootFilesystem?: boolean;
  privileged?: boolean;
  interactive?: boolean;
  pseudoTerminal?: boolean;
  initProcessEnabled?: boolean;
  capAdd: string[];
  capDrop: string[];
  ulimits: { name: string; soft: number; hard: number }[];
  systemControls: { namespace: string; value: string }[];
  stopTimeout?: number;
  /** LinuxParameters.Tmpfs (EC2 / EXTERNAL only). */
  tmpfs: { containerPath: string; sizeMiB: number }[];
  /** LinuxParameters.SharedMemorySize in MiB (EC2 / EXTERNAL only). */
  sharedMemoryMiB?: number;
  log: LogModel;
}

export interface TaskVolumeModel {
  name: string;
  /** Host path of a bind mount (EC2 / EXTERNAL only). */
  hostPath?: string;
}

/** Where the tasks of a family run (deploy.labels ecs.compute.platform, or EC2 capacity providers). */
export type ComputePlatform = 'FARGATE' | 'EC2' | 'EXTERNAL';

/** Task network mode: awsvpc on Fargate; bridge, host, none or awsvpc on EC2; bridge, host or none on EXTERNAL. */
export type NetworkMode = 'awsvpc' | 'bridge' | 'host' | 'none';

export interface PlacementModel {
  /** ECS placement constraints (memberOf expressions, distinctInstance). */
  constraints: { type: 'memberOf' | 'distinctInstance'; expression?: string }[];
  /** ECS placement strategies, in the order ECS applies them. */
  strategies: { type: 'spread' | 'binpack' | 'random'; field?: string }[];
}

export interface FamilyModel {
  /** Family name as written by the user (ecs.task.family label, or the service name). */
  name: string;
  /** Alphanumeric name: stack logical ID, file name, prefix of IDs. */
  logicalName: string;
  /** DNS-friendly name (Cloud Map registration). */
  hostname: string;
  /** Compose services of the family, in container order. */
  services: string[];
  containers: ContainerModel[];
  volumes: TaskVolumeModel[];
  replicas: number;
  /** Task CPU units (Fargate: a valid Fargate size; EC2 / EXTERNAL: the sum of the containers, 0 = unset). */
  taskCpu: number;
  /** Task memory in MiB (Fargate: a valid Fargate size; EC2 / EXTERNAL: the sum of the containers, 0 = unset). */
  taskMemory: number;
  platform: ComputePlatform;
  /** The service (and its key path) that decided a platform other than FARGATE, for diagnostics. */
  platformSource?: { service: string; path: (string | number)[] };
  networkMode: NetworkMode;
  placement: PlacementModel;
  /** Other families this family must be created after (depends_on across families). */
  dependsOnFamilies: string[];
  logRetentionDays: number;
  rollbackOnFailure: boolean;
  iam: {
    policies: { name: string; document: Record<string, unknown> }[];
    managedPolicyArns: string[];
    permissionsBoundary?: string;
  };
  enableExecuteCommand: boolean;
  /** Fargate ephemeral storage in GiB (21 to 200) from the ecs.ephemeral.storage label; undefined = the default 20 GiB. */
  ephemeralStorageGiB?: number;
  cpuArchitecture: 'X86_64' | 'ARM64';
  operatingSystemFamily: string;
  assignPublicIp: boolean;
  /** Subnet group the service runs in (AppSubnets unless a network maps elsewhere). */
  subnetGroup: string;
  /** Service-level x- settings of each service, for the extensions (merged by them). */
  extensions: Record<string, { service: string; value: unknown }[]>;
  /**
   * Set when the family gets no ECS service, only its task definition (run by something else,
   * e.g. a scheduled rule): where that was asked (key path and position), for diagnostics.
   */
  withoutService?: { path: string; pos?: { file: string; line: number; column: number } };
}
