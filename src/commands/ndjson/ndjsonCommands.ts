import * as path from 'node:path';
import * as vscode from 'vscode';
import { NdjsonFileConnection } from '../../connections/ndjson/ndjsonConnection';
import { ndjsonFileKind, type OpenedNdjsonFiles } from '../../connections/ndjson/ndjsonKind';
import { connectionOf, type TreeNode } from '../../explorer/treeNode';
import { CancelledError } from '../../ui/progress';
import { registerCommand } from '../../ui/registerCommand';
import type { CommandServices } from '../services';
import { NDJSON_COMMANDS } from './index';

/** Open an NDJSON file as a read-only store, and close it again. */
export function registerNdjsonCommands(services: CommandServices, opened: OpenedNdjsonFiles): vscode.Disposable[] {
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
