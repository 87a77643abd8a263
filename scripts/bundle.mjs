// Build step: bundles the CLI into one CommonJS file, dist/bundle/main.cjs, and writes its V8
// code cache (main.cjs.cache) after a warm-up run on the Kafka Connect example. bin/ loads the
// bundle from that cache, so a cold start neither resolves dozens of modules nor parses and
// compiles them again. The AWS SDK and Ajv stay external: only the commands that need them load them.
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { writeMainCodeCache } from '../bin/load-main.js';

// Node built-ins that cost milliseconds to load and that a render rarely calls: commander requires
// child_process at its top (for executable subcommands, which this CLI has none of), and the port
// parser needs net's isIP only for ports with a host IP. They are loaded on first property access.
const require = createRequire(import.meta.url);
const LAZY_BUILTINS = ['child_process', 'net'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    b.onResolve({ filter }, (args) =>
      args.namespace === 'lazy-builtin' ? undefined : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    // A getter per export (listed from this Node's module), so esbuild's ESM interop copies them as getters.
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: [
        `let m;\nconst load = () => (m ??= require('node:${args.path}'));`,
        `for (const k of ${JSON.stringify(Object.keys(require(`node:${args.path}`)))})`,
        '  Object.defineProperty(module.exports, k, { enumerable: true, get: () => load()[k] });',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: ['dist/src/cli/main.js'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'dist/bundle/main.cjs',
  plugins: [lazyBuiltins],
  external: ['@aws-sdk/*', '@smithy/*', 'ajv', 'ajv/*'],
  define: { 'import.meta.url': '__cxImportMetaUrl' },
  banner: { js: "const __cxImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Fewer bytes to read and hash at every start (local names shortened too: nothing reads a
  // function's or class's name); ASCII only, so bin/ reads it as a one-byte string.
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: true,
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
