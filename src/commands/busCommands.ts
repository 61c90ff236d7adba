import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeNode } from '../explorer/treeNode';
import type { BusRunPanel } from '../panels/busRun/busRunPanel';
import type { TimelineTarget } from '../panels/timeline/timelineDebug';
import { summarize } from '../panels/busRun/busRunView';
import type { BusRun } from '../sandbox/bus/busTypes';
import { STARTER_BUS_JS } from '../sandbox/bus/starterBus';
import { UNTRUSTED_REASON, type WorkspaceCode } from '../sandbox/workspaceCode';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { chooseBusEvents, type BusMessagesArgument, type BusSourceArgument } from './busSources';
import type { CommandServices } from './services';

const STARTER_PATH = path.join('.eventflow', 'bus.js');

/** The bus playground's commands: write the starter bus.js, and run events through the workspace's bus into the bus-run view. */
export function registerBusCommands(services: CommandServices, code: WorkspaceCode, busRuns: BusRunPanel): vscode.Disposable[] {
  return [
    registerCommand(services.log, COMMANDS.createStarterBus, 'create the starter bus', async () => {
      const root = workspaceRoot();
      const file = path.join(root, STARTER_PATH);
      const exists = await fs.stat(file).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await fs.mkdir(path.dirname(file), { recursive: true });
        // 'wx': never overwrite a bus.js that appeared since the check.
        await fs.writeFile(file, STARTER_BUS_JS, { flag: 'wx' });
        services.log.info(`Wrote the starter bus to ${file}`);
      } else {
        void vscode.window.showInformationMessage(`${STARTER_PATH} already exists; it is left as it is.`);
      }
      await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
      return file;
    }),
    registerCommand(services.log, COMMANDS.runEventsThroughBus, 'run events through the bus', async (arg?: TreeNode | BusSourceArgument | BusMessagesArgument | TimelineTarget): Promise<BusRun | undefined> => {
      if (!code.trusted) {
        services.log.warn(`Run Events Through Bus refused: ${UNTRUSTED_REASON}`);
        void vscode.window.showWarningMessage(UNTRUSTED_REASON, 'Manage Workspace Trust').then((choice) => (choice ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
        return undefined;
      }
      if (!code.busFile()) {
        // Modal: a toast would vanish while the user reads it, and the run they asked for would be lost.
        const create = 'Create Starter Bus and Run';
        const choice = await vscode.window.showWarningMessage(
          'There is no bus file in this workspace yet.',
          { modal: true, detail: `Create ${STARTER_PATH} (a starter bus: middleware, handlers with retries, a dead letter) and run the events through it? You can edit it afterwards and run them again.` },
          create,
        );
        if (choice !== create) return undefined;
        await vscode.commands.executeCommand(COMMANDS.createStarterBus);
        if (!code.busFile()) throw new Error(`the starter bus was not written to ${STARTER_PATH}: see the log`);
      }
      const chosen = await chooseBusEvents(services, arg);
      if (!chosen) return undefined;
      const run = await busRuns.show({
        source: chosen.source,
        run: () => withProgress(`Running ${chosen.source} through the bus`, () => code.runBus(chosen.events)),
      });
      const summary = summarize(run);
      services.log.info(`Bus run of ${chosen.source}: ${summary.events} events, ${summary.retried} handler(s) retried, ${summary.dropped} dropped, ${summary.deadLetters} dead letter(s)`);
      return run;
    }),
  ];
}

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('open a folder first: the bus lives in its .eventflow/bus.js');
  return folder.uri.fsPath;
}
