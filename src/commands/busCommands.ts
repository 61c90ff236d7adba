import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FlowEvent } from '../core/envelope';
import { sampleOrderFlows } from '../core/samples';
import { busRunLogLines, busRunToNdjson } from '../sandbox/bus/busExport';
import type { BusRun } from '../sandbox/bus/busTypes';
import { STARTER_BUS_JS } from '../sandbox/bus/starterBus';
import { UNTRUSTED_REASON, type WorkspaceCode } from '../sandbox/workspaceCode';
import { COMMANDS } from '../ui/commandIds';
import { withProgress } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import type { CommandServices } from './services';

const STARTER_PATH = path.join('.eventflow', 'bus.js');

/** The bus playground's commands: write the starter bus.js, and run the sample flow through the workspace's bus. */
export function registerBusCommands(services: CommandServices, code: WorkspaceCode): vscode.Disposable[] {
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
    registerCommand(services.log, COMMANDS.runEventsThroughBus, 'run events through the bus', async (): Promise<BusRun | undefined> => {
      if (!code.trusted) {
        services.log.warn(`Run Events Through Bus refused: ${UNTRUSTED_REASON}`);
        void vscode.window.showWarningMessage(UNTRUSTED_REASON, 'Manage Workspace Trust').then((choice) => (choice ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
        return undefined;
      }
      const events = sampleFlowEvents();
      const run = await withProgress('Running the sample flow through the bus', () => code.runBus(events));
      for (const line of busRunLogLines(run)) services.log.info(line);
      const document = await openNdjson(busRunToNdjson(run));
      await vscode.window.showTextDocument(document, { preview: true });
      const retried = run.traces.flatMap(function all(trace): typeof run.traces {
        return [trace, ...trace.children.flatMap(all)];
      }).reduce((n, trace) => n + trace.handlers.filter((h) => h.attempts.length > 1).length, 0);
      void vscode.window.showInformationMessage(`Bus run: ${events.length} events, ${retried} handler(s) retried, ${run.deadLetters.length} dead letter(s). The steps are in the log; the run is open as NDJSON.`, 'Show Log').then((choice) => (choice ? vscode.commands.executeCommand(COMMANDS.showLog) : undefined));
      return run;
    }),
  ];
}

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('open a folder first: the bus lives in its .eventflow/bus.js');
  return folder.uri.fsPath;
}

/** The first sample Order flow (Order-1001, the happy path), as a store would hand it over. */
function sampleFlowEvents(): FlowEvent[] {
  const [order] = sampleOrderFlows({ orders: 1 });
  return order.events.map((event, index) => ({
    ...event,
    aggregateId: order.aggregateId,
    aggregateType: order.aggregateType,
    version: index + 1,
    source: { system: 'local', file: 'sample', line: index + 1 },
  }));
}

/** JSON Lines where the editor knows the language (newer VS Code), plain text where it does not. */
async function openNdjson(content: string): Promise<vscode.TextDocument> {
  const languages = await vscode.languages.getLanguages();
  return vscode.workspace.openTextDocument({ content, language: languages.includes('jsonl') ? 'jsonl' : 'plaintext' });
}
