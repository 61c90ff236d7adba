// Bundles the extension (Node, CommonJS) and the timeline webview (browser, IIFE: the app and, apart, the
// toolkit's definitions) with esbuild.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = { bundle: true, sourcemap: production ? false : 'linked', minify: production, logLevel: 'warning' };

// Packages the extension needs only later stay out of its bundle, so activation never parses them: the
// extension's `import('<package>')` becomes a require of a separate file, run on first use. The mongodb
// driver (several MB) loads on the first MongoDB connect (src/connectors/mongo/driver.ts); proper-lockfile
// (with graceful-fs, which patches fs when evaluated) on the first append (src/connectors/local/fileLock.ts).
// kafkajs loads on the first Kafka connect (src/connectors/kafka/driver.ts), jsonpath-plus on the first
// JSONPath filter of a browse (src/connectors/kafka/filters.ts).
const LAZY_FILES = {
  mongodb: './drivers/mongodb.js',
  kafkajs: './drivers/kafkajs.js',
  'proper-lockfile': './lazy/proper-lockfile.js',
  'jsonpath-plus': './lazy/jsonpath-plus.js',
};
const lazyPackagesAsSeparateFiles = {
  name: 'lazy-packages-as-separate-files',
  setup(build) {
    build.onResolve({ filter: /^(mongodb|kafkajs|proper-lockfile|jsonpath-plus)$/ }, (args) => ({ path: LAZY_FILES[args.path], external: true }));
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
  plugins: [lazyPackagesAsSeparateFiles],
  // import() of a lazy file becomes require() (wrapped in a promise): Node's ESM loader would see
  // only a default export of a bundled CommonJS file, require hands over its named exports as they are.
  supported: { 'dynamic-import': false },
};

/** One package bundled alone for Node, to be required from the extension bundle on first use. */
function lazyPackageBundle(packageName, outfile, options = {}) {
  return {
    ...common,
    stdin: { contents: `module.exports = require('${packageName}');`, resolveDir: import.meta.dirname, loader: 'js' },
    outfile,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    ...options,
  };
}

const mongodbDriver = lazyPackageBundle('mongodb', 'dist/drivers/mongodb.js', {
  // Optional native and cloud add-ons the driver requires inside try/catch; none is installed or needed.
  external: ['kerberos', '@mongodb-js/zstd', 'snappy', 'mongodb-client-encryption', '@aws-sdk/credential-providers', 'gcp-metadata', 'socks', 'aws4'],
});

const lockfileLibrary = lazyPackageBundle('proper-lockfile', 'dist/lazy/proper-lockfile.js');
const kafkaDriver = lazyPackageBundle('kafkajs', 'dist/drivers/kafkajs.js');
const jsonPathLibrary = lazyPackageBundle('jsonpath-plus', 'dist/lazy/jsonpath-plus.js');
const lazyBundles = [mongodbDriver, kafkaDriver, lockfileLibrary, jsonPathLibrary];

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
  const contexts = await Promise.all([extension, ...lazyBundles, webview, toolkit].map((options) => esbuild.context(options)));
  copyStyles();
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes...');
} else {
  await Promise.all([extension, ...lazyBundles, webview, toolkit].map((options) => esbuild.build(options)));
  copyStyles();
}
