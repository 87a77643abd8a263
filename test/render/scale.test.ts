/**
 * Scale: a project of 500 services in 250 families renders within CloudFormation's limits
 * (the 1.x layout stopped at about 34 families), and its templates pass the validator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderText, template } from '../helpers/render.js';
import { assertLintClean } from '../helpers/cfn-lint.js';
import { syntheticProject } from '../../bench/synthetic.js';

test('500 services in 250 families fit in CloudFormation limits', () => {
  const out = renderText({ files: { 'docker-compose.yml': syntheticProject(500) }, name: 'big' });
  const root = template(out, 'big.json');
  const stacks = Object.values(root.Resources as Record<string, { Type: string }>).filter((r) => r.Type === 'AWS::CloudFormation::Stack');
  assert.equal(stacks.length, 251, '250 families + vpc');
  assert.ok(Object.keys(root.Resources).length <= 500);
  const fam = template(out, 'family0.json');
  assert.equal(fam.Resources.EcsTaskDefinition.Properties.ContainerDefinitions.length, 2);
  for (const [name, text] of out.files) {
    if (!name.endsWith('.json') || name.includes('.params.') || name.includes('.config.')) continue;
    const doc = JSON.parse(text);
    assert.ok(Object.keys(doc.Resources).length <= 500, name);
    assert.ok(Object.keys(doc.Parameters ?? {}).length <= 200, name);
    assert.ok(Object.keys(doc.Outputs ?? {}).length <= 200, name);
  }
  assertLintClean(root, 'big.json');
  assertLintClean(fam, 'family0.json');
  assertLintClean(template(out, 'vpc.json'), 'vpc.json');
});
