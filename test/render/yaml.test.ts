/** `--format yaml` writes the same templates as JSON, with .yaml file names and TemplateURLs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { renderFolder } from '../helpers/render.js';

test('YAML output holds the same documents as JSON output', () => {
  const dir = resolve('examples/kafka-connect');
  const files = ['docker-compose.yml', 'aws.yml', 'vpc.yml'];
  const json = renderFolder(dir, files, { name: 'kafka-connect', format: 'json' });
  const yaml = renderFolder(dir, files, { name: 'kafka-connect', format: 'yaml' });
  const templates = [...json.files.keys()].filter((f) => f.endsWith('.json') && !f.includes('.params.') && !f.includes('.config.'));
  assert.ok(templates.length >= 4);
  for (const f of templates) {
    const y = yaml.files.get(f.replace(/\.json$/, '.yaml'));
    assert.ok(y, `${f} has a YAML twin`);
    const doc = JSON.parse(json.files.get(f)!);
    if (f === 'kafka-connect.json') {
      for (const r of Object.values(doc.Resources as Record<string, { Properties: { TemplateURL?: string } }>)) {
        if (r.Properties.TemplateURL) r.Properties.TemplateURL = r.Properties.TemplateURL.replace(/\.json$/, '.yaml');
      }
    }
    assert.deepEqual(parse(y!, { version: '1.1' }), doc, f);
    assert.deepEqual(parse(y!), doc, f);
  }
});
