#!/usr/bin/env node
// CommonJS (bin/package.json): a CommonJS entry starts without Node's ESM loader.
'use strict';
const { loadMain } = require('./load-main.js');

const argv = process.argv.slice(2);
loadMain(argv)(argv).then((code) => {
  process.exitCode = code;
});
