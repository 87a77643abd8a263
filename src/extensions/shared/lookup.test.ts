import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticBag } from '../../diagnostics/diagnostic.js';
import { RecordedLookups } from '../../lookups/recorded.js';
import { listLookupRequests } from '../../lookups/requests.js';
import type { RenderContext } from '../../synth/context.js';
import { moduleSite, readLookup, resourceLookupRequests } from './lookup.js';

const CACHE = { Type: 'CacheCluster', ClusterName: 'c1', Port: '6379', 'RedisEndpoint.Address': 'c1.x.cache.amazonaws.com', Extra: 1 };
const ctxWith = (doc: Record<string, unknown>, result: unknown) =>
  ({
    doc,
    bag: new DiagnosticBag(),
    lookups: new RecordedLookups('/x/l.json', { version: 1, lookups: { 'x-elasticache::c1': { request: { Tags: [{ Name: 'c1' }] }, result } } }),
  }) as unknown as RenderContext;
const entry = (lookup: unknown) => ({ name: 'c1', def: { Lookup: lookup }, path: ['x-elasticache', 'c1'] });
const spec = { required: ['Type', 'ClusterName', 'Port'], optional: ['RedisEndpoint.Address', 'Missing'], code: 'CXH1999' };

describe('readLookup', () => {
  it('the required and present optional attributes of the recorded result (RoleArn ignored), nothing else', () => {
    const e = entry({ Tags: [{ Name: 'c1' }], RoleArn: '' });
    const ctx = ctxWith({ 'x-elasticache': { c1: e.def } }, CACHE);
    assert.deepEqual(readLookup(ctx, moduleSite(e), spec), { Type: 'CacheCluster', ClusterName: 'c1', Port: '6379', 'RedisEndpoint.Address': 'c1.x.cache.amazonaws.com' });
    assert.equal(ctx.bag.items.length, 0);
  });
  it('a result lacking a required attribute → the module code, naming what is missing', () => {
    const e = entry({ Tags: [{ Name: 'c1' }] });
    const ctx = ctxWith({}, { Type: 'CacheCluster', ClusterName: '' });
    assert.equal(readLookup(ctx, moduleSite(e), spec), undefined);
    assert.equal(ctx.bag.items[0].code, 'CXH1999');
    assert.match(ctx.bag.items[0].message, /lacks ClusterName, Port$/);
    assert.equal(ctx.bag.items[0].path, 'x-elasticache.c1.Lookup');
  });
  it('an attribute not of the form the module gives → the module code, naming it; an empty optional one is left out', () => {
    const e = entry({ Tags: [{ Name: 'c1' }] });
    const withPattern = { ...spec, patterns: { ClusterName: /^c\d$/ } };
    const bad = ctxWith({}, { ...CACHE, ClusterName: 'not-a-cluster' });
    assert.equal(readLookup(bad, moduleSite(e), withPattern), undefined);
    assert.equal(bad.bag.items[0].code, 'CXH1999');
    assert.match(bad.bag.items[0].message, /has a malformed ClusterName$/);
    const good = ctxWith({}, { ...CACHE, 'RedisEndpoint.Address': '' });
    assert.deepEqual(readLookup(good, moduleSite(e), withPattern), { Type: 'CacheCluster', ClusterName: 'c1', Port: '6379' });
  });
  it('a Lookup with a RoleArn is read back with the same request it was recorded with', () => {
    const role = 'arn:aws:iam::123456789012:role/lookup';
    const ctx = {
      doc: {},
      bag: new DiagnosticBag(),
      lookups: new RecordedLookups('/x/l.json', { version: 1, lookups: { 'x-elasticache::c1': { request: { Tags: [{ Name: 'c1' }], RoleArn: role }, result: CACHE } } }),
    } as unknown as RenderContext;
    assert.equal(readLookup(ctx, moduleSite(entry({ Tags: [{ Name: 'c1' }], RoleArn: role })), spec)?.ClusterName, 'c1');
    assert.equal(ctx.bag.items.length, 0);
  });
  it('a changed request → the stale-lookup error of the recorded lookups', () => {
    const ctx = ctxWith({}, CACHE);
    assert.equal(readLookup(ctx, moduleSite(entry({ Tags: [{ Name: 'other' }] })), spec), undefined);
    assert.equal(ctx.bag.items[0].code, 'CXK1004');
  });
});

describe('resourceLookupRequests', () => {
  it('lists module lookups and x-efs volume lookups, also through listLookupRequests (kind resource)', () => {
    const model = {
      'x-elasticache': { c1: { Lookup: { Tags: [{ Name: 'c1' }], RoleArn: '' } }, c2: { Properties: {} } },
      'x-opensearch': { d: { Lookup: { Arn: 'arn:aws:es:eu-west-1:123456789012:domain/d' } } },
      volumes: { shared: { 'x-efs': { Lookup: { Identifier: 'fs-12345678' } } }, plain: {} },
    };
    assert.deepEqual(resourceLookupRequests(model), [
      { key: 'x-elasticache::c1', request: { Tags: [{ Name: 'c1' }] }, path: ['x-elasticache', 'c1', 'Lookup'] },
      { key: 'x-opensearch::d', request: { Arn: 'arn:aws:es:eu-west-1:123456789012:domain/d' }, path: ['x-opensearch', 'd', 'Lookup'] },
      { key: 'x-efs::shared', request: { Identifier: 'fs-12345678' }, path: ['volumes', 'shared', 'x-efs', 'Lookup'] },
    ]);
    assert.deepEqual(
      listLookupRequests(model).map((r) => [r.key, r.kind, r.path]),
      [
        ['x-elasticache::c1', 'resource', 'x-elasticache.c1.Lookup'],
        ['x-opensearch::d', 'resource', 'x-opensearch.d.Lookup'],
        ['x-efs::shared', 'resource', 'volumes.shared.x-efs.Lookup'],
      ],
    );
  });
});
