// Build step: bundles the CLI into dist/bundle/ (one module graph, code split at the lazy
// imports) so start-up does not resolve and load dozens of modules. The AWS SDK and Ajv stay
// external: they are loaded only by the commands that need them.
import { cpSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/cli/main.js'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  splitting: true,
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  external: ['@aws-sdk/*', '@smithy/*', 'ajv', 'ajv/*'],
  // CommonJS dependencies bundled into ESM still call require() for node built-ins.
  banner: { js: "import { createRequire as __cxCreateRequire } from 'node:module'; const require = __cxCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
cpSync('dist/src/load/schema/compiled', 'dist/bundle/compiled', { recursive: true });
console.log('bundled dist/bundle/main.mjs');
