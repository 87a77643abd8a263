#!/usr/bin/env node
// CommonJS (bin/package.json): a CommonJS entry starts without Node's ESM loader.
'use strict';
const { loadMain } = require('./load-main.js');

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === 'version') {
  // Nothing to parse or load: the version line comes from a tiny bundle of src/version.ts.
  process.stdout.write(require('../dist/bundle/version.cjs').versionLine());
} else {
  loadMain(argv)(argv).then((code) => {
    process.exitCode = code;
  });
}
