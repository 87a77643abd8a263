/**
 * Scale: a project of 500 services in 250 families renders within CloudFormation's limits
 * (the 1.x layout stopped at about 34 families), and its templates pass the validators (a sample of
 * them goes to the real cfn-lint).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderText, template } from '../helpers/render.js';
import { assertLintClean } from '../helpers/cfn-lint.js';
import { syntheticProject } from '../../bench/synthetic.js';

// The 250 family stacks differ only in names and numbers; linting them all with the real cfn-lint
// takes over a minute of CPU, so the cfn-lint gate gets the root, the VPC and three families.
const LINT_SAMPLE = new Set(['big.json', 'vpc.json', 'family0.json', 'family1.json', 'family249.json']);

test('500 services in 250 families fit in CloudFormation limits', () => {
  const out = renderText({ files: { 'docker-compose.yml': syntheticProject(500) }, name: 'big', lint: (f) => LINT_SAMPLE.has(f) });
  const root = template(out, 'big.json');
  const stacks = Object.values(root.Resources as Record<string, { Type: string }>).filter((r) => r.Type === 'AWS::CloudFormation::Stack');
  assert.equal(stacks.length, 251, '250 families + vpc');
  for (const f of LINT_SAMPLE) assert.ok(out.files.has(f), `${f} is rendered`);
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
