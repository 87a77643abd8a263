/**
 * The domains of x-opensearch: new ones in the nested stack `opensearch`, looked-up ones from the
 * recorded lookups (shared/lookup.ts).
 *
 * New domain `<name>` (logical id NONALNUM(name)): an AWS::OpenSearchService::Domain of its
 * `Properties`, with
 * - checks of EngineVersion (offered by the service) and of the instance types against what their
 *   family runs (engines.ts): oldest Elasticsearch version, EBS volume or instance storage,
 *   encryption and UltraWarm, no Graviton mixed with x86;
 * - MacroParameters of 1.x: CreateLogGroups (+ RetentionInDays, CreateLogGroupsResourcePolicy),
 *   GenerateMasterUserSecret (a master user whose password Secrets Manager generates) or
 *   CreateMasterUserRole (+ MasterUserRolePermissionsBoundary): fine-grained access control,
 *   with the encryption settings it needs turned on. A literal MasterUserPassword is replaced by
 *   a generated secret (warning);
 * - a VPC domain when Properties.VPCOptions or Settings.Subnets is given: its own security group
 *   (added to those given), subnets of `Settings.Subnets` (StorageSubnets by default) as many as
 *   the domain uses (one, or one per zone with zone awareness), HTTPS (443) opened to the linked
 *   families only (shared/vpc.ts). Otherwise a public domain (reached with IAM only);
 * - HTTPS enforced unless DomainEndpointOptions.EnforceHTTPS says otherwise.
 *
 * Attributes: `DomainName` (Ref), `Arn`, `DomainEndpoint`, `Id`, and `GroupId` for a VPC domain.
 */
import { getAtt, ref, sub, type CfnValue } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import type { DeletionPolicy } from '../../cfn/template.js';
import { formatPath, isMapping, posAt, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { boundaryArn } from '../../synth/vpc.js';
import { moduleSite, readLookup } from '../shared/lookup.js';
import type { ModuleResource, ResourceEntry } from '../shared/module.js';
import { typedProperties } from '../shared/property-types.js';
import { addGeneratedSecret } from '../shared/secret.js';
import { moduleStack, type ModuleStack } from '../shared/stack.js';
import type { Where } from '../shared/targets.js';
import { DEFAULT_SUBNETS, placeInVpc } from '../shared/vpc.js';
import { ENGINE_VERSIONS, INSTANCE_FAMILIES, familyOf, olderThan, parseVersion } from './engines.js';

export type Domain = ModuleResource;

/** Every attribute a domain may give. */
export const ATTRIBUTES: readonly string[] = ['DomainName', 'Arn', 'DomainEndpoint', 'Id', 'GroupId'];

export const STACK_ID = 'opensearch';
export const HTTPS = 443;
const MASTER_USER = 'admin';
const LOG_TYPES = ['SEARCH_SLOW_LOGS', 'ES_APPLICATION_LOGS', 'INDEX_SLOW_LOGS', 'AUDIT_LOGS'] as const;
const LOGS_POLICY = 'LogGroupsResourcePolicy';
const SECURITY_GROUP_ID = /^sg-([a-fA-F0-9]{8}|[a-fA-F0-9]{17})$/;

const DOMAIN_PROPERTIES = [
  'AccessPolicies', 'AdvancedOptions', 'AdvancedSecurityOptions', 'AIMLOptions', 'ClusterConfig', 'CognitoOptions', 'DomainEndpointOptions', 'DomainName', 'EBSOptions',
  'EncryptionAtRestOptions', 'EngineVersion', 'IdentityCenterOptions', 'IPAddressType', 'LogPublishingOptions', 'NodeToNodeEncryptionOptions', 'OffPeakWindowOptions',
  'SkipShardMigrationWait', 'SnapshotOptions', 'SoftwareUpdateOptions', 'Tags', 'VPCOptions',
];
/** 1.x files write these as strings ('2', 'true'). */
const NESTED_TYPES: Readonly<Record<string, { booleans?: string[]; integers?: string[] }>> = {
  ClusterConfig: {
    booleans: ['DedicatedMasterEnabled', 'ZoneAwarenessEnabled', 'WarmEnabled', 'MultiAZWithStandbyEnabled'],
    integers: ['InstanceCount', 'DedicatedMasterCount', 'WarmCount'],
  },
  EBSOptions: { booleans: ['EBSEnabled'], integers: ['Iops', 'VolumeSize', 'Throughput'] },
  EncryptionAtRestOptions: { booleans: ['Enabled'] },
  NodeToNodeEncryptionOptions: { booleans: ['Enabled'] },
  DomainEndpointOptions: { booleans: ['EnforceHTTPS', 'CustomEndpointEnabled'] },
  AdvancedSecurityOptions: { booleans: ['Enabled', 'InternalUserDatabaseEnabled', 'AnonymousAuthEnabled'] },
};

const LOOKUP_SPEC = { required: ['DomainName', 'Arn', 'DomainEndpoint'], optional: ['SecurityGroupId'], code: 'CXH1410' };

type At = (...p: (string | number)[]) => Where;

export function buildDomains(ctx: RenderContext, entries: ResourceEntry[]): Domain[] {
  const root = ctx.doc['x-opensearch'];
  const policy = isMapping(root) && typeof root.DeletionPolicy === 'string' ? (root.DeletionPolicy as DeletionPolicy) : undefined;
  const out: Domain[] = [];
  const names = new Map<string, string>();
  for (const entry of entries) {
    const d = isMapping(entry.def.Lookup) ? lookedUp(ctx, entry) : newDomain(ctx, entry, policy, names);
    if (d) out.push(d);
  }
  return out;
}

function lookedUp(ctx: RenderContext, entry: ResourceEntry): Domain | undefined {
  const r = readLookup(ctx, moduleSite(entry), LOOKUP_SPEC);
  if (!r) return undefined;
  const values: Record<string, string> = { ...r, ...(r.SecurityGroupId ? { GroupId: r.SecurityGroupId } : {}) };
  return {
    name: entry.name,
    attributes: ATTRIBUTES.filter((a) => values[a] !== undefined),
    value: (_c, attr) => values[attr],
    ...(r.SecurityGroupId ? { network: { securityGroupId: () => r.SecurityGroupId, ports: [{ port: HTTPS }] } } : {}),
  };
}

function newDomain(ctx: RenderContext, entry: ResourceEntry, policy: DeletionPolicy | undefined, names: Map<string, string>): Domain | undefined {
  const at: At = (...p) => {
    const path = [...entry.path, ...p];
    return { path: formatPath(path), pos: posAt(ctx.doc, path) ?? posAt(ctx.doc, entry.path) };
  };
  const label = `x-opensearch ${entry.name}`;
  const given = isMapping(entry.def.Properties) ? entry.def.Properties : {};
  const macro: Mapping = isMapping(entry.def.MacroParameters) ? entry.def.MacroParameters : {};
  const odd = Object.keys(given).filter((k) => !DOMAIN_PROPERTIES.includes(k));
  for (const k of odd) {
    ctx.bag.error({ code: 'CXH1401', message: `${label}: ${k} is no property of an AWS::OpenSearchService::Domain`, ...at('Properties', k), expected: `one of: ${DOMAIN_PROPERTIES.join(', ')}` });
  }
  const props: Record<string, CfnValue> = {};
  for (const [k, v] of Object.entries(given)) {
    const types = NESTED_TYPES[k];
    props[k] = types && isMapping(v) ? typedProperties({ ...(v as Record<string, CfnValue>) }, types) : (v as CfnValue);
  }
  if (typeof props.DomainName === 'string') {
    const first = names.get(props.DomainName);
    if (first !== undefined) {
      ctx.bag.warn({
        code: 'CXH2407',
        message: `${label}: DomainName ${JSON.stringify(props.DomainName)} is already the name of ${first}: left out, CloudFormation names this domain`,
        ...at('Properties', 'DomainName'),
        hint: 'give each domain its own DomainName',
      });
      delete props.DomainName;
    } else names.set(props.DomainName, entry.name);
  }
  let ok = odd.length === 0;
  ok = checkVersion(ctx, label, props, at) && ok;

  const stack = moduleStack(ctx, STACK_ID, 'OpenSearch domains (x-opensearch)');
  const id = logicalId(entry.name);
  const master = masterUser(ctx, stack, entry, id, props, macro, at);
  if (!master) ok = false;
  const fgac = isMapping(props.AdvancedSecurityOptions) && props.AdvancedSecurityOptions.Enabled === true;
  if (fgac) requireEncryption(ctx, label, props, at);
  else if (!isMapping(props.DomainEndpointOptions) || props.DomainEndpointOptions.EnforceHTTPS === undefined) {
    props.DomainEndpointOptions = { ...(isMapping(props.DomainEndpointOptions) ? (props.DomainEndpointOptions as Record<string, CfnValue>) : {}), EnforceHTTPS: true };
  }
  ok = checkInstances(ctx, label, props, at) && ok;
  const logs = logGroups(ctx, stack, entry, id, props, macro, fgac, at);

  const settings = entry.def.Settings;
  const inVpc = props.VPCOptions !== undefined || (isMapping(settings) && settings.Subnets !== undefined);
  const vpc = inVpc ? placeInVpc(ctx, stack, entry, id, `OpenSearch domain ${entry.name}`) : undefined;
  if (!ok || !logs || (inVpc && !vpc)) return undefined;
  if (vpc) {
    const options = isMapping(props.VPCOptions) ? (props.VPCOptions as Record<string, CfnValue>) : {};
    if (options.SubnetIds !== undefined) {
      ctx.bag.warn({
        code: 'CXH2405',
        message: `${label}: VPCOptions.SubnetIds is replaced by the subnets of Settings.Subnets`,
        ...at('Properties', 'VPCOptions', 'SubnetIds'),
        hint: 'choose the subnets with Settings.Subnets (a subnet group of the network; StorageSubnets by default)',
      });
    }
    const groups = (Array.isArray(options.SecurityGroupIds) ? (options.SecurityGroupIds as CfnValue[]) : []).filter((g, i) => {
      if (typeof g !== 'string' || SECURITY_GROUP_ID.test(g)) return true;
      ctx.bag.warn({
        code: 'CXH2408',
        message: `${label}: ${JSON.stringify(g)} is not a security group id: left out`,
        ...at('Properties', 'VPCOptions', 'SecurityGroupIds', i),
        hint: 'sg- and 8 or 17 hexadecimal digits; the domain has its own security group, opened to the linked services',
      });
      return false;
    });
    const count = zoneCount(props.ClusterConfig);
    const group = isMapping(settings) && typeof settings.Subnets === 'string' ? settings.Subnets : DEFAULT_SUBNETS;
    const known = ctx.network.subnets[group];
    const have = typeof known === 'string' ? known.split(',').filter((x) => x !== '').length : undefined;
    if (have !== undefined && have < count) {
      ctx.bag.error({
        code: 'CXH1411',
        message: `${label}: the domain spreads over ${count} zones, subnet group ${group} has ${have} subnet${have === 1 ? '' : 's'}`,
        ...(isMapping(settings) && settings.Subnets !== undefined ? at('Settings', 'Subnets') : at('Properties', 'ClusterConfig')),
        expected: `a subnet group with ${count} subnets (one per zone), or fewer zones (ZoneAwarenessConfig.AvailabilityZoneCount)`,
      });
      return undefined;
    }
    const subnets = Array.from({ length: count }, (_, i): CfnValue => ({ 'Fn::Select': [i, vpc.subnetIds] }));
    props.VPCOptions = { ...options, SecurityGroupIds: [...groups, vpc.securityGroupId], SubnetIds: subnets };
  }

  stack.add(id, {
    Type: 'AWS::OpenSearchService::Domain',
    ...(policy ? { DeletionPolicy: policy, UpdateReplacePolicy: policy === 'Retain' ? 'Retain' : undefined } : {}),
    ...(logs.length > 0 ? { DependsOn: logs } : {}),
    Properties: props,
  });
  const attributes = ATTRIBUTES.filter((a) => a !== 'GroupId' || vpc !== undefined);
  const valueOf = (attr: string): CfnValue => {
    if (attr === 'DomainName') return ref(id);
    if (attr === 'GroupId') return vpc?.securityGroupId as CfnValue;
    return getAtt(id, attr);
  };
  stack.expose(id, entry.name, attributes, valueOf);
  return {
    name: entry.name,
    attributes,
    value: (consumer, attr) => stack.attribute(consumer, id, attr, `${attr} of ${entry.name}`),
    ...(vpc ? { network: vpc.network([{ port: HTTPS }]) } : {}),
  };
}

/** Subnets a VPC domain takes: one per zone it spreads over. */
function zoneCount(cluster: CfnValue | undefined): number {
  if (!isMapping(cluster)) return 1;
  if (cluster.MultiAZWithStandbyEnabled === true) return 3;
  if (cluster.ZoneAwarenessEnabled !== true) return 1;
  const n = isMapping(cluster.ZoneAwarenessConfig) ? Number(cluster.ZoneAwarenessConfig.AvailabilityZoneCount) : NaN;
  return n === 3 ? 3 : 2;
}

function checkVersion(ctx: RenderContext, label: string, props: Record<string, CfnValue>, at: At): boolean {
  const v = props.EngineVersion;
  if (v === undefined || typeof v !== 'string' || ENGINE_VERSIONS.includes(v)) return true;
  ctx.bag.error({
    code: 'CXH1402',
    message: `${label}: ${JSON.stringify(v)} is not an engine version OpenSearch Service offers`,
    ...at('Properties', 'EngineVersion'),
    expected: `one of: ${ENGINE_VERSIONS.join(', ')}`,
  });
  return false;
}

/** Instance types of the cluster against their family (engines.ts). */
function checkInstances(ctx: RenderContext, label: string, props: Record<string, CfnValue>, at: At): boolean {
  const cluster = props.ClusterConfig;
  if (!isMapping(cluster)) return true;
  const version = typeof props.EngineVersion === 'string' ? parseVersion(props.EngineVersion) : undefined;
  let ok = true;
  const arch: [string, boolean][] = [];
  for (const key of ['InstanceType', 'DedicatedMasterType', 'WarmType']) {
    const type = cluster[key];
    if (typeof type !== 'string') continue;
    const where = at('Properties', 'ClusterConfig', key);
    const family = familyOf(type);
    if (family === undefined) {
      ctx.bag.error({ code: 'CXH1403', message: `${label}: ${JSON.stringify(type)} is not an OpenSearch instance type`, ...where, expected: '<family>.<size>.search, e.g. r6g.large.search' });
      ok = false;
      continue;
    }
    const rules = INSTANCE_FAMILIES[family];
    if (!rules) {
      ctx.bag.warn({ code: 'CXH2402', message: `${label}: instance family ${family} is not known here: not checked`, ...where, hint: `check it runs ${String(props.EngineVersion ?? 'the engine version')} (families known: ${Object.keys(INSTANCE_FAMILIES).join(', ')})` });
      continue;
    }
    if (key !== 'WarmType') arch.push([type, rules.graviton === true]);
    if (version?.engine === 'Elasticsearch' && rules.minElasticsearch && olderThan(version, rules.minElasticsearch)) {
      ctx.bag.error({
        code: 'CXH1404',
        message: `${label}: ${type} needs Elasticsearch ${rules.minElasticsearch} or later, not ${String(props.EngineVersion)}`,
        ...at('Properties', 'EngineVersion'),
        expected: `Elasticsearch_${rules.minElasticsearch} or later, or an OpenSearch version`,
      });
      ok = false;
    }
    if (key === 'InstanceType') ok = checkDataNodes(ctx, label, props, type, rules, at) && ok;
  }
  if (arch.length > 1 && arch.some(([, g]) => g !== arch[0][1])) {
    ctx.bag.error({
      code: 'CXH1405',
      message: `${label}: ${arch.map(([t, g]) => `${t} (${g ? 'Graviton' : 'x86'})`).join(' and ')} mix processor architectures`,
      ...at('Properties', 'ClusterConfig'),
      expected: 'data and dedicated master nodes of one architecture',
    });
    ok = false;
  }
  return ok;
}

function checkDataNodes(ctx: RenderContext, label: string, props: Record<string, CfnValue>, type: string, rules: (typeof INSTANCE_FAMILIES)[string], at: At): boolean {
  let ok = true;
  const ebs = isMapping(props.EBSOptions) ? props.EBSOptions.EBSEnabled : undefined;
  if (ebs === false) delete props.EBSOptions;
  if (rules.instanceStorage && ebs === true) {
    ctx.bag.error({ code: 'CXH1406', message: `${label}: ${type} keeps its data on instance storage: no EBS volume`, ...at('Properties', 'EBSOptions', 'EBSEnabled'), expected: 'EBSEnabled: false, or no EBSOptions' });
    ok = false;
  }
  if (rules.ebsRequired && (props.EBSOptions === undefined || (isMapping(props.EBSOptions) && props.EBSOptions.EBSEnabled !== true && typeof props.EBSOptions.EBSEnabled !== 'object'))) {
    ctx.bag.error({
      code: 'CXH1406',
      message: `${label}: ${type} has no instance storage: the domain needs an EBS volume`,
      ...(isMapping(props.EBSOptions) ? at('Properties', 'EBSOptions') : at('Properties', 'ClusterConfig', 'InstanceType')),
      expected: 'EBSOptions: {EBSEnabled: true, VolumeSize: <GiB>}',
    });
    ok = false;
  }
  const enabled = (key: string, flag: string) => isMapping(props[key]) && (props[key] as Mapping)[flag] === true;
  const missing: [string, string][] = [];
  if (rules.noEncryption) {
    if (enabled('EncryptionAtRestOptions', 'Enabled')) missing.push(['EncryptionAtRestOptions', 'Enabled']);
    if (enabled('AdvancedSecurityOptions', 'Enabled')) missing.push(['AdvancedSecurityOptions', 'Enabled']);
  }
  if (rules.noWarm && enabled('ClusterConfig', 'WarmEnabled')) missing.push(['ClusterConfig', 'WarmEnabled']);
  for (const [key, flag] of missing) {
    ctx.bag.error({
      code: 'CXH1407',
      message: `${label}: ${type} does not support ${key}.${flag}${key === 'AdvancedSecurityOptions' ? ' (fine-grained access control needs encryption at rest)' : ''}`,
      ...(given(props, key) ? at('Properties', key) : at('Properties', 'ClusterConfig', 'InstanceType')),
      expected: `another instance family, or ${key}.${flag} false`,
    });
    ok = false;
  }
  return ok;
}

const given = (props: Record<string, CfnValue>, key: string) => props[key] !== undefined;

/**
 * The master user of fine-grained access control from MacroParameters (or replacing a literal
 * password); false when the parameters contradict each other (reported), else true.
 */
function masterUser(ctx: RenderContext, stack: ModuleStack, entry: ResourceEntry, id: string, props: Record<string, CfnValue>, macro: Mapping, at: At): boolean {
  const label = `x-opensearch ${entry.name}`;
  const security = isMapping(props.AdvancedSecurityOptions) ? { ...(props.AdvancedSecurityOptions as Record<string, CfnValue>) } : undefined;
  const options = security && isMapping(security.MasterUserOptions) ? { ...(security.MasterUserOptions as Record<string, CfnValue>) } : undefined;
  let secret = macro.GenerateMasterUserSecret === true;
  const role = macro.CreateMasterUserRole === true;
  if (secret && role) {
    ctx.bag.error({
      code: 'CXH1408',
      message: `${label}: GenerateMasterUserSecret and CreateMasterUserRole both set: a domain has one master user`,
      ...at('MacroParameters', 'CreateMasterUserRole'),
      expected: 'one of GenerateMasterUserSecret (a user name and password) or CreateMasterUserRole (an IAM role)',
    });
    return false;
  }
  if (options?.MasterUserPassword !== undefined) {
    ctx.bag.warn({
      code: 'CXH2401',
      message: `${label}: AdvancedSecurityOptions.MasterUserOptions.MasterUserPassword would sit in the template: ignored, a generated secret is used`,
      ...at('Properties', 'AdvancedSecurityOptions', 'MasterUserOptions', 'MasterUserPassword'),
      hint: `remove it (or set MacroParameters.GenerateMasterUserSecret: true); the password is generated in Secrets Manager (secret ${id}MasterUserSecret)`,
    });
    secret = !role;
  }
  if (!secret && !role) return true;
  const internal = secret;
  if (security?.InternalUserDatabaseEnabled === !internal) {
    ctx.bag.warn({
      code: 'CXH2403',
      message: `${label}: AdvancedSecurityOptions.InternalUserDatabaseEnabled ${String(!internal)} does not fit ${secret ? 'a master user name and password' : 'a master IAM role'}: ${String(internal)} is used`,
      ...at('Properties', 'AdvancedSecurityOptions', 'InternalUserDatabaseEnabled'),
      hint: `set it to ${String(internal)}, or leave it out`,
    });
  }
  let master: Record<string, CfnValue>;
  if (secret) {
    const username = typeof options?.MasterUserName === 'string' ? options.MasterUserName : MASTER_USER;
    const s = addGeneratedSecret(stack, `${id}MasterUserSecret`, `Master user of x-opensearch ${entry.name}`, username, true);
    master = { MasterUserName: s.username, MasterUserPassword: s.password };
  } else {
    const boundary = macro.MasterUserRolePermissionsBoundary;
    stack.add(`${id}MasterUserRole`, {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: sub(`Master user of OpenSearch domain ${entry.name} in \${AWS::StackName}`),
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
              Action: ['sts:AssumeRole'],
              Condition: { Bool: { 'aws:SecureTransport': 'true' } },
            },
          ],
        },
        ...(typeof boundary === 'string' ? { PermissionsBoundary: boundaryArn(boundary) } : {}),
      },
    });
    master = { MasterUserARN: getAtt(`${id}MasterUserRole`, 'Arn') };
  }
  props.AdvancedSecurityOptions = { ...(security ?? {}), Enabled: true, InternalUserDatabaseEnabled: internal, MasterUserOptions: master };
  return true;
}

/** Fine-grained access control needs encryption at rest, node-to-node encryption and HTTPS: turned on. */
function requireEncryption(ctx: RenderContext, label: string, props: Record<string, CfnValue>, at: At): void {
  for (const [key, flag] of [['EncryptionAtRestOptions', 'Enabled'], ['NodeToNodeEncryptionOptions', 'Enabled'], ['DomainEndpointOptions', 'EnforceHTTPS']] as const) {
    const current = isMapping(props[key]) ? (props[key] as Record<string, CfnValue>) : {};
    if (current[flag] === false) {
      ctx.bag.warn({
        code: 'CXH2404',
        message: `${label}: ${key}.${flag} false does not go with fine-grained access control: true is used`,
        ...at('Properties', key, flag),
        hint: `set it to true, or leave it out`,
      });
    }
    props[key] = { ...current, [flag]: true };
  }
}

/**
 * Log groups of MacroParameters.CreateLogGroups, published to by the domain; the ids of the
 * resources the domain waits for, or undefined when AUDIT_LOGS is asked without fine-grained
 * access control (reported).
 */
function logGroups(ctx: RenderContext, stack: ModuleStack, entry: ResourceEntry, id: string, props: Record<string, CfnValue>, macro: Mapping, fgac: boolean, at: At): string[] | undefined {
  const wanted = macro.CreateLogGroups;
  if (wanted !== true && !Array.isArray(wanted)) return [];
  const types = Array.isArray(wanted) ? wanted.filter((t): t is string => typeof t === 'string') : LOG_TYPES.filter((t) => t !== 'AUDIT_LOGS' || fgac);
  if (types.includes('AUDIT_LOGS') && !fgac) {
    ctx.bag.error({
      code: 'CXH1409',
      message: `x-opensearch ${entry.name}: AUDIT_LOGS needs fine-grained access control`,
      ...at('MacroParameters', 'CreateLogGroups'),
      expected: 'GenerateMasterUserSecret or CreateMasterUserRole (or AdvancedSecurityOptions.Enabled), or no AUDIT_LOGS',
    });
    return undefined;
  }
  const retention = typeof macro.RetentionInDays === 'number' ? macro.RetentionInDays : 30;
  const published: Record<string, CfnValue> = isMapping(props.LogPublishingOptions) ? { ...(props.LogPublishingOptions as Record<string, CfnValue>) } : {};
  for (const type of types) {
    const group = logicalId(id, type.replace(/_/g, ''), 'LogGroup');
    stack.add(group, {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: sub(`opensearch/\${AWS::StackName}/${id}/${type}`), RetentionInDays: retention },
    });
    published[type] = { Enabled: true, CloudWatchLogsLogGroupArn: sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:\${${group}}`) };
  }
  props.LogPublishingOptions = published;
  if (macro.CreateLogGroupsResourcePolicy !== true) return [];
  if (!stack.template.hasResource(LOGS_POLICY)) {
    const document = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OpenSearchDomainsWriteLogs',
          Effect: 'Allow',
          Principal: { Service: 'es.amazonaws.com' },
          Action: ['logs:PutLogEvents', 'logs:CreateLogStream'],
          Resource: 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:opensearch/${AWS::StackName}/*',
          Condition: { StringEquals: { 'aws:SourceAccount': '${AWS::AccountId}' } },
        },
      ],
    };
    stack.add(LOGS_POLICY, {
      Type: 'AWS::Logs::ResourcePolicy',
      Properties: { PolicyName: sub('${AWS::StackName}-opensearch-logs'), PolicyDocument: sub(JSON.stringify(document)) },
    });
  }
  return [LOGS_POLICY];
}
