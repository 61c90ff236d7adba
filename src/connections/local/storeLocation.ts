/**
 * Where a write to the Local store really lands. `.eventflow/events.ndjson` (or the `.eventflow` folder)
 * may be a symbolic link a cloned repository ships, pointing anywhere on the disk; the manifest promises that
 * an untrusted workspace cannot point the store elsewhere, so the real path is what is checked, not the
 * configured one. No vscode here: the editor side asks the question this decides to ask.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export type StoreWriteDecision =
  /** The real path is inside the workspace folder (or no folder is open: the extension's own storage). */
  | { kind: 'inside'; realPath: string }
  /** The configured path itself is outside the folder: the user's own setting chose it (settings a workspace sets are ignored while it is untrusted). */
  | { kind: 'chosen'; realPath: string }
  /** A link takes the write out of the folder and the workspace is not trusted: refuse, with the reason. */
  | { kind: 'refuse'; realPath: string; reason: string }
  /** A link takes the write out of the folder of a trusted workspace: ask, naming the real path. */
  | { kind: 'ask'; realPath: string };

export async function decideStoreWrite(file: string, workspaceFolder: string | undefined, trusted: boolean): Promise<StoreWriteDecision> {
  const configured = path.resolve(file);
  const realPath = await realPathOf(configured);
  if (workspaceFolder === undefined) return { kind: 'inside', realPath };
  const folder = path.resolve(workspaceFolder);
  if (!isInside(configured, folder)) return { kind: 'chosen', realPath };
  if (isInside(realPath, await realPathOf(folder))) return { kind: 'inside', realPath };
  if (!trusted) {
    return {
      kind: 'refuse',
      realPath,
      reason: `${path.relative(folder, configured)} is a link to ${realPath}, outside the workspace folder; an untrusted workspace cannot make the Local store write there. Trust the workspace to be asked instead.`,
    };
  }
  return { kind: 'ask', realPath };
}

/**
 * The real path of `file`, or of its nearest existing folder with the rest appended (the file may not exist
 * yet). A dangling link is followed too: opening it to append would create its target.
 */
export async function realPathOf(file: string, depth = 0): Promise<string> {
  if (depth > 40) throw new Error(`${file}: too many levels of symbolic links`);
  try {
    return await fs.realpath(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const stat = await fs.lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined; // nothing there at all: look at the folder
    throw error;
  });
  if (stat?.isSymbolicLink()) return realPathOf(path.resolve(path.dirname(file), await fs.readlink(file)), depth + 1);
  const parent = path.dirname(file);
  if (parent === file) return file;
  return path.join(await realPathOf(parent, depth + 1), path.basename(file));
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
