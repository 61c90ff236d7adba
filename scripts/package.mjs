// Builds the production bundle and packs it into dist/event-flow-explorer.vsix. esbuild bundles every
// runtime dependency, so vsce packs no node_modules (--no-dependencies); .vscodeignore keeps the rest out.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const vsix = path.join(root, 'dist', 'event-flow-explorer.vsix');

function run(command, args) {
  // No stdin: a vsce question (a missing field, say) fails the build instead of waiting for an answer.
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal ?? result.error?.message})`);
    process.exit(1);
  }
}

// A clean dist/: the development build's source maps would otherwise ship beside the minified bundle.
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
run(process.execPath, ['scripts/build.mjs', '--production']);
run(process.execPath, [
  path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  // VS Code shows the README from the installed folder, where relative links (media/...) resolve as they are.
  '--no-rewrite-relative-links',
  '--out', vsix,
]);
const kib = (fs.statSync(vsix).size / 1024).toFixed(1);
console.log(`${path.relative(root, vsix)}: ${kib} KiB`);
