import * as fs from 'node:fs';
import * as path from 'node:path';

export const REDUCERS_FOLDER = path.join('.eventflow', 'reducers');
export const BUS_FILES = [path.join('.eventflow', 'bus.js'), path.join('.eventflow', 'bus.ts'), path.join('.eventflow', 'bus.py')];
const REDUCER_FILE = /\.(js|cjs|mjs|ts|py)$/;

export interface WorkspaceReducerFiles {
  /** `.js` / `.ts` files, for the worker sandbox. */
  javascript: string[];
  /** `.py` files, for the Python harness. */
  python: string[];
}

/** The reducer files of a workspace folder, sorted, split by the sandbox that runs them; none when the folder is missing. */
export async function findWorkspaceReducers(root: string): Promise<WorkspaceReducerFiles> {
  const folder = path.join(root, REDUCERS_FOLDER);
  let names: string[];
  try {
    names = await fs.promises.readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { javascript: [], python: [] };
    throw error;
  }
  const files = names.filter((name) => REDUCER_FILE.test(name) && !name.endsWith('.d.ts')).sort().map((name) => path.join(folder, name));
  return { javascript: files.filter((file) => !file.endsWith('.py')), python: files.filter((file) => file.endsWith('.py')) };
}

/** Whether the workspace holds a `.py` reducer (a reader of the chapter, whose flow the walkthrough then offers first). */
export async function holdsPythonReducer(root: string | undefined): Promise<boolean> {
  return root !== undefined && (await findWorkspaceReducers(root)).python.length > 0;
}

/**
 * Calls `onChange` once a burst of saves in the reducers folder (or to a bus file) has settled, so a
 * timeline re-replays once per save, not once per write the editor makes. Returns the stop function.
 */
export function watchWorkspaceReducers(root: string, onChange: () => void, debounceMs = 150): () => void {
  let timer: NodeJS.Timeout | undefined;
  const changed = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const folder = path.join(root, '.eventflow');
  fs.mkdirSync(path.join(root, REDUCERS_FOLDER), { recursive: true });
  const watchers = [fs.watch(path.join(root, REDUCERS_FOLDER), changed), fs.watch(folder, (_event, name) => {
    if (name && BUS_FILES.some((file) => path.basename(file) === name.toString())) changed();
  })];
  return () => {
    if (timer) clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
