import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import composeSchema from '../load/schema/compose-spec.json' with { type: 'json' };
import { compatibilityMarkdown, SERVICE_KEYS } from './compatibility.js';

test('docs/compatibility.md is generated from the table (run `npm run docs`)', () => {
  assert.equal(readFileSync('docs/compatibility.md', 'utf8'), compatibilityMarkdown());
});

test('every compose service key of the schema is classified', () => {
  const defs = (composeSchema as { definitions: Record<string, { properties?: Record<string, unknown> }> }).definitions;
  const service = defs.service ?? Object.values(defs).find((d) => d.properties && 'image' in d.properties && 'ports' in d.properties);
  assert.ok(service?.properties, 'service definition found');
  const missing = Object.keys(service.properties).filter((k) => !(k in SERVICE_KEYS));
  assert.deepEqual(missing, []);
});
