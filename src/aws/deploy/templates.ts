/**
 * Rendered files as templates: which files are templates, parsing them back into documents, and
 * pointing nested stacks' relative TemplateURLs at their uploaded copies (on the documents, then
 * serialised again the same way render does).
 */
import { parse } from 'yaml';
import type { JsonObject, TemplateDocument } from '../../cfn/template.js';
import { toJson, toYaml } from '../../cfn/serialize.js';

export function isTemplateFile(name: string): boolean {
  return /\.(json|ya?ml)$/.test(name) && !/\.(params|config)\.json$/.test(name);
}

export function parseTemplate(name: string, body: string): TemplateDocument {
  const doc: unknown = name.endsWith('.json') ? JSON.parse(body) : parse(body);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || typeof (doc as JsonObject).Resources !== 'object') {
    throw new Error(`${name} is not a CloudFormation template`);
  }
  return doc as TemplateDocument;
}

export function serializeTemplate(name: string, doc: TemplateDocument): string {
  return name.endsWith('.json') ? toJson(doc) : toYaml(doc);
}

/**
 * Replaces each nested stack's TemplateURL that names a key of `urls` (a rendered file name) by
 * its value. Returns the file names that were referenced.
 */
export function rewriteTemplateUrls(doc: TemplateDocument, urls: ReadonlyMap<string, string>): string[] {
  const used: string[] = [];
  for (const res of Object.values(doc.Resources)) {
    if (typeof res !== 'object' || res === null || Array.isArray(res)) continue;
    if (res.Type !== 'AWS::CloudFormation::Stack') continue;
    const props = res.Properties;
    if (typeof props !== 'object' || props === null || Array.isArray(props)) continue;
    const url = props.TemplateURL;
    if (typeof url !== 'string') continue;
    const target = urls.get(url.replace(/^\.\//, ''));
    if (target === undefined) continue;
    props.TemplateURL = target;
    used.push(url);
  }
  return used;
}
