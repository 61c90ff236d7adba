import { COMMANDS } from './commandIds';
import { registerCommand } from './registerCommand';
import type { CommandServices } from './services';
import type { ErrorNode, LoadMoreNode, TreeNode } from '../explorer/treeNodes';
import type { Disposable } from 'vscode';

export function registerTreeCommands(services: CommandServices): Disposable[] {
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
    registerCommand(log, COMMANDS.loadMore, 'load more aggregates', (node: LoadMoreNode) => tree.loadMore(node)),
    registerCommand(log, COMMANDS.showLog, 'show the log', () => {
      log.show();
      return Promise.resolve();
    }),
  ];
}
