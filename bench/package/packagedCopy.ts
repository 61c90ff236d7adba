/**
 * A copy of the working tree in a temporary folder, built for production and packed into a .vsix there,
 * once per run. The activation and package rows measure what ships, and `npm run package` deletes dist/,
 * which must not happen under tests running from the shared working tree at the same time.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SKIPPED = new Set(['node_modules', '.git', '.services', 'out', 'dist', '.vscode-test', '.eventflow-test']);

export interface PackagedCopy {
  folder: string;
  vsix: string;
}

let prepared: PackagedCopy | undefined;

export function packagedCopy(repoRoot: string, log: (line: string) => void): PackagedCopy {
  if (prepared !== undefined) return prepared;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'efx-bench-package-'));
  fs.cpSync(repoRoot, folder, { recursive: true, filter: (source) => !SKIPPED.has(path.basename(source)) || path.dirname(source) !== repoRoot });
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(folder, 'node_modules'));
  const started = performance.now();
  const result = spawnSync(process.execPath, ['scripts/package.mjs'], { cwd: folder, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run package failed in ${folder}:\n${result.stdout}\n${result.stderr}`);
  log(`packaged a copy of the working tree in ${((performance.now() - started) / 1000).toFixed(1)} s (${folder})`);
  prepared = { folder, vsix: path.join(folder, 'dist', 'event-flow-explorer.vsix') };
  process.once('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
  return prepared;
}
