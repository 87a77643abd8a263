/**
 * The deployment model: what will exist on ECS, free of CloudFormation syntax. Built from the
 * resolved compose project (and lookup results); synthesized into templates by src/synth/.
 */

export type StartCondition = 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';

export interface PortModel {
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

export interface MountModel {
  volume: string;
  containerPath: string;
  readOnly: boolean;
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
  log: LogModel;
}

export interface TaskVolumeModel {
  name: string;
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
  taskCpu: number;
  taskMemory: number;
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
}
