/**
 * The canonical rules: which transform applies at which path of a compose document. The first
 * matching pattern wins; containers no pattern matches are walked into.
 */
import { transformCommand, transformHealthTest } from './command.js';
import { driverOptions, envMap, labelMap, transformExtraHosts } from './keyvalue.js';
import { transformExpose, transformPorts } from './ports.js';
import { transformResource } from './resources.js';
import {
  stringOrList,
  transformBuild,
  transformDependsOn,
  transformEnvFile,
  transformExtends,
  transformService,
  transformServiceNetworks,
  transformUlimit,
} from './services.js';
import { transformCpus, transformDuration, transformMemory } from './sizes.js';
import { fileMounts, transformServiceVolumes } from './volumes.js';
import type { RuleTable, Transform } from './walk.js';

const DURATION_PATHS = [
  'services.*.healthcheck.interval',
  'services.*.healthcheck.timeout',
  'services.*.healthcheck.start_period',
  'services.*.healthcheck.start_interval',
  'services.*.stop_grace_period',
  'services.*.deploy.update_config.delay',
  'services.*.deploy.update_config.monitor',
  'services.*.deploy.rollback_config.delay',
  'services.*.deploy.rollback_config.monitor',
  'services.*.deploy.restart_policy.delay',
  'services.*.deploy.restart_policy.window',
];
const MEMORY_PATHS = [
  'services.*.mem_limit',
  'services.*.mem_reservation',
  'services.*.memswap_limit',
  'services.*.shm_size',
  'services.*.build.shm_size',
  'services.*.deploy.resources.limits.memory',
  'services.*.deploy.resources.reservations.memory',
];
const CPU_PATHS = ['services.*.cpus', 'services.*.deploy.resources.limits.cpus', 'services.*.deploy.resources.reservations.cpus'];

/** Path pattern → transform. The first matching pattern wins; unmatched containers are walked. */
const RULE_TABLE: ReadonlyArray<readonly [string, Transform]> = [
  ['services.*', transformService],
  ['services.*.ports', transformPorts],
  ['services.*.expose', transformExpose],
  ['services.*.volumes', transformServiceVolumes],
  ['services.*.secrets', fileMounts('/run/secrets')],
  ['services.*.configs', fileMounts('')],
  ['services.*.depends_on', transformDependsOn],
  ['services.*.networks', transformServiceNetworks],
  ['services.*.build', transformBuild],
  ['services.*.env_file', transformEnvFile],
  ['services.*.extends', transformExtends],
  ['services.*.dns', stringOrList],
  ['services.*.dns_search', stringOrList],
  ['services.*.dns_opt', stringOrList],
  ['services.*.tmpfs', stringOrList],
  ['services.*.label_file', stringOrList],
  ['services.*.cap_add', stringOrList],
  ['services.*.cap_drop', stringOrList],
  ['services.*.profiles', stringOrList],
  ['services.*.environment', envMap],
  ['services.*.build.args', envMap],
  ['services.*.labels', labelMap],
  ['services.*.annotations', labelMap],
  ['services.*.sysctls', labelMap],
  ['services.*.deploy.labels', labelMap],
  ['services.*.build.labels', labelMap],
  ['services.*.build.additional_contexts', labelMap],
  ['services.*.command', transformCommand],
  ['services.*.entrypoint', transformCommand],
  ['services.*.healthcheck.test', transformHealthTest],
  ['services.*.extra_hosts', transformExtraHosts],
  ['services.*.build.extra_hosts', transformExtraHosts],
  ['services.*.ulimits.*', transformUlimit],
  ['services.*.build.ulimits.*', transformUlimit],
  ...DURATION_PATHS.map((p) => [p, transformDuration] as const),
  ...MEMORY_PATHS.map((p) => [p, transformMemory] as const),
  ...CPU_PATHS.map((p) => [p, transformCpus] as const),
  ['networks.*.labels', labelMap],
  ['volumes.*.labels', labelMap],
  ['secrets.*.labels', labelMap],
  ['configs.*.labels', labelMap],
  ['networks.*.driver_opts', driverOptions],
  ['volumes.*.driver_opts', driverOptions],
  ['networks.*', transformResource],
  ['volumes.*', transformResource],
  ['secrets.*', transformResource],
  ['configs.*', transformResource],
];

export const RULES: RuleTable = RULE_TABLE.map(([p, t]) => [p.split('.'), t] as const);
