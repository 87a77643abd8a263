/**
 * Golden tests: every example renders to exactly its expected/ files (byte for byte), twice
 * in a row (determinism), the same with every registered extension applied as with those the CLI
 * loads for it (the registry's `when` keys miss nothing), and every template passes AWS's offline
 * CloudFormation validator.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderFolder } from '../helpers/render.js';
import { assertLintClean } from '../helpers/cfn-lint.js';
import { goldenExamples } from './examples.js';
import { EXTENSIONS } from '../../src/extensions/all.js';

const examples = goldenExamples();

test('there are golden examples', () => {
  assert.ok(examples.length >= 1);
});

for (const ex of examples) {
  describe(`example ${ex.title}`, () => {
    const out = renderFolder(ex.dir, ex.files, { name: ex.name });

    test('renders exactly the expected files', () => {
      const expected = readdirSync(ex.expectedDir).sort();
      assert.deepEqual([...out.files.keys()].sort(), expected, 'run `npm run golden:update` after an intended change');
      for (const name of expected) {
        assert.equal(out.files.get(name), readFileSync(join(ex.expectedDir, name), 'utf8'), `${ex.title}/${name} differs; run \`npm run golden:update\` after an intended change`);
      }
    });

    test('is deterministic', () => {
      const again = renderFolder(ex.dir, ex.files, { name: ex.name });
      assert.deepEqual([...again.files.entries()], [...out.files.entries()]);
    });

    test('renders the same with every registered extension applied', () => {
      const all = renderFolder(ex.dir, ex.files, { name: ex.name, extensions: EXTENSIONS });
      assert.deepEqual([...all.files.entries()], [...out.files.entries()]);
      assert.deepEqual(all.warnings, out.warnings);
    });

    test('every template passes the CloudFormation validator', () => {
      for (const [name, content] of out.files) {
        if (name.endsWith('.params.json') || name.endsWith('.config.json')) continue;
        assertLintClean(JSON.parse(content), `${ex.title}/${name}`);
      }
    });
  });
}
