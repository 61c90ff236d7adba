import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface HeadVersion {
  /** The copy of the committed version, in a private folder. */
  file: string;
  /** The working copy: the copy is loaded as if it were here (`ReducerSandbox.load`'s `resolveAs`). */
  resolveAs: string;
  remove: () => Promise<void>;
}

/**
 * Writes the version of `file` at git's HEAD to a private temporary folder (mode 0700, file 0600; same file
 * name), for a what-if between the working copy and the last commit. The copy is loaded with `resolveAs` set
 * to the working copy, so its `require`s resolve from the workspace exactly as the working copy's do: a bare
 * `require('x')` never searches the shared temporary folder's `node_modules`, which another local user could
 * plant. Files it requires by relative path are the working copy's neighbours. `remove` deletes the folder.
 */
export async function headVersionOf(file: string): Promise<HeadVersion> {
  const folder = path.dirname(file);
  let top: string;
  try {
    top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd: folder, timeout: 30_000 })).stdout.trim();
  } catch (error) {
    throw new Error(`${file} is not in a git repository, so it has no HEAD version (${firstLine(error)})`);
  }
  const relative = path.relative(await fs.realpath(top), await fs.realpath(file)).split(path.sep).join('/');
  let text: string;
  try {
    text = (await run('git', ['show', `HEAD:${relative}`], { cwd: top, maxBuffer: 64 * 1024 * 1024, timeout: 30_000 })).stdout;
  } catch (error) {
    throw new Error(`${relative} has no committed version at HEAD (${firstLine(error)})`);
  }
  const temporary = await fs.mkdtemp(path.join(os.tmpdir(), 'efx-head-'));
  const remove = (): Promise<void> => fs.rm(temporary, { recursive: true, force: true });
  try {
    await fs.chmod(temporary, 0o700);
    const copy = path.join(temporary, path.basename(file));
    await fs.writeFile(copy, text, { mode: 0o600, flag: 'wx' });
    return { file: copy, resolveAs: file, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? ((error as Error & { stderr?: string }).stderr || error.message) : String(error);
  return text.trim().split('\n')[0];
}
