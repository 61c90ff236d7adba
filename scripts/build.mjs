// Bundles the extension (Node, CommonJS) and the timeline webview (browser, IIFE) with esbuild.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = { bundle: true, sourcemap: production ? false : 'linked', minify: production, logLevel: 'warning' };

const extension = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
};

const webview = {
  ...common,
  entryPoints: ['webview/timeline/main.ts'],
  outfile: 'dist/webview/timeline.js',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
};

function copyStyles() {
  mkdirSync('dist/webview', { recursive: true });
  copyFileSync('webview/timeline/timeline.css', 'dist/webview/timeline.css');
}

if (watch) {
  const contexts = await Promise.all([esbuild.context(extension), esbuild.context(webview)]);
  copyStyles();
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes...');
} else {
  await Promise.all([esbuild.build(extension), esbuild.build(webview)]);
  copyStyles();
}
