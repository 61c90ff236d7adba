import * as vscode from 'vscode';
import { describeEventAt } from '../core/envelope';
import type { TreeNode } from '../explorer/treeNode';
import { describeError } from '../errors';
import { isTimelineTarget, type TimelineTarget } from '../panels/timeline/timelineDebug';
import { writeDebugReplay } from '../sandbox/debugScript';
import { UNTRUSTED_REASON, type WorkspaceCode } from '../sandbox/workspaceCode';
import { findWorkspaceReducers } from '../sandbox/workspaceFiles';
import { COMMANDS } from '../ui/commandIds';
import { registerCommand } from '../ui/registerCommand';
import { resolveDebugTarget } from './debugTarget';
import type { CommandServices } from './services';

/**
 * Debug Reducer: replays an aggregate's stream through its workspace reducer in a Node debug session started
 * with VS Code's own JavaScript debugger, paused just before the chosen event; breakpoints in the reducer file hit.
 */
export function registerDebugReducerCommand(services: CommandServices, code: WorkspaceCode): vscode.Disposable[] {
  return [
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
      const { javascript } = await findWorkspaceReducers(folder.uri.fsPath);
      const report = await code.reducerSandbox().load(javascript);
      const reducer = report.reducers.find((r) => r.aggregateType === target.aggregateType);
      if (!reducer) throw new Error(`no workspace reducer exports ${target.aggregateType} (in .eventflow/reducers/*.js)`);
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
      const debug = await writeDebugReplay({ reducerFile: reducer.file, aggregateType: reducer.aggregateType, events, stopAt });
      services.log.info(`Debug Reducer: ${reducer.file}, ${target.aggregateId} paused before ${describeEventAt(events, stopAt)} (${debug.program})`);
      // The replay's folder holds a copy of the stream: it goes when the session ends, or if none starts.
      const removeFiles = (): void => void debug.remove().catch((error: unknown) => services.log.warn(`Could not remove ${debug.folder}: ${describeError(error)}`));
      const ended = vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.parentSession || session.configuration.program !== debug.program) return;
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
      if (!started) throw new Error('VS Code did not start the debug session (is the JavaScript debugger enabled?)');
      return debug.configuration;
    }),
  ];
}
