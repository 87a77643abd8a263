import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../diagnostics/diagnostic.js';
import { RecordedLookups } from './recorded.js';
import { formatLookupFile, writeLookups } from './write.js';

const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'cx-lookups-')), 'compose-x.lookups.json');

describe('writeLookups', () => {
  it('creates the file: sorted keys at every level, 2-space JSON, trailing newline', () => {
    const path = tmpFile();
    assert.equal(writeLookups(path, [{ key: 'x-vpc', request: { VpcId: { Identifier: 'vpc-1' } }, result: { VpcId: 'vpc-1', Subnets: { B: [{ SubnetId: 's', AvailabilityZone: 'z' }], A: [] } } }, { key: 'x-cluster', request: { ClusterName: 'c' }, result: { ClusterName: 'c' } }]), true);
    const text = readFileSync(path, 'utf8');
    assert.equal(
      text,
      `{
  "lookups": {
    "x-cluster": {
      "request": {
        "ClusterName": "c"
      },
      "result": {
        "ClusterName": "c"
      }
    },
    "x-vpc": {
      "request": {
        "VpcId": {
          "Identifier": "vpc-1"
        }
      },
      "result": {
        "Subnets": {
          "A": [],
          "B": [
            {
              "AvailabilityZone": "z",
              "SubnetId": "s"
            }
          ]
        },
        "VpcId": "vpc-1"
      }
    }
  },
  "version": 1
}
`,
    );
    const read = RecordedLookups.read(path);
    assert.ok(read instanceof RecordedLookups);
    assert.deepEqual(read.get('x-cluster', { ClusterName: 'c' }, undefined, ''), { result: { ClusterName: 'c' } });
  });

  it('keeps the entries of other keys, replaces the given ones, and is stable', () => {
    const path = tmpFile();
    writeFileSync(path, JSON.stringify({ version: 1, lookups: { 'x-s3::keep': { request: { Arn: 'arn:aws:s3:::k' }, result: { BucketName: 'k', Arn: 'arn:aws:s3:::k' } }, 'x-cluster': { request: { ClusterName: 'old' }, result: {} } } }));
    writeLookups(path, [{ key: 'x-cluster', request: { ClusterName: 'new' }, result: { ClusterName: 'new' } }]);
    const data = JSON.parse(readFileSync(path, 'utf8'));
    assert.deepEqual(Object.keys(data.lookups), ['x-cluster', 'x-s3::keep']);
    assert.deepEqual(data.lookups['x-cluster'].request, { ClusterName: 'new' });
    assert.equal(data.lookups['x-s3::keep'].result.BucketName, 'k');
    const first = readFileSync(path, 'utf8');
    const mtime = statSync(path).mtimeMs;
    assert.equal(writeLookups(path, [{ key: 'x-cluster', request: { ClusterName: 'new' }, result: { ClusterName: 'new' } }]), false, 'unchanged → not written');
    assert.equal(readFileSync(path, 'utf8'), first);
    assert.equal(statSync(path).mtimeMs, mtime);
    assert.equal(formatLookupFile({ version: 1, lookups: { b: { request: 1, result: 2 }, a: { request: 3, result: 4 } } }), formatLookupFile({ version: 1, lookups: { a: { request: 3, result: 4 }, b: { request: 1, result: 2 } } }));
  });

  it('an unreadable file is a UserError, and is left alone', () => {
    const path = tmpFile();
    writeFileSync(path, '{not json');
    assert.throws(() => writeLookups(path, [{ key: 'x', request: {}, result: {} }]), (e: unknown) => UserError.is(e) && e.diagnostics[0].code === 'CXK1001');
    assert.equal(readFileSync(path, 'utf8'), '{not json');
  });
});
