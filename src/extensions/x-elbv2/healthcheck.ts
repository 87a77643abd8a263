/**
 * Target group health checks: the 1.x string form
 * `port:protocol[:healthy:unhealthy:interval:timeout][:path][:codes]`
 * (e.g. `5000:HTTP:5:2:15:3:/ping:200,201`, `5000:TCP:7:2:15:5`) or the mapping of the
 * AWS::ElasticLoadBalancingV2::TargetGroup HealthCheck* properties, as target group properties.
 */
import type { CfnValue } from '../../cfn/intrinsics.js';

export interface HealthCheck {
  HealthCheckEnabled?: boolean;
  HealthCheckPort?: string;
  HealthCheckProtocol?: string;
  HealthyThresholdCount?: number;
  UnhealthyThresholdCount?: number;
  HealthCheckIntervalSeconds?: number;
  HealthCheckTimeoutSeconds?: number;
  HealthCheckPath?: string;
  Matcher?: { HttpCode?: string; GrpcCode?: string };
}

const HEALTHCHECK = /^(\d{1,5}):(HTTPS?|TCP|TLS|UDP|TCP_UDP)(?::(\d+):(\d+):(\d+):(\d+))?(?::(\/[^:\s]*))?(?::(\d{3}(?:[-,]\d{3})*))?$/;

export const HEALTHCHECK_FORMAT = 'port:protocol[:healthy:unhealthy:interval:timeout][:path][:codes], e.g. 8080:HTTP:2:3:15:5:/health:200';

/** The health check of the string form; undefined when malformed. */
export function parseHealthCheck(text: string): HealthCheck | undefined {
  const m = HEALTHCHECK.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[1]);
  if (port < 1 || port > 65535) return undefined;
  const http = m[2] === 'HTTP' || m[2] === 'HTTPS';
  if (!http && (m[7] !== undefined || m[8] !== undefined)) return undefined;
  const hc: HealthCheck = { HealthCheckEnabled: true, HealthCheckPort: String(port), HealthCheckProtocol: m[2] === 'TCP_UDP' || m[2] === 'UDP' ? 'TCP' : m[2] };
  if (m[3] !== undefined) {
    hc.HealthyThresholdCount = Number(m[3]);
    hc.UnhealthyThresholdCount = Number(m[4]);
    hc.HealthCheckIntervalSeconds = Number(m[5]);
    hc.HealthCheckTimeoutSeconds = Number(m[6]);
  }
  if (http) {
    hc.HealthCheckPath = m[7] ?? '/';
    hc.Matcher = { HttpCode: m[8] ?? '200' };
  }
  return hc;
}

/** The mapping form, as given (ports as strings, as the target group wants them). */
export function healthCheckOfMapping(m: Record<string, unknown>): HealthCheck {
  const hc: Record<string, unknown> = { ...m };
  if (typeof hc.HealthCheckPort === 'number') hc.HealthCheckPort = String(hc.HealthCheckPort);
  if (typeof hc.HealthCheckEnabled === 'string') hc.HealthCheckEnabled = hc.HealthCheckEnabled.toLowerCase() === 'true';
  return hc as HealthCheck;
}

/**
 * What the health check breaks for the load balancer type (values AWS rejects), if anything.
 * Application: interval 5-300, timeout 2-120 and below the interval, thresholds 2-10.
 * Network: thresholds 2-10, timeout 2-120, interval 5-300.
 */
export function healthCheckProblems(hc: HealthCheck, type: 'application' | 'network'): string[] {
  const out: string[] = [];
  const range = (v: number | undefined, lo: number, hi: number, what: string) => {
    if (v !== undefined && (v < lo || v > hi)) out.push(`${what} ${v} is outside ${lo}-${hi}`);
  };
  range(hc.HealthyThresholdCount, 2, 10, 'healthy threshold');
  range(hc.UnhealthyThresholdCount, 2, 10, 'unhealthy threshold');
  range(hc.HealthCheckIntervalSeconds, 5, 300, 'interval');
  range(hc.HealthCheckTimeoutSeconds, 2, 120, 'timeout');
  if (type === 'application' && hc.HealthCheckTimeoutSeconds !== undefined && hc.HealthCheckIntervalSeconds !== undefined && hc.HealthCheckTimeoutSeconds >= hc.HealthCheckIntervalSeconds) {
    out.push(`timeout ${hc.HealthCheckTimeoutSeconds}s must be shorter than the interval ${hc.HealthCheckIntervalSeconds}s`);
  }
  const proto = hc.HealthCheckProtocol;
  if (type === 'application' && proto !== undefined && proto !== 'HTTP' && proto !== 'HTTPS') out.push(`an application load balancer checks over HTTP or HTTPS, not ${proto}`);
  return out;
}

export function healthCheckProperties(hc: HealthCheck): Record<string, CfnValue | undefined> {
  return { ...hc } as Record<string, CfnValue | undefined>;
}
