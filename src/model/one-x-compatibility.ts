/**
 * How each key of ECS Compose-X 1.x (1.1.9) is treated here: honoured, honoured differently (why),
 * refused (why), or not supported yet. The modules not supported yet come from the loader's table
 * (src/load/schema/one-x-keys.ts), so the warning and this page say the same. Rendered into
 * docs/compatibility.md with the compose keys.
 */
import { ONE_X_SERVICE, ONE_X_TOP_LEVEL } from '../load/schema/one-x-keys.js';

export type OneXStatus = 'honoured' | 'honoured differently' | 'refused' | 'not supported yet';

export interface OneXEntry {
  status: OneXStatus;
  note: string;
}

/** Keys this version renders (or refuses on purpose), by dotted 1.x key path. */
export const ONE_X_HONOURED: Record<string, OneXEntry> = {
  'x-alarms': { status: 'honoured', note: 'metric and composite alarms, SNS topics, step scaling of families' },
  'x-alarms.<name>.Services.<service>.Access': { status: 'honoured differently', note: 'accepted and ignored with warning CXA1212: an alarm grants no access' },
  'x-alarms.<name>.Services.<service>.Scaling': { status: 'honoured', note: 'step scaling; a composite alarm cannot scale (CXA1207), as CloudWatch refuses it' },
  'x-alarms.<name>.Topics[].TopicArn': { status: 'honoured differently', note: 'an ARN whose topic part is no topic name (`...:topic/name`) renders with warning CXA1105' },
  'x-cloudmap': { status: 'honoured differently', note: 'private DNS namespaces, new or looked up; resources register with Settings.x-cloudmap (API-only services with their attributes; databases by a DNS CNAME to their endpoint, routing policy WEIGHTED as Cloud Map requires; 1.x doubled the namespace in DNS names and gave CNAME records a routing policy Cloud Map rejects) (details: extensions.md)' },
  'x-cluster': { status: 'honoured', note: 'new cluster or lookup; exec-command logging' },
  'x-cluster.MacroParameters.LogGroupRetentionInDays': { status: 'honoured differently', note: 'a value CloudWatch does not offer is rounded to the nearest one with warning CXR2053 (1.x rounds silently)' },
  'x-elbv2': { status: 'honoured differently', note: 'Properties (Type, Scheme, LoadBalancerAttributes, Tags), MacroParameters/Settings, Ingress, Listeners (list or by port), Targets (access, Conditions, Cognito/OIDC auth, CreateCognitoClient), Services, TargetGroups, DnsAliases, Lookup (new listeners and rules on existing ones); NLBs get a security group; stable rule priorities; no EIPs for public NLBs (NoAllocateEips/RetainEips accepted, no effect) (details: extensions.md, rendering.md#load-balancers)' },
  'x-acm': { status: 'honoured differently', note: 'Properties or MacroParameters (DNS validation, `x-route53::` zones), Lookup; names outside the validation zone are an error (details: extensions.md, rendering.md#load-balancers)' },
  'x-route53': { status: 'honoured differently', note: 'Lookup by name (public or private); new zones (1.x: lookup only); alias records for x-elbv2 DnsAliases (details: extensions.md, rendering.md#load-balancers)' },
  'x-wafv2_webacl': { status: 'honoured differently', note: 'Properties (Scope REGIONAL by default) or Lookup (Arn, Identifier, Tags), associated with the listed application load balancers (details: extensions.md, rendering.md#load-balancers)' },
  'x-cognito_userpool': { status: 'honoured differently', note: 'Lookup (and Properties: new pools, 1.x: lookup only); ALB authentication; Services ReturnValues (UserPoolId, Arn) (details: extensions.md, rendering.md#load-balancers)' },
  'x-dashboards': { status: 'honoured differently', note: 'CloudWatch dashboards with the 1.x predefined widgets per family of Services (CPU / memory, task counts, network); Metrics, UsePredefinedMetrics: false and Resources not rendered, as in 1.x (warning CXO2202); an unknown Services key is an error (1.x: skipped) (details: extensions.md)' },
  'x-sns': { status: 'honoured', note: 'topics (FIFO too), new or looked up; publish permissions; subscriptions to x-sqs queues with the queue policy (1.x wrote none)' },
  'x-sqs': { status: 'honoured differently', note: 'queues, new or looked up, dead-letter queues, AwsPrincipalsAccess, step scaling on queue depth; Access levels grant exact actions (1.x: deny-lists, and listed services may get no permission) (details: extensions.md)' },
  'volumes.<name>.x-efs': {
    status: 'honoured differently',
    note: 'EFS file systems (Properties checked, 1.x defaults without them; Settings.Subnets; Lookup), a mount target per subnet, own security group open on 2049 to the mounting families only; TLS always; EnforceIamAuth: one access point per mounting service (1.x: per family), a shared root directory owned by the first service with a POSIX user (1.x: one per container path); task role ClientMount, ClientWrite only for read-write mounts, ClientRootAccess only for read-write mounts as root (1.x: all three always); EXTERNAL / Windows families refused (CXH1302; 1.x: skipped with a log line) (details: extensions.md)',
  },
  'volumes.<name>.driver: efs / nfs': { status: 'honoured', note: 'an EFS file system as for x-efs, encrypted, from the ECS plugin driver_opts (backup_policy, lifecycle_policy, performance_mode, throughput_mode, provisioned_throughput); EFS driver_opts without the driver stay task storage, as in 1.x, with warning CXH2301' },
  'x-elasticache': { status: 'honoured', note: 'Redis, Valkey and Memcached clusters and replication groups, new (Properties, MacroParameters) or looked up; subnets, security group open to the linked services on the cache port; ReturnValues (details: extensions.md)' },
  'x-elasticache.<name>.MacroParameters.EngineVersion 6.x': { status: 'honoured differently', note: 'a version form ElastiCache no longer accepts is replaced by the version it meant (6.x → 6.2) with warning CXH2001' },
  'x-opensearch': { status: 'honoured differently', note: 'OpenSearch domains, new (Properties, MacroParameters: CreateLogGroups, GenerateMasterUserSecret, CreateMasterUserRole) or looked up; VPC domains get subnets (one per zone) and a security group open on 443 to the linked services; Access Http RO grants Get/Head/Post only (1.x also Put/Patch), DBCluster RO no es:DeleteDomain (1.x did); HTTPS enforced by default (details: extensions.md)' },
  'x-opensearch.<name>.Services.<svc>.Access.IAM': { status: 'honoured differently', note: 'not an access (1.x ignores it silently): ignored with warning CXH2406' },
  'x-rds': { status: 'honoured differently', note: 'new Aurora clusters and DB instances (engine/version checked against the shipped engine list), generated master secret, subnets, security group ingress per linked family on the database port, secret injection (SecretsMappings, GrantTaskAccess with SecretEnvName, GenerateConnectionStringSecret), IAM database authentication (Access DBUser), Lookup of clusters and instances with their secret; RdsFeatures, UseServerless, UseMultiAz, PermissionsBoundary not rendered (details: extensions.md)' },
  'x-docdb': { status: 'honoured differently', note: 'new DocumentDB clusters and instances (version checked against the shipped engine list), generated master secret attached (a literal MasterUserPassword is dropped), subnets, security group ingress per linked family on the cluster port, secret injection (SecretsMappings, GrantTaskAccess with SecretEnvName, GenerateConnectionStringSecret), Access DBCluster: RO, ReturnValues, Lookup with the secret (details: extensions.md)' },
  'x-neptune': { status: 'honoured differently', note: 'new Neptune clusters and instances (version checked against the shipped engine list), subnets, security group ingress per linked family on the cluster port, Access NeptuneDB: connect → neptune-db:connect on the cluster resource id only, DBCluster: RO, ReturnValues, Lookup (details: extensions.md)' },
  'x-s3': { status: 'honoured', note: 'buckets, new or looked up; see extensions.md for the settings' },
  'x-kinesis': { status: 'honoured differently', note: 'streams (ON_DEMAND drops ShardCount, provisioned defaults to 1 shard); Consumer also gets kinesis:GetShardIterator; SetupIAMForKCL grants the KCL tables and metric namespace of the application only (1.x: dynamodb:* and PutMetricData on *); Lookup by Tags or Arn' },
  'x-kinesis_firehose': { status: 'honoured differently', note: 'delivery streams, new or looked up; `x-s3::` BucketARN and `x-kinesis::` source pointers, KMS key references; own role with exactly the S3 / Kinesis / KMS / log group rights (1.x: also s3:PutObjectAcl); Producer is PutRecord / PutRecordBatch (1.x: also UpdateDestination); destinations other than S3 pass as written (CXF2007) (details: extensions.md)' },
  'x-aps': { status: 'honoured', note: 'Amazon Managed Service for Prometheus workspaces, new or looked up; MacroParameters.CreateNewLogGroup; Access RW / Query / ReadActions on the workspace only; ReturnValues Arn, WorkspaceId, PrometheusEndpoint, RemoteWriteUrl, QueryUrl (also as x-aps:: pointers)' },
  'x-dynamodb': { status: 'honoured differently', note: 'tables, new or looked up, with GSIs/LSIs (key attributes checked); Scaling of the table and its global indexes (dash-named indexes work); Access levels grant exact actions on the table and its indexes (1.x: wildcards, PowerUser a NotAction); KMS grants on a customer managed key; Settings.x-cloudmap registers the table in Cloud Map (details: extensions.md)' },
  'x-codeguru_profiler': { status: 'honoured', note: 'profiling groups, new or looked up; RW agent permissions on the group; AWS_CODEGURU_PROFILER_GROUP_NAME / _ARN' },
  'x-kms': { status: 'honoured', note: 'keys, new or looked up; access levels; `x-kms::<key>` in x-s3 / x-sns properties' },
  'x-kms.<name>.Settings.Alias': { status: 'honoured differently', note: 'creates the alias (1.x reads only MacroParameters.Alias and creates none for Settings.Alias); both are accepted' },
  'x-events': { status: 'honoured', note: 'EventBridge rules (ScheduleExpression or EventPattern) running task families with TaskCount, their launch type or capacity providers, subnets, security groups and public IP; one IAM role per rule allowed ecs:RunTask on the targeted task definitions in the cluster and iam:PassRole on their task and execution roles only (1.x: PassRole on *); Services in the list or mapping form (details: extensions.md)' },
  'x-events.<name>.Services.<service>.DeleteDefaultService': { status: 'honoured differently', note: 'no ECS service for the family; its x-scaling is dropped with warning CXJ2503 (1.x drops it too), and what needs the service (load balancer targets, Cloud Map registration, alarms on the service, step scaling) is refused (CXJ1510)' },
  'x-ssm_parameter': { status: 'honoured differently', note: 'parameters, new or looked up; FromFile relative to the compose file (1.x: to the working directory); SecureString refused (CXJ1001), as CloudFormation cannot create one; access scoped to the parameter ARN (details: extensions.md)' },
  'x-tags': { status: 'honoured', note: 'tags on every resource that takes them' },
  'x-vpc': { status: 'honoured', note: 'new VPC or lookup' },
  'x-aws-cluster and the other ECS-plugin x-aws-* keys': { status: 'honoured', note: 'mapped to x-cluster, x-iam, x-scaling, x-logging (see extensions.md)' },
  'secrets.<name>.x-secrets': { status: 'honoured', note: 'Secrets Manager secrets, by name, ARN or lookup; JSON keys' },
  'secrets.<name> without x-secrets': { status: 'honoured differently', note: 'skipped with one warning per secret (CXS2007), as 1.x does' },
  'services.<svc>.depends_on: <task family>': { status: 'honoured', note: 'the family stack waits for the whole family' },
  'services.<svc>.depends_on across task families': {
    status: 'honoured differently',
    note: 'a dependency on a service of another family orders the stacks too (1.x only honours family names); one that would make two stacks wait for each other orders nothing, with warning CXR2016',
  },
  'services.<svc>.x-ecr': { status: 'honoured differently', note: 'settings of the ECR repository `push` and `--build` create: ImageTagMutability, ScanOnPush (default true), RoleArn (see build-and-push.md)' },
  'services.<svc>.x-environment.SetAsParameter': { status: 'honoured', note: 'each named environment variable becomes a parameter of the family stack (list: String; mapping: the Parameter properties, Type String or Number), given the compose value by the root stack; a name not in the environment warns (CXR2081), a non-numeric value of a Number parameter is refused (CXR1081)' },
  'services.<svc>.x-docker_opts.InterpolateWithDigest': { status: 'honoured differently', note: 'as x-ecr.InterpolateWithDigest: render keeps the image as written, with warning CXU2002 (1.1.9 itself disabled the Docker-engine lookup); `up --build` / `plan --build` / `create --build` pin the images they push to their digest' },
  'services.<svc>.x-ecr.InterpolateWithDigest': { status: 'honoured differently', note: 'render keeps the image as written, with warning CXU2002; `up --build` / `plan --build` / `create --build` pin the images they push to their digest' },
  'services.<svc>.x-ecr.VulnerabilitiesScan': { status: 'not supported yet', note: 'ignored with warning CXU2001: scan findings are not checked before deploying' },
  'services.<svc>.x-iam': { status: 'honoured', note: 'Policies, ManagedPolicyArns, PermissionsBoundary on the task role' },
  'services.<svc>.x-logging.RetentionInDays': { status: 'honoured differently', note: 'a value CloudWatch does not offer is rounded to the nearest one with warning CXR2017 (1.x rounds silently)' },
  'services.<svc>.x-logging.FireLens': { status: 'honoured differently', note: 'Fluent Bit log router sidecar (public image), awsfirelens outputs to CloudWatch Logs, Firehose, Kinesis, S3 with rights on the named destination only; ReplaceAwsLogs; FirelensConfiguration (an S3 configuration file is refused on Fargate, CXO1002); Advanced EnableApiHeathCheck, EnvironmentVariables, LogDriverBufferLimit' },
  'services.<svc>.x-logging.FireLens.Advanced (SourceFile, ParserFiles, ComposeXManagedAwsDestinations, GracePeriod)': { status: 'not supported yet', note: 'they need the Fluent Bit configuration file 1.x generates; ignored with warning CXO2004: give a configuration file of your own (config-file-type / config-file-value) and the outputs in logging options' },
  'services.<svc>.logging.options with x-<module>:: pointers (awsfirelens)': { status: 'honoured', note: 'delivery_stream: x-kinesis_firehose::<name>, stream: x-kinesis::<name> and bucket: x-s3::<name> resolve to the resource, rights on its ARN; other pointers are errors (CXO1003)' },
  'services.<svc>.x-network': { status: 'honoured', note: 'Ingress, AssignPublicIp, AdditionalSecurityGroups, x-cloudmap; written empty it means no settings' },
  'services.<svc>.x-network.Ingress.Services[].DependsOn': { status: 'honoured differently', note: 'accepted; it has no effect, as in 1.x: use depends_on' },
  'services.<svc>.x-network.x-ecs_connect': { status: 'not supported yet', note: 'ignored with warning CXR2014' },
  'services.<svc>.x-network.x-cloudmap with several namespaces': { status: 'refused', note: 'an ECS service has a single service registry (CXN1113)' },
  'services.<svc>.x-scaling': { status: 'honoured', note: 'Range, TargetScaling, ScheduledActions' },
  'services.<svc>.x-scaling.ScheduledActions[].Schedule': { status: 'honoured differently', note: 'compact rates such as `rate(1h)` are written `rate(1 hour)` with warning CXA1006 (1.x passes them on and Application Auto Scaling rejects them)' },
  'services.<svc>.x-ecs': { status: 'honoured', note: 'EnableExecuteCommand, CpuArchitecture, OperatingSystemFamily, CapacityProviderStrategy (one strategy per task family)' },
  'services.<svc>.x-prometheus': { status: 'honoured differently', note: 'CloudWatch agent sidecar scraping the family\'s exporters (CollectForJavaJmx, CollectForNginx, CustomRules, ScrapingConfiguration; ScrapingConfigurationFile relative to the compose file, 1.x: to the working directory) into Container Insights; configuration in SSM parameters; ECS discovery rights scoped to the cluster, PutMetricData to its namespace only; CollectEmf honoured (1.x ignores it); CollectForAppMesh / CollectForNginxPlus not rendered (CXO2006), as in 1.x' },
  'services.<svc>.x-monitoring': { status: 'honoured differently', note: 'CWAgentCollectEmf (and CollectEmf.CloudwatchAgent): the same CloudWatch agent sidecar, collecting EMF; AWS_EMF_AGENT_ENDPOINT on the containers; logs rights in the account and region (1.x: AWSLambdaBasicExecutionRole); InterpolateWithDigest not applied (CXO2008)' },
  'services.<svc>.x-xray / x-ray': { status: 'honoured', note: 'X-Ray daemon sidecar (public ECR image, or OverrideImage), AWS_XRAY_DAEMON_ADDRESS on the containers, trace-writing rights on the task role' },
  'services.<svc>.x-alarms': { status: 'honoured', note: 'predefined alarms (which 1.1.9 no longer renders)' },
  'deploy.labels ecs.compute.platform: EC2 / EXTERNAL': { status: 'honoured', note: 'EC2 capacity from x-cluster.Ec2Capacity, bridge/host network modes, placement, ECS Anywhere (see the compute section above)' },
  'Fn::Transform (top level)': { status: 'refused', note: 'the 1.x CloudFormation macro mode is not offered (CXL1007): render the compose files the macro names' },
  'service-level x- keys 1.1.9 does not check (e.g. x-network.lb_type)': { status: 'refused', note: 'unknown keys are errors (CXV1001) with the closest known key as hint' },
};

/** The markdown section of docs/compatibility.md listing the 1.x keys. */
export function oneXMarkdown(): string[] {
  const rows: [string, OneXEntry][] = [
    ...Object.entries(ONE_X_HONOURED),
    ...Object.entries(ONE_X_TOP_LEVEL).map(([k, v]): [string, OneXEntry] => [k, { status: 'not supported yet', note: `${v.what}; ignored with warning CXV2010 — ${v.instead}` }]),
    ...Object.entries(ONE_X_SERVICE).map(([k, v]): [string, OneXEntry] => [`services.<svc>.${k}`, { status: 'not supported yet', note: `${v.what}; ignored with warning CXV2010 — ${v.instead}` }]),
  ];
  rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    '## ECS Compose-X 1.x keys',
    '',
    'How the `x-` keys and conventions of ECS Compose-X 1.x (1.1.9) are treated. Keys not listed here',
    'are compose keys (above) or keys of the extensions documented in [extensions.md](extensions.md).',
    '',
    'The 1.x use-case corpus (`use-cases/` of compose-x/ecs_composex) is rendered by',
    '`test/compat/corpus.test.ts` when `CX_1X_CORPUS` names that folder: each module file with the base',
    'file `blog.features.yml`, with the lookups recorded in `test/compat/lookups/`; the expected outcome',
    'of every case, with the reason for each refusal, is in `test/compat/expectations.json`.',
    '',
    '| 1.x key | status | notes |',
    '| --- | --- | --- |',
    ...rows.map(([k, v]) => `| \`${k}\` | ${v.status} | ${v.note} |`),
    '',
  ];
}
