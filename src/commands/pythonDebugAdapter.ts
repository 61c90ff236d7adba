import * as vscode from 'vscode';
import { PYTHON_DEBUG_TYPE } from '../sandbox/python/pythonDebugReplay';

/**
 * The adapter of our Python debug type is debugpy's own, run by the interpreter the launch names: no Python
 * extension needed (code-server has none to install), and the same interpreter that replays the timeline.
 */
export function registerPythonDebugAdapter(): vscode.Disposable {
  return vscode.debug.registerDebugAdapterDescriptorFactory(PYTHON_DEBUG_TYPE, {
    createDebugAdapterDescriptor(session) {
      const python: unknown = session.configuration.python;
      if (typeof python !== 'string' || python === '') throw new Error(`a ${PYTHON_DEBUG_TYPE} launch names its interpreter in "python"`);
      return new vscode.DebugAdapterExecutable(python, ['-m', 'debugpy.adapter']);
    },
  });
}
