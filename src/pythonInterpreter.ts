/**
 * The editor's side of choosing the workspace's Python: the Python extension's selected interpreter when
 * that extension is installed (read through its public API), else the machine-scoped
 * `eventFlows.python.interpreter` setting, else `python3` (order and API reading: sandbox/python/interpreter.ts).
 */
import * as vscode from 'vscode';
import { interpreterFromPythonApi, resolvePythonInterpreter, type ResolvedInterpreter } from './sandbox/python/interpreter';

export const PYTHON_EXTENSION_ID = 'ms-python.python';
export const PYTHON_INTERPRETER_SETTING = 'python.interpreter';

/** The Python extension activates in a few seconds; one that hangs must not hold the replay. */
const ACTIVATE_TIMEOUT_MS = 15_000;

export function workspacePythonInterpreter(log: vscode.LogOutputChannel): () => Promise<ResolvedInterpreter> {
  return async () => {
    const resolved = await resolvePythonInterpreter({
      pythonExtension: () => selectedByPythonExtension(),
      setting: () => vscode.workspace.getConfiguration('eventFlows').get<string>(PYTHON_INTERPRETER_SETTING),
      warn: (message) => log.warn(message),
    });
    log.debug(`Python interpreter: ${resolved.command} (${resolved.source})`);
    return resolved;
  };
}

async function selectedByPythonExtension(): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension(PYTHON_EXTENSION_ID);
  if (!extension) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${PYTHON_EXTENSION_ID} did not activate within ${ACTIVATE_TIMEOUT_MS / 1000} s`)), ACTIVATE_TIMEOUT_MS);
  });
  try {
    const api: unknown = extension.isActive ? extension.exports : await Promise.race([extension.activate(), timeout]);
    return await interpreterFromPythonApi(api, vscode.workspace.workspaceFolders?.[0]?.uri);
  } finally {
    clearTimeout(timer);
  }
}
