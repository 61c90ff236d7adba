import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Writes the version of `file` at git's HEAD to a temporary folder (same file name), for a what-if between
 * the working copy and the last commit. Files it requires by relative path are not copied: a reducer that
 * needs its neighbours is compared against the working copy's. Returns the copy's path and a cleanup.
 */
export async function headVersionOf(file: string): Promise<{ file: string; remove: () => Promise<void> }> {
  const folder = path.dirname(file);
  let top: string;
  try {
    top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd: folder })).stdout.trim();
  } catch (error) {
    throw new Error(`${file} is not in a git repository, so it has no HEAD version (${firstLine(error)})`);
  }
  const relative = path.relative(await fs.realpath(top), await fs.realpath(file)).split(path.sep).join('/');
  let text: string;
  try {
    text = (await run('git', ['show', `HEAD:${relative}`], { cwd: top, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    throw new Error(`${relative} has no committed version at HEAD (${firstLine(error)})`);
  }
  const temporary = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-head-'));
  const copy = path.join(temporary, path.basename(file));
  await fs.writeFile(copy, text);
  return { file: copy, remove: () => fs.rm(temporary, { recursive: true, force: true }) };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? ((error as Error & { stderr?: string }).stderr || error.message) : String(error);
  return text.trim().split('\n')[0];
}
