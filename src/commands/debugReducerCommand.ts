import * as vscode from 'vscode';
import { describeEventAt } from '../core/envelope';
import type { TreeNode } from '../explorer/treeNode';
import { describeError } from '../errors';
import { isTimelineTarget, type TimelineTarget } from '../panels/timeline/timelineDebug';
import { writeDebugReplay, type DebugFiles, type DebugReplay } from '../sandbox/debugScript';
import { assertDebugpy, writePythonDebugReplay } from '../sandbox/python/pythonDebugReplay';
import { chooseWorkspaceReducer } from '../sandbox/reducerChoice';
import type { LoadReport, ReducerInfo } from '../sandbox/types';
import { UNTRUSTED_REASON, type WorkspaceCode } from '../sandbox/workspaceCode';
import { findWorkspaceReducers } from '../sandbox/workspaceFiles';
import { COMMANDS } from '../ui/commandIds';
import { registerCommand } from '../ui/registerCommand';
import { resolveDebugTarget } from './debugTarget';
import { registerPythonDebugAdapter } from './pythonDebugAdapter';
import type { CommandServices } from './services';

/**
 * Debug Reducer: replays an aggregate's stream through the workspace reducer its timeline uses, paused just
 * before the chosen event; breakpoints in the reducer file hit from that event on. A `.js` or `.ts` reducer
 * runs in VS Code's own JavaScript debugger (TypeScript through a source map); a `.py` class under debugpy (our
 * debug type, whose adapter is debugpy's), on the interpreter that replays the timeline.
 */
export function registerDebugReducerCommand(services: CommandServices, code: WorkspaceCode): vscode.Disposable[] {
  return [
    registerPythonDebugAdapter(),
    registerCommand(services.log, COMMANDS.debugReducer, 'debug the reducer', async (arg?: TreeNode | TimelineTarget, stopAtVersion?: number) => {
      if (!code.trusted) {
        void vscode.window.showWarningMessage(UNTRUSTED_REASON);
        return undefined;
      }
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) throw new Error('open a folder first: workspace reducers live in its .eventflow/reducers/');
      const target = await resolveDebugTarget(services, arg, 'Debug the reducer of an aggregate');
      // From a timeline: pause before the selected event (B).
      if (isTimelineTarget(arg) && stopAtVersion === undefined && arg.toVersion !== null) stopAtVersion = arg.toVersion;
      const reducer = await workspaceReducerOf(code, folder.uri.fsPath, target.aggregateType);
      const { events } = target;
      let stopAt = events.length - 1;
      if (stopAtVersion !== undefined) {
        stopAt = events.findIndex((event) => event.version === stopAtVersion);
        if (stopAt < 0) throw new Error(`${target.aggregateId} has no version ${stopAtVersion}`);
      } else {
        const picked = await vscode.window.showQuickPick(
          events.map((event, index) => ({ label: `v${event.version ?? index + 1} ${event.type}`, description: event.timestamp, index })).reverse(),
          { title: 'Pause before which event?', ignoreFocusOut: true },
        );
        if (!picked) return undefined;
        stopAt = picked.index;
      }
      const debug = await writeReplay(code, { reducerFile: reducer.file, aggregateType: reducer.aggregateType, events, stopAt }, target.aggregateId, folder.uri.fsPath);
      services.log.info(`Debug Reducer: ${reducer.file}, ${target.aggregateId} paused before ${describeEventAt(events, stopAt)} (${debug.program})`);
      // The replay's folder holds a copy of the stream: it goes when the session ends, or if none starts.
      const removeFiles = (): void => void debug.remove().catch((error: unknown) => services.log.warn(`Could not remove ${debug.folder}: ${describeError(error)}`));
      const ended = vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.parentSession || session.configuration.eventFlowsReplay !== debug.folder) return;
        ended.dispose();
        removeFiles();
      });
      let started = false;
      try {
        started = await vscode.debug.startDebugging(folder, debug.configuration);
      } finally {
        if (!started) {
          ended.dispose();
          removeFiles();
        }
      }
      if (!started) throw new Error(`VS Code did not start the debug session${debug.configuration.type === 'node' ? ' (is the JavaScript debugger enabled?)' : ''}`);
      return debug.configuration;
    }),
  ];
}

/** The reducer of `aggregateType` that the timeline replays with: both languages load, and the same choice is made. */
async function workspaceReducerOf(code: WorkspaceCode, root: string, aggregateType: string): Promise<ReducerInfo> {
  const files = await findWorkspaceReducers(root);
  const failed: string[] = [];
  const load = async (run: () => Promise<LoadReport>): Promise<LoadReport | undefined> => {
    try {
      return await run();
    } catch (error) {
      failed.push(describeError(error));
      return undefined;
    }
  };
  const [javascript, python] = await Promise.all([
    files.javascript.length > 0 ? load(() => code.reducerSandbox().load(files.javascript)) : undefined,
    files.python.length > 0 ? load(() => code.pythonSandbox().load(files.python)) : undefined,
  ]);
  const { chosen } = chooseWorkspaceReducer(aggregateType, javascript, python, () => undefined);
  if (chosen) return chosen;
  const why = failed.length > 0 ? `; ${failed.join('; ')}` : '';
  throw new Error(`no workspace reducer exports ${aggregateType} (in .eventflow/reducers/*.js, *.ts or *.py)${why}`);
}

/** The program and launch configuration for the reducer's language. */
async function writeReplay(code: WorkspaceCode, replay: DebugReplay, aggregateId: string, cwd: string): Promise<DebugFiles> {
  if (!replay.reducerFile.endsWith('.py')) {
    // TypeScript and ES modules debug as the sandbox runs them: its transpiled code, mapped back to the file.
    const compiled = await code.reducerSandbox().transpile(replay.reducerFile);
    return writeDebugReplay(replay, compiled.sourceMap ? compiled : undefined);
  }
  // The interpreter the timeline replayed with (the load just now chose it): it has the user's packages.
  const python = code.pythonSandbox().interpreter;
  await assertDebugpy(python);
  return writePythonDebugReplay({ ...replay, aggregateId, python, cwd });
}
