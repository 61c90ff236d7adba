import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const GIT_TIMEOUT_MS = 10_000;

/**
 * Whether `file` has a version at git's HEAD, asked before what-if offers "at git's HEAD" (only what can
 * work is offered): git installed, the file in a repository, that repository with a commit holding it.
 */
export async function hasHeadVersion(file: string): Promise<boolean> {
  try {
    const top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd: path.dirname(file), timeout: GIT_TIMEOUT_MS })).stdout.trim();
    const relative = path.relative(await fs.realpath(top), await fs.realpath(file)).split(path.sep).join('/');
    await run('git', ['cat-file', '-e', `HEAD:${relative}`], { cwd: top, timeout: GIT_TIMEOUT_MS });
    return true;
  } catch {
    // Not a repository, no commit, the file not committed, or no git: each means there is no HEAD version to offer.
    return false;
  }
}
