import * as vscode from 'vscode';
import type { Connection } from '../connections/connection';
import type { ErrorNode, LoadMoreNode, TreeNode } from '../explorer/treeNode';
import { COMMANDS } from '../ui/commandIds';
import { CancelledError } from '../ui/progress';
import { registerCommand } from '../ui/registerCommand';
import { pickConnection } from './pickers';
import type { CommandServices } from './services';

/** Refresh, Retry, Load more, Disconnect, search by id prefix, Show Log: the tree's own commands, for every kind. */
export function registerTreeCommands(services: CommandServices): vscode.Disposable[] {
  const { log, tree } = services;
  return [
    registerCommand(log, COMMANDS.refresh, 'refresh', (node?: TreeNode) => {
      tree.refresh(node);
      return Promise.resolve();
    }),
    registerCommand(log, COMMANDS.retryNode, 'retry', (node?: ErrorNode) => {
      tree.refresh(node?.parent);
      return Promise.resolve();
    }),
    registerCommand(log, COMMANDS.loadMore, 'load more', (node: LoadMoreNode) => tree.loadMore(node)),
    registerCommand(log, COMMANDS.disconnect, 'disconnect', async (node?: TreeNode) => {
      const canDisconnect = (c: Connection): c is Connection => c.canDisconnect;
      const connection = await pickConnection(services, node, canDisconnect, 'Disconnect which connection?', 'there is no server connection to disconnect.');
      await connection.close();
      tree.refreshConnection(connection.id);
      log.info(`Disconnected ${connection.label}`);
    }),
    registerCommand(log, COMMANDS.searchAggregates, 'search aggregates', async (node?: TreeNode, prefix?: string) => {
      if (node?.kind !== 'aggregateType') {
        throw new Error('choose an aggregate type in the Event Flows view to search it.');
      }
      const text =
        prefix ??
        (await vscode.window.showInputBox({
          title: `Search ${node.name} aggregates`,
          prompt: 'Show the aggregates whose id starts with',
          value: tree.model.searchOf(node) ?? `${node.name}-`,
          ignoreFocusOut: true,
        }));
      if (text === undefined) throw new CancelledError();
      tree.search(node, text);
      await services.treeView.reveal(node, { expand: true });
    }),
    registerCommand(log, COMMANDS.clearSearch, 'clear the search', (node?: TreeNode) => {
      if (node?.kind === 'aggregateType') tree.search(node, undefined);
      return Promise.resolve();
    }),
    registerCommand(log, COMMANDS.showLog, 'show the log', () => {
      log.show();
      return Promise.resolve();
    }),
  ];
}
