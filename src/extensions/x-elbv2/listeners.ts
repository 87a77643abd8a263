/**
 * Listeners of a load balancer and where their traffic goes.
 *
 * Protocol: a listener with certificates is HTTPS (application) / TLS (network) whatever it
 * says (1.x); HTTPS/TLS without a certificate is an error. The first certificate is the
 * listener's default, the others are added with ListenerCertificate.
 *
 * Default action: the DefaultActions given; else the target whose access matches everything
 * (`/`, or no access); else a fixed 404. A network listener forwards to its single target.
 *
 * Rules: every other target of an application listener is a rule (authenticate action first
 * when AuthenticateCognitoConfig / AuthenticateOidcConfig is set, then forward), with the
 * priority of its position among the listener's rule targets (first listed = 1, evaluated
 * first; on an existing listener, from a block of 100 chosen by sharedListenerBase). 1.x draws a random offset on every render; here the same file gives the same
 * priorities, and a rule's logical id depends on its target, not on its priority.
 */
import { createHash } from 'node:crypto';
import type { CfnValue } from '../../cfn/intrinsics.js';
import { ref } from '../../cfn/intrinsics.js';
import { logicalId } from '../../cfn/logical-id.js';
import { isMapping, type Mapping } from '../../load/positions.js';
import type { RenderContext } from '../../synth/context.js';
import { listOf, type KeyPath, type Reporter } from '../x-network/report.js';
import { certificateOf } from '../x-acm/index.js';
import { userPoolOf } from '../x-cognito_userpool/index.js';
import { accessConditions } from './access.js';
import { ALB_PROTOCOLS, NLB_PROTOCOLS, type Balancer, type TargetGroup } from './model.js';
import { valueIn, type ModuleStack } from './module-stack.js';

export interface ListenerSpec {
  port: number;
  protocol: string;
  path: KeyPath;
  def: Mapping;
  /** True for a listener of a looked-up load balancer that gets rules only. */
  existing: boolean;
}

/** The listeners as written (list or mapping by port); a port used twice is reported. */
export function listenerSpecs(lb: Balancer, r: Reporter): ListenerSpec[] {
  const out: ListenerSpec[] = [];
  const seen = new Map<number, KeyPath>();
  const add = (port: number, def: Mapping, path: KeyPath, existing: boolean) => {
    const first = seen.get(port);
    if (first) {
      r.error({
        code: 'CXE1101',
        path,
        message: `port ${port} of load balancer "${lb.name}" has two listeners`,
        expected: 'one listener per port',
        hint: `merge its Targets into the first listener on ${port} (at ${first.join('.')})`,
      });
      return;
    }
    seen.set(port, path);
    out.push({ port, protocol: '', path, def, existing });
  };
  const ls = lb.def.Listeners;
  if (Array.isArray(ls)) ls.forEach((l, i) => isMapping(l) && add(Number(l.Port), l, ['x-elbv2', lb.name, 'Listeners', i], false));
  else if (isMapping(ls)) for (const [port, l] of Object.entries(ls)) if (isMapping(l)) add(Number(port), l, ['x-elbv2', lb.name, 'Listeners', port], false);
  const lookup = isMapping(lb.def.Lookup) && isMapping(lb.def.Lookup.Listeners) ? lb.def.Lookup.Listeners : {};
  for (const [port, l] of Object.entries(lookup)) if (isMapping(l)) add(Number(port), l, ['x-elbv2', lb.name, 'Lookup', 'Listeners', port], true);
  return out;
}

export function buildListener(ctx: RenderContext, stack: ModuleStack, lb: Balancer, spec: ListenerSpec, r: Reporter): void {
  const { def, path, port } = spec;
  const certs = Array.isArray(def.Certificates) ? (def.Certificates as Mapping[]) : [];
  const alb = lb.type === 'application';
  let protocol = typeof def.Protocol === 'string' ? def.Protocol : alb ? 'HTTP' : 'TCP';
  if (certs.length > 0 && protocol === 'HTTP') protocol = 'HTTPS';
  if (certs.length > 0 && protocol === 'TCP') protocol = 'TLS';
  spec.protocol = protocol;
  const allowed = alb ? ALB_PROTOCOLS : NLB_PROTOCOLS;
  if (!allowed.includes(protocol)) {
    r.error({ code: 'CXE1103', path: [...path, 'Protocol'], message: `a ${lb.type} load balancer has no ${protocol} listeners`, expected: `one of: ${listOf(allowed)}` });
    return;
  }
  const tls = protocol === 'HTTPS' || protocol === 'TLS';
  if (tls && certs.length === 0 && !spec.existing) {
    r.error({
      code: 'CXE1102',
      path: [...path, 'Protocol'],
      message: `listener ${port} is ${protocol} but has no certificate`,
      expected: 'Certificates: [{x-acm: <certificate>}] or [{CertificateArn: arn:aws:acm:...}]',
      hint: `add a certificate, or use ${alb ? 'HTTP' : 'TCP'}`,
    });
    return;
  }
  if (!tls && certs.length > 0) {
    r.error({ code: 'CXE1103', path: [...path, 'Protocol'], message: `a ${protocol} listener cannot use certificates`, expected: 'HTTPS or TLS' });
    return;
  }
  const certArns: CfnValue[] = [];
  certs.forEach((c, i) => {
    if (typeof c['x-acm'] === 'string') {
      const cert = certificateOf(ctx, c['x-acm'], [...path, 'Certificates', i, 'x-acm'], r);
      if (cert) certArns.push(valueIn(stack, cert.arn));
    } else certArns.push(String(c.CertificateArn ?? c.Arn));
  });

  const listenerId = logicalId(lb.id, 'Listener', String(port));
  const existingArn = lb.existingListeners[String(port)];
  if (spec.existing && typeof existingArn !== 'string') {
    r.error({ code: 'CXE1116', path, message: `the recorded lookup of load balancer "${lb.name}" has no listener on port ${port}`, hint: 'record the lookup again' });
    return;
  }
  const listenerArn: CfnValue = spec.existing ? stack.input(logicalId(listenerId, 'Arn'), { Type: 'String', Description: `Listener ${port} of load balancer ${lb.name}` }, existingArn) : ref(listenerId);
  const targets = Array.isArray(def.Targets) ? (def.Targets as Mapping[]) : [];
  const resolved = targets.map((t, i) => resolveTarget(ctx, stack, lb, t, protocol, [...path, 'Targets', i], r));

  let defaultActions: CfnValue[] | undefined;
  if (Array.isArray(def.DefaultActions)) {
    defaultActions = (def.DefaultActions as Mapping[]).map((a, i) => defaultAction(lb, a, [...path, 'DefaultActions', i], stack, r)).filter((a): a is CfnValue => a !== undefined);
  }
  const rules: { target: Resolved; index: number }[] = [];
  if (!alb) {
    const ok = resolved.filter((t): t is Resolved => t !== undefined);
    if (targets.length > 1) {
      r.error({ code: 'CXE1107', path: [...path, 'Targets'], message: `network listener ${port} has ${targets.length} targets`, expected: 'one target per network listener', hint: 'use one listener (port) per target' });
    } else if (ok.length === 1 && !defaultActions) {
      defaultActions = ok[0].actions;
    }
  } else {
    resolved.forEach((t, i) => {
      if (!t) return;
      if (t.conditions.length === 0 && !spec.existing && !defaultActions) defaultActions = t.actions;
      else if (t.conditions.length === 0) {
        r.error({
          code: 'CXE1109',
          path: [...path, 'Targets', i, 'access'],
          message: spec.existing ? `a rule on the existing listener ${port} needs a condition` : `listener ${port} already has a default action; target ${t.tg.key} matches every request too`,
          expected: 'an access (host and/or path) or Conditions',
          hint: 'only one target of a listener may match everything (access `/`)',
        });
      } else rules.push({ target: t, index: i });
    });
  }
  if (!spec.existing) {
    stack.add(listenerId, {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: {
        LoadBalancerArn: valueIn(stack, lb.arn),
        Port: port,
        Protocol: protocol,
        SslPolicy: tls ? (typeof def.SslPolicy === 'string' ? def.SslPolicy : alb ? 'ELBSecurityPolicy-TLS13-1-2-2021-06' : 'ELBSecurityPolicy-TLS13-1-2-2021-06') : undefined,
        Certificates: certArns.length > 0 ? [{ CertificateArn: certArns[0] }] : undefined,
        DefaultActions: defaultActions && defaultActions.length > 0 ? defaultActions : [notFound()],
      },
    });
  }
  const extra = spec.existing ? certArns : certArns.slice(1);
  if (extra.length > 0) {
    stack.add(logicalId(listenerId, 'Certificates'), {
      Type: 'AWS::ElasticLoadBalancingV2::ListenerCertificate',
      Properties: { ListenerArn: listenerArn, Certificates: extra.map((CertificateArn) => ({ CertificateArn })) },
    });
  }
  const ids = new Set<string>();
  const first = spec.existing ? sharedListenerBase(ctx.stackName, lb.name, port) : 1;
  rules.forEach(({ target }, n) => {
    let id = logicalId(listenerId, 'Rule', target.tg.ruleName);
    for (let k = 2; ids.has(id); k++) id = logicalId(listenerId, 'Rule', target.tg.ruleName, String(k));
    ids.add(id);
    stack.add(id, {
      Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
      Properties: { ListenerArn: listenerArn, Priority: first + n, Conditions: target.conditions, Actions: target.actions },
    });
  });
}

/**
 * First priority of this project's rules on an existing (shared) listener: a block of 100
 * between 1000 and 40900 chosen from the stack name, load balancer and port, so that projects
 * sharing a listener do not take the same priorities, and re-renders keep them.
 */
export function sharedListenerBase(stackName: string, lb: string, port: number): number {
  const h = createHash('sha256').update(`${stackName}\0${lb}\0${port}`).digest();
  return 1000 + (h.readUInt32BE(0) % 400) * 100;
}

interface Resolved {
  tg: TargetGroup;
  conditions: CfnValue[];
  actions: CfnValue[];
}

function resolveTarget(ctx: RenderContext, stack: ModuleStack, lb: Balancer, t: Mapping, protocol: string, path: KeyPath, r: Reporter): Resolved | undefined {
  const name = String(t.name);
  const tg = targetGroupNamed(lb, name);
  if (!tg) {
    const declared = isMapping(lb.def.Services) ? Object.keys(lb.def.Services) : [];
    if (!declared.some((k) => k === name || k.startsWith(`${name}:`))) {
      r.error({
        code: 'CXE1104',
        path: [...path, 'name'],
        message: `target "${name}" is not among the Services of load balancer "${lb.name}"`,
        expected: `one of: ${listOf(declared)}`,
        hint: `declare it under x-elbv2.${lb.name}.Services with its port and health check`,
      });
    }
    return undefined;
  }
  tg.used = true;
  let conditions: CfnValue[] = [];
  if (Array.isArray(t.Conditions)) conditions = t.Conditions as CfnValue[];
  else if (typeof t.access === 'string' && lb.type === 'application') {
    const c = accessConditions(t.access);
    if (!c) {
      r.error({
        code: 'CXE1111',
        path: [...path, 'access'],
        message: `access "${t.access}" is neither a path, a host nor host/path`,
        expected: 'a path (/api/*), a host (api.example.com) or both (api.example.com/api/*)',
      });
      return undefined;
    }
    conditions = c as unknown as CfnValue[];
  }
  const forward = (order: number): CfnValue => ({ Type: 'forward', Order: order, ForwardConfig: { TargetGroups: [{ TargetGroupArn: ref(tg.id) }] } });
  const auth = authAction(ctx, stack, lb, t, protocol, path, logicalId(lb.id, 'CognitoClient', tg.ruleName), r);
  if (auth === null) return undefined;
  return { tg, conditions, actions: auth ? [auth, forward(2)] : [forward(1)] };
}

function targetGroupNamed(lb: Balancer, name: string): TargetGroup | undefined {
  const exact = lb.targetGroups.get(name);
  if (exact) return exact;
  return [...lb.targetGroups.values()].find((tg) => tg.key.startsWith(`${name}:`));
}

/** The authenticate action of a target; undefined = none; null = invalid (reported). */
function authAction(ctx: RenderContext, stack: ModuleStack, lb: Balancer, t: Mapping, protocol: string, path: KeyPath, clientId: string, r: Reporter): CfnValue | undefined | null {
  const cognito = isMapping(t.AuthenticateCognitoConfig) ? t.AuthenticateCognitoConfig : undefined;
  const oidc = isMapping(t.AuthenticateOidcConfig) ? t.AuthenticateOidcConfig : undefined;
  const create = isMapping(t.CreateCognitoClient) ? t.CreateCognitoClient : undefined;
  if (!cognito && !oidc && !create) return undefined;
  const key = cognito || create ? 'AuthenticateCognitoConfig' : 'AuthenticateOidcConfig';
  if (lb.type === 'network') {
    r.error({ code: 'CXE1108', path: [...path, cognito || !create ? key : 'CreateCognitoClient'], message: 'a network load balancer cannot authenticate users', expected: 'authentication on an application load balancer', hint: 'use Type: application for a listener that authenticates' });
    return null;
  }
  if (protocol !== 'HTTPS') {
    r.error({ code: 'CXE1110', path: [...path, key], message: `authentication needs an HTTPS listener; this one is ${protocol}`, expected: 'a listener with Certificates (it is then HTTPS)' });
    return null;
  }
  if (oidc && !cognito && !create) {
    if (typeof oidc.ClientSecret === 'string' && !oidc.ClientSecret.startsWith('{{resolve:')) {
      r.warn({
        code: 'CXE2006',
        path: [...path, 'AuthenticateOidcConfig', 'ClientSecret'],
        message: 'the OIDC client secret is written in the template',
        hint: 'store it in Secrets Manager and write "{{resolve:secretsmanager:<secret>:SecretString:<key>}}"',
      });
    }
    return { Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: known(oidc, OIDC_KEYS, [...path, 'AuthenticateOidcConfig'], r) as CfnValue };
  }
  const config: Mapping = known(cognito ?? {}, COGNITO_KEYS, [...path, 'AuthenticateCognitoConfig'], r);
  const poolRef = typeof config.UserPoolArn === 'string' ? config.UserPoolArn : create ? String(create.UserPoolId) : undefined;
  if (poolRef !== undefined && (poolRef.startsWith('x-cognito') || create)) {
    const pool = userPoolOf(ctx, poolRef, [...path, create && !cognito?.UserPoolArn ? 'CreateCognitoClient' : key, create && !cognito?.UserPoolArn ? 'UserPoolId' : 'UserPoolArn'], r);
    if (!pool) return null;
    config.UserPoolArn = valueIn(stack, pool.arn);
    if (config.UserPoolDomain === undefined && pool.domain) config.UserPoolDomain = pool.domain;
    if (create) {
      if (!stack.template.hasResource(clientId)) stack.add(clientId, { Type: 'AWS::Cognito::UserPoolClient', Properties: { ...(create as Record<string, CfnValue>), UserPoolId: valueIn(stack, pool.id) } });
      if (config.UserPoolClientId === undefined) config.UserPoolClientId = ref(clientId);
    }
  }
  const missing = ['UserPoolArn', 'UserPoolClientId', 'UserPoolDomain'].filter((k) => config[k] === undefined);
  if (missing.length > 0) {
    r.error({
      code: 'CXE1112',
      path: [...path, key],
      message: `AuthenticateCognitoConfig lacks ${listOf(missing)}`,
      expected: 'UserPoolArn (or x-cognito_userpool::<pool>), UserPoolClientId (or CreateCognitoClient) and UserPoolDomain',
      hint: 'a looked-up pool gives its domain when the lookup records UserPoolDomain',
    });
    return null;
  }
  return { Type: 'authenticate-cognito', Order: 1, AuthenticateCognitoConfig: config as CfnValue };
}

const COMMON_AUTH_KEYS = ['AuthenticationRequestExtraParams', 'OnUnauthenticatedRequest', 'Scope', 'SessionCookieName', 'SessionTimeout'];
const COGNITO_KEYS = ['UserPoolArn', 'UserPoolClientId', 'UserPoolDomain', ...COMMON_AUTH_KEYS];
const OIDC_KEYS = ['AuthorizationEndpoint', 'ClientId', 'ClientSecret', 'Issuer', 'TokenEndpoint', 'UseExistingClientSecret', 'UserInfoEndpoint', ...COMMON_AUTH_KEYS];

/** The properties of an authenticate config CloudFormation knows; the others are dropped with a warning (1.x drops them silently). */
function known(config: Mapping, keys: string[], path: KeyPath, r: Reporter): Mapping {
  const out: Mapping = {};
  for (const [k, v] of Object.entries(config)) {
    if (keys.includes(k)) {
      out[k] = v;
      continue;
    }
    const close = keys.find((x) => k.replace(/[^A-Za-z]/g, '').toLowerCase() === x.toLowerCase());
    r.warn({
      code: 'CXE2008',
      path: [...path, k],
      message: `${k} is not a property of ${String(path[path.length - 1])}; it is ignored`,
      hint: close ? `did you mean ${close}?` : `known properties: ${keys.join(', ')}`,
    });
  }
  return out;
}

function notFound(): CfnValue {
  return { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not Found' } };
}

function defaultAction(lb: Balancer, a: Mapping, path: KeyPath, _stack: ModuleStack, r: Reporter): CfnValue | undefined {
  if (lb.type === 'network' && !('Forward' in a)) {
    r.error({ code: 'CXE1117', path, message: 'a network listener can only forward', expected: 'Forward: family:service, or Targets' });
    return undefined;
  }
  if (a.Redirect === 'HTTP_TO_HTTPS') {
    return { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' } };
  }
  if (a.Redirect === 'TEA_POT') return { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418', ContentType: 'application/json', MessageBody: '{"Info": "Be our guest"}' } };
  if (isMapping(a.FixedResponseConfig)) return { Type: 'fixed-response', FixedResponseConfig: a.FixedResponseConfig as CfnValue };
  if (isMapping(a.RedirectConfig)) return { Type: 'redirect', RedirectConfig: a.RedirectConfig as CfnValue };
  if (typeof a.Forward === 'string') {
    const tg = targetGroupNamed(lb, a.Forward);
    if (!tg) {
      r.error({ code: 'CXE1104', path: [...path, 'Forward'], message: `"${a.Forward}" is not among the Services of load balancer "${lb.name}"`, expected: `one of: ${listOf([...lb.targetGroups.keys()])}` });
      return undefined;
    }
    tg.used = true;
    return { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: ref(tg.id) }] } };
  }
  return undefined;
}
