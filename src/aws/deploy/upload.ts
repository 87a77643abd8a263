/**
 * `create`: uploads every rendered file under one key prefix, nested templates first with their
 * TemplateURLs rewritten to the uploaded objects, the root template last (so that a stack never
 * points at a template that is not there yet).
 */
import type { S3Api } from './api.js';
import { isTemplateFile, parseTemplate, rewriteTemplateUrls, serializeTemplate } from './templates.js';

export interface UploadRequest {
  s3: S3Api;
  files: ReadonlyMap<string, string>;
  /** The root template's file name. */
  rootFile: string;
  bucket: string;
  region: string;
  /** Key prefix; a trailing "/" is added when missing. */
  prefix: string;
}

export interface UploadedObject {
  file: string;
  key: string;
  url: string;
}

export interface UploadResult {
  rootUrl: string;
  objects: UploadedObject[];
}

/** `<YYYY>/<MM>/<DD>/<HHMM>/<6 hex>/` in UTC, one per run. */
export function generatedPrefix(now: number, random: () => number = Math.random): string {
  const d = new Date(now);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const hex = Math.floor(random() * 0x1000000)
    .toString(16)
    .padStart(6, '0');
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}/${hex}/`;
}

export function normalizePrefix(prefix: string): string {
  const p = prefix.replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? p : p + '/';
}

/**
 * The canonical https URL CloudFormation fetches an object from (regional virtual-hosted style).
 * CloudFormation reads only S3 URLs, so an S3 endpoint override (an emulator) does not change it:
 * emulators resolve these URLs as CloudFormation does.
 */
export function objectUrl(bucket: string, region: string, key: string): string {
  const path = key.split('/').map(encodeURIComponent).join('/');
  // Dotted bucket names do not match the S3 wildcard certificate: use the path style for them.
  if (bucket.includes('.')) return `https://s3.${region}.amazonaws.com/${bucket}/${path}`;
  return `https://${bucket}.s3.${region}.amazonaws.com/${path}`;
}

export function contentType(file: string): string {
  if (file.endsWith('.json')) return 'application/json';
  if (file.endsWith('.yaml') || file.endsWith('.yml')) return 'application/x-yaml';
  return 'text/plain';
}

export async function uploadFiles(req: UploadRequest): Promise<UploadResult> {
  if (!req.files.has(req.rootFile)) throw new Error(`no root template ${req.rootFile} among the rendered files`);
  const prefix = normalizePrefix(req.prefix);
  const keyOf = (file: string) => prefix + file;
  const urls = new Map([...req.files.keys()].map((f) => [f, objectUrl(req.bucket, req.region, keyOf(f))]));
  const order = [...req.files.keys()].filter((f) => f !== req.rootFile);
  order.push(req.rootFile);
  const objects: UploadedObject[] = [];
  for (const file of order) {
    let body = req.files.get(file) ?? '';
    if (isTemplateFile(file)) {
      const doc = parseTemplate(file, body);
      if (rewriteTemplateUrls(doc, urls).length > 0) body = serializeTemplate(file, doc);
    }
    const key = keyOf(file);
    await req.s3.putObject({
      Bucket: req.bucket,
      Key: key,
      Body: body,
      ContentType: contentType(file),
      ServerSideEncryption: 'AES256',
    });
    objects.push({ file, key, url: urls.get(file) ?? '' });
  }
  return { rootUrl: urls.get(req.rootFile) ?? '', objects };
}
