/** The packaged extension the end-to-end tests install: built once per test run, shared by every suite. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './paths';

export const vsixPath = path.join(repoRoot, 'dist', 'event-flow-explorer.vsix');

let packaged = false;

/** Runs scripts/package.mjs (production build + vsce) the first time it is called. */
export function packagedVsix(): string {
  if (!packaged) {
    const result = spawnSync(process.execPath, ['scripts/package.mjs'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0) {
      throw new Error(`npm run package failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
    }
    packaged = true;
  }
  return vsixPath;
}
