/**
 * How each compose service key is honoured on ECS. The renderer follows this table: keys marked
 * `ignored` give one warning per key and service, `rejected` keys are errors. docs/compatibility.md
 * is generated from it (`npm run docs`), and a test keeps the two equal.
 */
import { oneXMarkdown } from './one-x-compatibility.js';

import { computeCompatibilityMarkdown } from './compatibility-compute.js';

export type Support = 'supported' | 'ignored' | 'rejected';

export interface KeySupport {
  support: Support;
  /** What it becomes on ECS, or why it is ignored / rejected. */
  note: string;
}

export const SERVICE_KEYS: Record<string, KeySupport> = {
  annotations: { support: 'ignored', note: 'no ECS equivalent' },
  attach: { support: 'ignored', note: 'local docker only' },
  blkio_config: { support: 'ignored', note: 'no ECS equivalent' },
  build: { support: 'ignored', note: 'render uses `image`; `build`, `push` and `up --build` build it with docker and push it (see build-and-push.md)' },
  cap_add: { support: 'supported', note: 'LinuxParameters.Capabilities.Add (Fargate allows SYS_PTRACE only)' },
  cap_drop: { support: 'supported', note: 'LinuxParameters.Capabilities.Drop' },
  cgroup: { support: 'ignored', note: 'no ECS equivalent' },
  cgroup_parent: { support: 'ignored', note: 'no ECS equivalent' },
  command: { support: 'supported', note: 'Command (string split shell-style)' },
  configs: { support: 'ignored', note: 'docker configs have no ECS equivalent; use secrets or x-ssm_parameter' },
  container_name: { support: 'ignored', note: 'the container is named after the service' },
  cpu_count: { support: 'ignored', note: 'use deploy.resources' },
  cpu_percent: { support: 'ignored', note: 'use deploy.resources' },
  cpu_period: { support: 'ignored', note: 'use deploy.resources' },
  cpu_quota: { support: 'ignored', note: 'use deploy.resources' },
  cpu_rt_period: { support: 'ignored', note: 'no ECS equivalent' },
  cpu_rt_runtime: { support: 'ignored', note: 'no ECS equivalent' },
  cpus: { support: 'supported', note: 'container Cpu (same as deploy.resources.limits.cpus)' },
  cpuset: { support: 'ignored', note: 'no ECS equivalent' },
  cpu_shares: { support: 'ignored', note: 'use deploy.resources' },
  credential_spec: { support: 'ignored', note: 'no ECS equivalent' },
  depends_on: { support: 'supported', note: 'container DependsOn inside a task family; stack order across families' },
  deploy: { support: 'supported', note: 'replicas, resources, labels (ecs.*), update_config.failure_action, placement (EC2 / EXTERNAL)' },
  develop: { support: 'ignored', note: 'local development only' },
  device_cgroup_rules: { support: 'ignored', note: 'no ECS equivalent' },
  devices: { support: 'ignored', note: 'not available on Fargate' },
  dns: { support: 'ignored', note: 'not available with awsvpc networking' },
  dns_opt: { support: 'ignored', note: 'not available with awsvpc networking' },
  dns_search: { support: 'ignored', note: 'not available with awsvpc networking' },
  domainname: { support: 'ignored', note: 'not available with awsvpc networking' },
  entrypoint: { support: 'supported', note: 'EntryPoint (string split shell-style)' },
  env_file: { support: 'supported', note: 'folded into Environment at render time' },
  environment: { support: 'supported', note: 'Environment (values passed verbatim)' },
  expose: { support: 'supported', note: 'PortMappings (container ports)' },
  extends: { support: 'supported', note: 'resolved by the loader' },
  external_links: { support: 'ignored', note: 'use service discovery (x-network.x-cloudmap)' },
  extra_hosts: { support: 'ignored', note: 'not available with awsvpc networking' },
  gpus: { support: 'ignored', note: 'GPU reservations are not rendered yet (they need EC2 GPU instances)' },
  group_add: { support: 'ignored', note: 'no ECS equivalent' },
  healthcheck: { support: 'supported', note: 'HealthCheck; containers depending on it wait for HEALTHY' },
  hostname: { support: 'ignored', note: 'not available with awsvpc networking' },
  image: { support: 'supported', note: 'Image, through the <service>ImageUrl stack parameter' },
  init: { support: 'supported', note: 'LinuxParameters.InitProcessEnabled' },
  ipc: { support: 'ignored', note: 'not available on Fargate' },
  isolation: { support: 'ignored', note: 'no ECS equivalent' },
  label_file: { support: 'ignored', note: 'use labels' },
  labels: { support: 'supported', note: 'DockerLabels' },
  links: { support: 'ignored', note: 'containers of a task share localhost; use service discovery across families' },
  logging: { support: 'supported', note: 'LogConfiguration (awslogs by default; awsfirelens through a FireLens log router, see extensions.md#firelens-x-loggingfirelens)' },
  mac_address: { support: 'ignored', note: 'no ECS equivalent' },
  mem_limit: { support: 'supported', note: 'container Memory (same as deploy.resources.limits.memory)' },
  mem_reservation: { support: 'supported', note: 'container MemoryReservation' },
  mem_swappiness: { support: 'ignored', note: 'not available on Fargate' },
  memswap_limit: { support: 'ignored', note: 'not available on Fargate' },
  models: { support: 'ignored', note: 'no ECS equivalent' },
  network_mode: { support: 'supported', note: 'task NetworkMode on EC2 (awsvpc, bridge, host, none) and EXTERNAL (bridge, host, none); Fargate takes awsvpc only (others are errors); service:/container: are ignored' },
  networks: { support: 'supported', note: 'subnet placement through networks.<name>.x-vpc' },
  oom_kill_disable: { support: 'ignored', note: 'no ECS equivalent' },
  oom_score_adj: { support: 'ignored', note: 'no ECS equivalent' },
  pid: { support: 'ignored', note: 'not available on Fargate' },
  pids_limit: { support: 'ignored', note: 'no ECS equivalent' },
  platform: { support: 'ignored', note: 'use x-ecs.CpuArchitecture / OperatingSystemFamily' },
  ports: { support: 'supported', note: 'PortMappings; host ports equal container ports with awsvpc / host; bridge maps the published port (none: dynamic)' },
  post_start: { support: 'ignored', note: 'no ECS equivalent' },
  pre_start: { support: 'ignored', note: 'use an init container (deploy.labels ecs.depends.condition: SUCCESS)' },
  pre_stop: { support: 'ignored', note: 'no ECS equivalent' },
  privileged: { support: 'supported', note: 'Privileged on EC2 / EXTERNAL; an error on Fargate' },
  profiles: { support: 'supported', note: 'resolved by the loader' },
  provider: { support: 'rejected', note: 'provider services cannot run on ECS' },
  pull_policy: { support: 'ignored', note: 'ECS always pulls' },
  pull_refresh_after: { support: 'ignored', note: 'ECS always pulls' },
  read_only: { support: 'supported', note: 'ReadonlyRootFilesystem' },
  restart: { support: 'ignored', note: 'ECS services replace stopped tasks' },
  runtime: { support: 'ignored', note: 'no ECS equivalent' },
  scale: { support: 'supported', note: 'DesiredCount (same as deploy.replicas)' },
  secrets: { support: 'supported', note: 'Secrets from Secrets Manager (secrets.<name>.x-secrets)' },
  security_opt: { support: 'ignored', note: 'not available on Fargate' },
  shm_size: { support: 'supported', note: 'LinuxParameters.SharedMemorySize on EC2 / EXTERNAL (ignored on Fargate with a warning)' },
  stdin_open: { support: 'supported', note: 'Interactive' },
  stop_grace_period: { support: 'supported', note: 'StopTimeout (2 to 120 seconds)' },
  stop_signal: { support: 'ignored', note: 'no ECS equivalent' },
  storage_opt: { support: 'ignored', note: 'no ECS equivalent' },
  sysctls: { support: 'supported', note: 'SystemControls' },
  tmpfs: { support: 'supported', note: 'LinuxParameters.Tmpfs on EC2 / EXTERNAL, 64 MiB unless sized (ignored on Fargate with a warning)' },
  tty: { support: 'supported', note: 'PseudoTerminal' },
  ulimits: { support: 'supported', note: 'Ulimits (Fargate honours nofile only; EC2 / EXTERNAL all)' },
  use_api_socket: { support: 'rejected', note: 'there is no docker socket on ECS' },
  user: { support: 'supported', note: 'User' },
  userns_mode: { support: 'ignored', note: 'no ECS equivalent' },
  uts: { support: 'ignored', note: 'no ECS equivalent' },
  volumes: { support: 'supported', note: 'task volumes and MountPoints; bind mounts (absolute host paths) and tmpfs on EC2 / EXTERNAL only; named volumes with `driver: efs` / `nfs` or `x-efs` are EFS file systems (x-efs)' },
  volumes_from: { support: 'supported', note: 'VolumesFrom (same family only)' },
  working_dir: { support: 'supported', note: 'WorkingDirectory' },
};

/** Renders docs/compatibility.md from the table. */
export function compatibilityMarkdown(): string {
  const lines = [
    '# Compose service keys on ECS',
    '',
    'Generated from `src/model/compatibility.ts` by `npm run docs`; the renderer follows this table.',
    '`ignored` keys give one warning per service and key; `rejected` keys stop the render with an error.',
    '',
    '| key | support | on ECS |',
    '| --- | --- | --- |',
  ];
  for (const k of Object.keys(SERVICE_KEYS).sort()) {
    const s = SERVICE_KEYS[k];
    lines.push(`| \`${k}\` | ${s.support} | ${s.note} |`);
  }
  lines.push(...computeCompatibilityMarkdown());
  lines.push('', 'Service-level `x-` keys are documented in [extensions.md](extensions.md).', '');
  lines.push(...oneXMarkdown());
  return lines.join('\n');
}

