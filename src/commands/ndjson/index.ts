import * as path from 'node:path';
import * as vscode from 'vscode';
import { NdjsonFileConnection } from '../../connections/ndjson/ndjsonConnection';
import { ndjsonFileKind, OpenedNdjsonFiles } from '../../connections/ndjson/ndjsonKind';
import { ndjsonTree, ndjsonTreeItems } from '../../explorer/ndjson/ndjsonTree';
import { connectionOf, type TreeNode } from '../../explorer/treeNode';
import type { CommandId } from '../../ui/commandIds';
import { CancelledError } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import type { KindModuleFactory } from '../kindModule';
import type { CommandServices } from '../services';

export const NDJSON_COMMANDS = {
  openNdjsonFile: 'eventFlows.openNdjsonFile',
  closeNdjsonFile: 'eventFlows.closeNdjsonFile',
} as const satisfies Record<string, CommandId>;

/** Any NDJSON file of events, opened where it is, read-only, beside the workspace's own store. */
export const ndjsonKindModule: KindModuleFactory = ({ extension }) => {
  const opened = new OpenedNdjsonFiles(extension.workspaceState);
  return {
    connections: ndjsonFileKind(opened),
    tree: ndjsonTree,
    items: ndjsonTreeItems,
    add: { label: 'NDJSON File of Events', detail: 'any .ndjson file, opened where it is, read-only', command: NDJSON_COMMANDS.openNdjsonFile },
    register: (services) => registerNdjsonCommands(services, opened),
  };
};

function registerNdjsonCommands(services: CommandServices, opened: OpenedNdjsonFiles): vscode.Disposable[] {
  const { log, connections } = services;
  const report = (problem: string): void => log.warn(problem);
  return [
    registerCommand(log, NDJSON_COMMANDS.openNdjsonFile, 'open the NDJSON file', async (given?: string | vscode.Uri) => {
      const file = given === undefined ? await chooseFile() : typeof given === 'string' ? given : given.fsPath;
      await opened.add(path.resolve(file));
      connections.reloadKind(ndjsonFileKind(opened).id, report);
      log.info(`Opened ${file} as a read-only event store`);
      return new NdjsonFileConnection(path.resolve(file)).id;
    }),
    registerCommand(log, NDJSON_COMMANDS.closeNdjsonFile, 'close the NDJSON file', async (node?: TreeNode) => {
      const connection = node ? connectionOf(node) : undefined;
      if (!(connection instanceof NdjsonFileConnection)) throw new Error('choose an opened NDJSON file in the Event Flows view.');
      await opened.remove(connection.file);
      connections.reloadKind(connection.kind, report);
    }),
  ];
}

async function chooseFile(): Promise<string> {
  const files = await vscode.window.showOpenDialog({
    title: 'Open an NDJSON file of events (read-only)',
    canSelectMany: false,
    filters: { 'Events (NDJSON)': ['ndjson', 'jsonl', 'json'], All: ['*'] },
  });
  if (!files?.[0]) throw new CancelledError();
  return files[0].fsPath;
}
