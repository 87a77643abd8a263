import { test } from 'node:test';
import assert from 'node:assert/strict';
import { S3Client } from '@aws-sdk/client-s3';
import { objectUrl } from './upload.js';
import { createSession, s3EndpointOverride } from '../session.js';

test('object URLs: canonical regional S3 URLs, virtual-hosted (path-style for dotted buckets)', () => {
  assert.equal(objectUrl('my-bucket', 'eu-west-1', '2026/a b.json'), 'https://my-bucket.s3.eu-west-1.amazonaws.com/2026/a%20b.json');
  assert.equal(objectUrl('my.bucket', 'eu-west-1', 'k.json'), 'https://s3.eu-west-1.amazonaws.com/my.bucket/k.json');
});

test('the S3 endpoint override follows the SDK variables; S3 clients then use path-style addressing, TemplateURLs stay canonical', async () => {
  assert.equal(s3EndpointOverride({}), undefined);
  assert.equal(s3EndpointOverride({ AWS_ENDPOINT_URL: 'http://localhost:4566/' }), 'http://localhost:4566');
  assert.equal(s3EndpointOverride({ AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_S3: 'http://s3' }), 'http://s3');
  assert.equal(s3EndpointOverride({ AWS_ENDPOINT_URL: 'http://a', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }), undefined);
  const session = createSession({ region: 'eu-west-1', env: { AWS_ENDPOINT_URL: 'http://localhost:4566' }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  assert.equal(session.s3Endpoint, 'http://localhost:4566');
  const s3 = session.client(S3Client);
  assert.equal(await s3.config.forcePathStyle, true);
  assert.equal(objectUrl('b', 'eu-west-1', 'k.json'), 'https://b.s3.eu-west-1.amazonaws.com/k.json');
});
