import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkIpv4Cidr, checkIpv6Cidr } from './cidr.js';

describe('IPv4 CIDR', () => {
  test('network blocks pass', () => {
    for (const c of ['0.0.0.0/0', '10.0.0.0/8', '192.168.1.0/24', '203.0.113.7/32']) assert.deepEqual(checkIpv4Cidr(c), { ok: true, cidr: c });
  });
  test('malformed text is a format error', () => {
    for (const c of ['10.0.0.0', '10.0.0.256/24', '10.0.0/24', '10.0.0.0/33', '010.0.0.0/8', 'a.b.c.d/8', '10.0.0.0/08']) {
      assert.deepEqual(checkIpv4Cidr(c), { ok: false, reason: 'format' }, c);
    }
  });
  test('host bits set: the error gives the network address', () => {
    assert.deepEqual(checkIpv4Cidr('10.0.0.1/24'), { ok: false, reason: 'host-bits', network: '10.0.0.0/24' });
    assert.deepEqual(checkIpv4Cidr('172.31.255.255/12'), { ok: false, reason: 'host-bits', network: '172.16.0.0/12' });
  });
  test('property: every address with a /32 is valid, and its /p network is valid', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, p) => {
        assert.equal(checkIpv4Cidr(`${ip}/32`).ok, true);
        const r = checkIpv4Cidr(`${ip}/${p}`);
        const net = r.ok ? r.cidr : r.network;
        assert.ok(net !== undefined);
        assert.equal(checkIpv4Cidr(net).ok, true);
      }),
    );
  });
});

describe('IPv6 CIDR', () => {
  test('network blocks pass', () => {
    for (const c of ['::/0', '2001:db8::/32', '2001:db8:0:0:0:0:0:1/128', 'fe80::/10']) assert.equal(checkIpv6Cidr(c).ok, true, c);
  });
  test('malformed text is a format error', () => {
    for (const c of ['2001:db8::', '2001::db8::/32', '2001:db8::/129', '12345::/16', '1:2:3:4:5:6:7:8:9/128', ':/0', '1:2:3:4:5:6:7/64']) {
      assert.deepEqual(checkIpv6Cidr(c), { ok: false, reason: 'format' }, c);
    }
  });
  test('host bits set: the error gives the network address', () => {
    assert.deepEqual(checkIpv6Cidr('2001:db8::1/32'), { ok: false, reason: 'host-bits', network: '2001:db8::/32' });
    assert.deepEqual(checkIpv6Cidr('2001:db8:1:2:3:4:5:6/64'), { ok: false, reason: 'host-bits', network: '2001:db8:1:2::/64' });
  });
});
