import * as vscode from 'vscode';
import { readWholeStream } from '../connectors/eventStoreReads';
import type { TreeNode } from '../explorer/treeNode';
import { writeDebugReplay } from '../sandbox/debugScript';
import { UNTRUSTED_REASON, type WorkspaceCode } from '../sandbox/workspaceCode';
import { findWorkspaceReducers } from '../sandbox/workspaceFiles';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { pickAggregate } from './pickers';
import type { CommandServices } from './services';

/**
 * Debug Reducer: replays an aggregate's stream through its workspace reducer in a Node debug session started
 * with VS Code's own JavaScript debugger, paused just before the chosen event; breakpoints in the reducer file hit.
 */
export function registerDebugReducerCommand(services: CommandServices, code: WorkspaceCode): vscode.Disposable[] {
  return [
    registerCommand(services.log, COMMANDS.debugReducer, 'debug the reducer', async (node?: TreeNode, stopAtVersion?: number) => {
      if (!code.trusted) {
        void vscode.window.showWarningMessage(UNTRUSTED_REASON);
        return undefined;
      }
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) throw new Error('open a folder first: workspace reducers live in its .eventflow/reducers/');
      const target = await pickAggregate(services, node, 'Debug the reducer of an aggregate');
      const { javascript } = await findWorkspaceReducers(folder.uri.fsPath);
      const report = await code.reducerSandbox().load(javascript);
      const reducer = report.reducers.find((r) => r.aggregateType === target.aggregate.type);
      if (!reducer) throw new Error(`no workspace reducer exports ${target.aggregate.type} (in .eventflow/reducers/*.js)`);
      const events = await withProgress(`Reading ${target.aggregate.id}`, (signal) => readWholeStream(target.store, target.aggregate.id, { signal }));
      if (events.length === 0) throw new Error(`${target.aggregate.id} has no events`);
      let stopAt = events.length - 1;
      if (stopAtVersion !== undefined) {
        stopAt = events.findIndex((event) => event.version === stopAtVersion);
        if (stopAt < 0) throw new Error(`${target.aggregate.id} has no version ${stopAtVersion}`);
      } else {
        const picked = await vscode.window.showQuickPick(
          events.map((event, index) => ({ label: `v${event.version ?? index + 1} ${event.type}`, description: event.timestamp, index })).reverse(),
          { title: 'Pause before which event?', ignoreFocusOut: true },
        );
        if (!picked) return undefined;
        stopAt = picked.index;
      }
      const debug = await writeDebugReplay({ reducerFile: reducer.file, aggregateType: reducer.aggregateType, events, stopAt });
      services.log.info(`Debug Reducer: ${reducer.file}, ${target.aggregate.id} paused before event ${stopAt} (${debug.program})`);
      const started = await vscode.debug.startDebugging(folder, debug.configuration);
      if (!started) throw new Error('VS Code did not start the debug session (is the JavaScript debugger enabled?)');
      return debug.configuration;
    }),
  ];
}
