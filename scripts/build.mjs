// Bundles the extension (Node, CommonJS) and the webview apps with esbuild: per app under webview/<app>/,
// its script (browser, IIFE) as dist/webview/<app>.js and its stylesheet, the kit's CSS of webview/shared/
// inlined through @import, as dist/webview/<app>.css; the toolkit's definitions apart as toolkit.js.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = { bundle: true, sourcemap: production ? false : 'linked', minify: production, logLevel: 'warning' };

// Packages the extension needs only later stay out of its bundle, so activation never parses them: the
// extension's `import('<package>')` becomes a require of a separate file, run on first use. The mongodb
// driver (several MB) loads on the first MongoDB connect (src/connectors/mongo/driver.ts); proper-lockfile
// (with graceful-fs, which patches fs when evaluated) on the first append (src/connectors/local/fileLock.ts).
// kafkajs loads on the first Kafka connect (src/connectors/kafka/driver.ts), jsonpath-plus on the first
// JSONPath filter of a browse (src/connectors/kafka/filters.ts), amqplib on the first RabbitMQ connect
// (src/connectors/rabbitmq/driver.ts). mongodb-connection-string-url (the driver's own parser, with
// whatwg-url and its Unicode tables, about 400 KB) on the first MongoDB connection string read
// (src/connectors/mongo/connectionString.ts, a synchronous require). avsc and protobufjs on the first Kafka
// value decoded with an Avro or Protobuf schema (src/connectors/kafka/decoding/libraries.ts).
const LAZY_FILES = {
  mongodb: './drivers/mongodb.js',
  kafkajs: './drivers/kafkajs.js',
  amqplib: './drivers/amqplib.js',
  'proper-lockfile': './lazy/proper-lockfile.js',
  'jsonpath-plus': './lazy/jsonpath-plus.js',
  'mongodb-connection-string-url': './lazy/mongodb-connection-string-url.js',
  avsc: './lazy/avsc.js',
  protobufjs: './lazy/protobufjs.js',
};
// The AsyncAPI parser, a YAML writer and ajv (about 3 MB) load on the first AsyncAPI command, through one
// module of ours (src/connectors/reads/asyncapi/asyncApiLibrary.ts) bundled alone, so they share one ajv.
const ASYNCAPI_LIBRARY = { specifier: /^\.\/asyncApiLibrary$/, file: './lazy/asyncapi.js' };
// Everything activation does not need (src/features.ts: the commands, panels, serializers, and each kind's
// connector) is a bundle of its own, required on first use (src/featuresLoader.ts, src/connectorsLoader.ts).
const FEATURES = [
  { specifier: /^\.\/features$/, importer: 'featuresLoader.ts', file: './lazy/features.js' },
  { specifier: /^\.\/kindConnectors$/, importer: 'connectorsLoader.ts', file: './lazy/features.js' },
];
const lazyPackageNames = new RegExp(`^(${Object.keys(LAZY_FILES).join('|')})$`);
/** The lazy files as a require from a bundle in `folder` (under dist/) names them. */
function lazyPackagesAsSeparateFiles(folder = '.') {
  const from = (file) => (folder === '.' ? file : `./${path.posix.relative(folder, file)}`);
  return {
    name: 'lazy-packages-as-separate-files',
    setup(build) {
      build.onResolve({ filter: lazyPackageNames }, (args) => ({ path: from(LAZY_FILES[args.path]), external: true }));
      build.onResolve({ filter: ASYNCAPI_LIBRARY.specifier }, () => ({ path: from(ASYNCAPI_LIBRARY.file), external: true }));
      for (const { specifier, importer, file } of FEATURES) {
        build.onResolve({ filter: specifier }, (args) => (args.importer.endsWith(importer) ? { path: from(file), external: true } : undefined));
      }
    },
  };
}

// Every file that imports `vscode` or a Node built-in would get its own copy of the module's properties
// (esbuild's interop helper, run per import at load: about 60 copies of the API's few hundred getters, and
// more of `node:fs` and `node:path`). One virtual module per such package re-exports it once, and every
// file imports that.
const externalModulesOnce = {
  name: 'external-modules-once',
  setup(build) {
    build.onResolve({ filter: /^(vscode|node:[a-z_/]+)$/ }, (args) =>
      args.namespace === 'external-once' ? { path: args.path, external: true } : { path: args.path, namespace: 'external-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'external-once' }, (args) => ({ contents: `export * from '${args.path}';`, loader: 'js' }));
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
  plugins: [lazyPackagesAsSeparateFiles(), externalModulesOnce],
  // jsonc-parser's main file is a UMD build whose require('./impl/…') calls esbuild cannot follow; its ES build bundles whole.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  // import() of a lazy file becomes require() (wrapped in a promise): Node's ESM loader would see
  // only a default export of a bundled CommonJS file, require hands over its named exports as they are.
  supported: { 'dynamic-import': false },
};

// The features bundle must not hold a second copy of a module the activation bundle has: its state (a
// registry, the command stand-ins) and its classes (for instanceof) must be one. So the activation bundle
// exports every module it holds, by path, as `__modules`, and the features bundle takes each such module
// from there instead of bundling it. Which modules those are comes from a first build of the activation
// bundle; the second adds the table.
const FROM_ACTIVATION = 'from-activation';
const RESOLVING = Symbol('resolving');

/**
 * The source files of ours the activation bundle holds, as esbuild names them (relative to the working
 * folder). Packages stay out: the one it holds (valibot) keeps no state, and a shared module keeps all its
 * exports, which for valibot would be most of the activation bundle.
 */
async function activationModules() {
  const { metafile } = await esbuild.build({ ...extension, sourcemap: false, write: false, metafile: true });
  const inputs = Object.values(metafile.outputs).find((output) => output.entryPoint !== undefined).inputs;
  return Object.keys(inputs).filter((input) => !input.includes(':') && !input.split(/[\\/]/).includes('node_modules'));
}

/** The activation bundle: src/extension.ts's exports, and each module the features take from it as `__modules[path]`. */
function activationBundle(modules) {
  const imports = modules.map((file, i) => `import * as m${i} from ${JSON.stringify(path.resolve(file))};`);
  const table = modules.map((file, i) => `  ${JSON.stringify(file)}: m${i},`);
  const contents = [`export { activate, deactivate } from './src/extension';`, ...imports, `export const __modules = {`, ...table, `};`].join('\n');
  const { entryPoints: _, ...options } = extension;
  return { ...options, stdin: { contents, resolveDir: import.meta.dirname.replace(/[\\/]scripts$/, ''), sourcefile: 'extension-entry.js', loader: 'js' } };
}

/** Resolves an import to the activation bundle's copy when that bundle holds the module; `taken` collects those. */
function modulesFromActivation(modules, taken) {
  const held = new Set(modules);
  return {
    name: 'modules-from-activation',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === RESOLVING || args.kind === 'entry-point' || args.namespace !== 'file') return undefined;
        const resolved = await build.resolve(args.path, { resolveDir: args.resolveDir, importer: args.importer, kind: args.kind, pluginData: RESOLVING });
        if (resolved.errors.length > 0 || resolved.external || resolved.namespace !== 'file') return undefined;
        const file = path.relative(process.cwd(), resolved.path);
        // A path of its own: esbuild would read one ending in .mjs as an ES module, whatever the contents.
        if (!held.has(file)) return undefined;
        taken.add(file);
        return { path: `${file}#activation`, namespace: FROM_ACTIVATION, pluginData: file };
      });
      build.onResolve({ filter: /^\.\.\/extension\.js$/, namespace: FROM_ACTIVATION }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: FROM_ACTIVATION }, (args) => ({
        contents: [
          `const held = require('../extension.js').__modules[${JSON.stringify(args.pluginData)}];`,
          `const live = { __esModule: true };`,
          `for (const key of Object.keys(held)) if (key !== '__esModule') Object.defineProperty(live, key, { enumerable: true, get: () => held[key] });`,
          `module.exports = live;`,
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}

/** The features (src/features.ts), taking every module the activation bundle holds from it. */
function featuresBundle(modules, taken) {
  return {
    ...extension,
    entryPoints: ['src/features.ts'],
    outfile: 'dist/lazy/features.js',
    plugins: [lazyPackagesAsSeparateFiles('lazy'), externalModulesOnce, modulesFromActivation(modules, taken)],
  };
}

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

const amqplibDriver = lazyPackageBundle('amqplib', 'dist/drivers/amqplib.js');
const lockfileLibrary = lazyPackageBundle('proper-lockfile', 'dist/lazy/proper-lockfile.js');
// kafkajs 2.2.4 schedules its request queue's check at `throttledUntil - Date.now()` while `throttledUntil`
// is still -1 (never throttled): a delay of minus the time since 1970, which Node 24 (the extension host of
// current VS Code builds) reports as "TimeoutNegativeWarning: -1796544681806 is a negative number". Node
// treats it as "at once"; the bundle says 0, which is the same. The build fails if the line has moved.
const KAFKAJS_SCHEDULE = '      }, scheduleAt)\n';
const kafkajsNoNegativeTimer = {
  name: 'kafkajs-no-negative-timer',
  setup(build) {
    build.onLoad({ filter: /kafkajs[\\/]src[\\/]network[\\/]requestQueue[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(KAFKAJS_SCHEDULE)) throw new Error(`${args.path}: the request queue's schedule is not where it was; check it for a negative timer`);
      return { contents: source.replace(KAFKAJS_SCHEDULE, '      }, Math.max(0, scheduleAt))\n'), loader: 'js' };
    });
  },
};
const kafkaDriver = lazyPackageBundle('kafkajs', 'dist/drivers/kafkajs.js', { plugins: [kafkajsNoNegativeTimer] });
const jsonPathLibrary = lazyPackageBundle('jsonpath-plus', 'dist/lazy/jsonpath-plus.js');
const connectionStringParser = lazyPackageBundle('mongodb-connection-string-url', 'dist/lazy/mongodb-connection-string-url.js');
const avroLibrary = lazyPackageBundle('avsc', 'dist/lazy/avsc.js');
const protobufLibrary = lazyPackageBundle('protobufjs', 'dist/lazy/protobufjs.js');
const asyncApiLibrary = {
  ...common,
  entryPoints: ['src/connectors/reads/asyncapi/asyncApiLibrary.ts'],
  outfile: 'dist/lazy/asyncapi.js',
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  // As for the extension: jsonc-parser's UMD build hides its files from esbuild; its ES build bundles whole.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};
const lazyBundles = [asyncApiLibrary, mongodbDriver, kafkaDriver, amqplibDriver, lockfileLibrary, jsonPathLibrary, connectionStringParser, avroLibrary, protobufLibrary];

// The sandbox worker runs workspace reducers and bus files in a thread of its own (src/sandbox/worker.ts);
// it carries sucrase, which strips TypeScript types, so the extension bundle itself never parses it.
const sandboxWorker = {
  ...common,
  entryPoints: ['src/sandbox/worker.ts'],
  outfile: 'dist/sandbox/worker.js',
  platform: 'node',
  format: 'cjs',
  target: 'node18',
};

/** The harness python3 runs for .py reducers and bus files, and Debug Reducer's replay (src/sandbox/python/), shipped beside the bundle. */
function copyPythonHarness() {
  mkdirSync('dist/python', { recursive: true });
  for (const script of ['harness.py', 'debug_replay.py']) copyFileSync(`python/${script}`, `dist/python/${script}`);
}

// Adding a webview app is one path here (and its `WebviewApp` in src/panels/webviewHtml.ts): its folder
// under webview/, inside its kind's folder when it belongs to one kind; the bundle is named after the last part.
const WEBVIEW_APPS = ['timeline', 'busRun', 'messageBrowser', 'topology', 'rabbitmq/peek', 'flow', 'monitor', 'search', 'statistics'];

const browser = { ...common, platform: 'browser', format: 'iife', target: 'es2022' };

/** An app's script (webview/<folder>/main.ts) and its stylesheet (webview/<folder>/<app>.css), as dist/webview/<app>.*. */
function webviewApp(folder) {
  const app = folder.split('/').at(-1);
  return [
    { ...browser, entryPoints: [`webview/${folder}/main.ts`], outfile: `dist/webview/${app}.js` },
    { ...common, entryPoints: [`webview/${folder}/${app}.css`], outfile: `dist/webview/${app}.css`, target: 'chrome114' },
  ];
}

// FAST (under the toolkit) asks whether the browser knows `:focus-visible` by appending an empty <style> to
// the page and inserting a rule into it. The webview's CSP allows no inline style, so the page reported a
// violation ("Applying inline style violates … 'style-src …'") each time it opened, and FAST fell back to
// `:focus`. The same question, asked with CSS.supports, needs no element: that is what the bundle gets. The
// build fails if FAST's probe is no longer where it was, rather than shipping the violation again.
const FOCUS_VISIBLE_PROBE = /(export function canUseFocusVisible\(\) \{\n)[\s\S]*?\n\}\n/;
const focusVisibleWithoutInlineStyle = {
  name: 'focus-visible-without-inline-style',
  setup(build) {
    build.onLoad({ filter: /fast-web-utilities[\\/]dist[\\/]dom\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!FOCUS_VISIBLE_PROBE.test(source)) throw new Error(`${args.path}: canUseFocusVisible() not found; check FAST's :focus-visible probe against the CSP`);
      const probe = `$1    if (typeof _canUseFocusVisible !== "boolean") _canUseFocusVisible = canUseDOM() && typeof CSS !== "undefined" && CSS.supports("selector(:focus-visible)");\n    return _canUseFocusVisible;\n}\n`;
      return { contents: source.replace(FOCUS_VISIBLE_PROBE, probe), loader: 'js' };
    });
  },
};

// The toolkit's element definitions, apart from the apps: each loads them after its first frame with rows,
// which would otherwise wait for FAST to be parsed (webview/shared/toolkit.ts).
const toolkit = { ...browser, entryPoints: ['webview/shared/toolkitDefinitions.ts'], outfile: 'dist/webview/toolkit.js', plugins: [focusVisibleWithoutInlineStyle] };

// The process that runs that worker, so its memory limit holds for Buffers and native memory too
// (src/sandbox/sandboxProcess.ts); the extension host forks it on a sandbox's first request.
const sandboxProcess = { ...sandboxWorker, entryPoints: ['src/sandbox/sandboxProcess.ts'], outfile: 'dist/sandbox/process.js' };

const otherBuilds = [...lazyBundles, sandboxWorker, sandboxProcess, ...WEBVIEW_APPS.flatMap(webviewApp), toolkit];
// The features first: which modules they take decides the activation bundle's table (only those keep all their exports).
const modules = await activationModules();
const taken = new Set();
const features = featuresBundle(modules, taken);

if (watch) {
  // While watching, the features may come to take any module of the activation bundle: its table holds them all.
  copyPythonHarness();
  const contexts = await Promise.all([activationBundle(modules), features, ...otherBuilds].map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes...');
} else {
  await Promise.all([esbuild.build(features), ...otherBuilds.map((options) => esbuild.build(options))]);
  await esbuild.build(activationBundle([...taken]));
  copyPythonHarness();
}
