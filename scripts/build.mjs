// Bundles the extension (Node, CommonJS) and the timeline webview (browser, IIFE: the app and, apart, the
// toolkit's definitions) with esbuild.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = { bundle: true, sourcemap: production ? false : 'linked', minify: production, logLevel: 'warning' };

// The mongodb driver (several MB) stays out of the extension bundle so activation never parses it: the
// extension's `import('mongodb')` (src/connectors/mongo/driver.ts) becomes a require of this separate file,
// which runs only when a MongoDB connection first connects.
const MONGODB_DRIVER_FILE = './drivers/mongodb.js';
const driverAsSeparateFile = {
  name: 'mongodb-driver-as-separate-file',
  setup(build) {
    build.onResolve({ filter: /^mongodb$/ }, () => ({ path: MONGODB_DRIVER_FILE, external: true }));
  },
};

const extension = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  plugins: [driverAsSeparateFile],
  // import() of the driver file becomes require() (wrapped in a promise): Node's ESM loader would see
  // only a default export of a bundled CommonJS file, require hands over its named exports as they are.
  supported: { 'dynamic-import': false },
};

const mongodbDriver = {
  ...common,
  stdin: { contents: "module.exports = require('mongodb');", resolveDir: import.meta.dirname, loader: 'js' },
  outfile: 'dist/drivers/mongodb.js',
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  // Optional native and cloud add-ons the driver requires inside try/catch; none is installed or needed.
  external: ['kerberos', '@mongodb-js/zstd', 'snappy', 'mongodb-client-encryption', '@aws-sdk/credential-providers', 'gcp-metadata', 'socks', 'aws4'],
};

const webview = {
  ...common,
  entryPoints: ['webview/timeline/main.ts'],
  outfile: 'dist/webview/timeline.js',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
};

// The toolkit's element definitions, apart from the app: it loads them after its first frame with rows,
// which would otherwise wait for FAST to be parsed (webview/timeline/toolkit.ts).
const toolkit = {
  ...webview,
  entryPoints: ['webview/timeline/toolkitDefinitions.ts'],
  outfile: 'dist/webview/toolkit.js',
};

function copyStyles() {
  mkdirSync('dist/webview', { recursive: true });
  copyFileSync('webview/timeline/timeline.css', 'dist/webview/timeline.css');
}

if (watch) {
  const contexts = await Promise.all([esbuild.context(extension), esbuild.context(mongodbDriver), esbuild.context(webview), esbuild.context(toolkit)]);
  copyStyles();
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes...');
} else {
  await Promise.all([esbuild.build(extension), esbuild.build(mongodbDriver), esbuild.build(webview), esbuild.build(toolkit)]);
  copyStyles();
}
