// Build step: bundles the CLI into one CommonJS file, dist/bundle/main.cjs, and writes its V8
// code cache (main.cjs.cache) after a warm-up run on the Kafka Connect example. bin/ loads the
// bundle from that cache, so a cold start neither resolves dozens of modules nor parses and
// compiles them again. The AWS SDK and Ajv stay external: only the commands that need them load them.
import { cpSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { writeMainCodeCache } from '../bin/load-main.js';

rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: ['dist/src/cli/main.js'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'dist/bundle/main.cjs',
  external: ['@aws-sdk/*', '@smithy/*', 'ajv', 'ajv/*'],
  define: { 'import.meta.url': '__cxImportMetaUrl' },
  banner: { js: "const __cxImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Fewer bytes to read and hash at every start; ASCII only, so bin/ reads it as a one-byte string.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  charset: 'ascii',
  logLevel: 'warning',
});
// `version` alone is answered by bin/ from this file, without loading the CLI.
await build({
  entryPoints: ['dist/src/version.js'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'dist/bundle/version.cjs',
  minifyWhitespace: true,
  charset: 'ascii',
  logLevel: 'warning',
});
cpSync('dist/src/load/schema/compiled', 'dist/bundle/compiled', { recursive: true });
await writeMainCodeCache();
console.log('bundled dist/bundle/main.cjs');
