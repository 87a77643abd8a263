import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { accessConditions } from './access.js';
import { healthCheckProblems, parseHealthCheck } from './healthcheck.js';
import { attributesOf } from './targets.js';
import { sharedListenerBase } from './listeners.js';

describe('x-elbv2 health check strings', () => {
  test('port:protocol:path:codes', () => {
    assert.deepEqual(parseHealthCheck('5000:HTTP:/healthcheck:200,201'), {
      HealthCheckEnabled: true,
      HealthCheckPort: '5000',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPath: '/healthcheck',
      Matcher: { HttpCode: '200,201' },
    });
  });
  test('with the counts, interval and timeout', () => {
    assert.deepEqual(parseHealthCheck('5000:HTTP:5:2:15:3:/ping.This.Method:200,201'), {
      HealthCheckEnabled: true,
      HealthCheckPort: '5000',
      HealthCheckProtocol: 'HTTP',
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 3,
      HealthCheckPath: '/ping.This.Method',
      Matcher: { HttpCode: '200,201' },
    });
  });
  test('TCP without path; HTTP defaults to / and 200', () => {
    assert.deepEqual(parseHealthCheck('5000:TCP:7:2:15:5'), {
      HealthCheckEnabled: true,
      HealthCheckPort: '5000',
      HealthCheckProtocol: 'TCP',
      HealthyThresholdCount: 7,
      UnhealthyThresholdCount: 2,
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 5,
    });
    assert.equal(parseHealthCheck('80:HTTP')?.HealthCheckPath, '/');
    assert.equal(parseHealthCheck('80:HTTP:401')?.Matcher?.HttpCode, '401');
  });
  test('malformed strings are refused', () => {
    for (const bad of ['', 'HTTP:80', '80', '80:FTP', '80:TCP:/path', '80:HTTP:1:2:3', '70000:HTTP', '80:HTTP:path', '80:TCP:200']) {
      assert.equal(parseHealthCheck(bad), undefined, bad);
    }
  });
  test('values AWS refuses are named', () => {
    assert.deepEqual(healthCheckProblems({ HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 5 }, 'application'), ['timeout 5s must be shorter than the interval 5s']);
    assert.deepEqual(healthCheckProblems({ HealthyThresholdCount: 11, HealthCheckProtocol: 'TCP' }, 'application'), [
      'healthy threshold 11 is outside 2-10',
      'an application load balancer checks over HTTP or HTTPS, not TCP',
    ]);
    assert.deepEqual(healthCheckProblems({ HealthCheckProtocol: 'TCP', HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 10 }, 'network'), []);
  });
});

describe('x-elbv2 access strings', () => {
  test('path, host, host/path, host:port/path, catch-all', () => {
    assert.deepEqual(accessConditions('/'), []);
    assert.deepEqual(accessConditions('/api/*'), [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }]);
    assert.deepEqual(accessConditions('api.example.com'), [{ Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com'] } }]);
    assert.deepEqual(accessConditions('thereisnospoon.ews-network.net:8080/abcd/test.html'), [
      { Field: 'host-header', HostHeaderConfig: { Values: ['thereisnospoon.ews-network.net'] } },
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/abcd/test.html'] } },
    ]);
    assert.deepEqual(accessConditions('*.example.com/'), [{ Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com'] } }]);
  });
  test('anything else is refused', () => {
    for (const bad of ['api', 'not a path', 'http://x.com/a', '-bad.example.com']) assert.equal(accessConditions(bad), undefined, bad);
  });
});

describe('x-elbv2 target group attributes and shared listener priorities', () => {
  test('list and mapping forms give the same Key/Value list', () => {
    const list = attributesOf([{ Key: 'stickiness.enabled', Value: 'false' }, { Key: 'deregistration_delay.timeout_seconds', Value: 30 }]);
    const map = attributesOf({ 'stickiness.enabled': false, 'deregistration_delay.timeout_seconds': 30 });
    assert.deepEqual(list, map);
    assert.deepEqual(map, [
      { Key: 'stickiness.enabled', Value: 'false' },
      { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
    ]);
    assert.equal(attributesOf({}), undefined);
  });
  test('a block of 100 priorities per project, stable', () => {
    const a = sharedListenerBase('shop', 'alb', 443);
    assert.equal(a, sharedListenerBase('shop', 'alb', 443));
    assert.ok(a >= 1000 && a <= 40900 && a % 100 === 0);
    const others = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((s) => sharedListenerBase(s, 'alb', 443)));
    assert.ok(others.size >= 5);
  });
});
