import * as vscode from 'vscode';
import { COMMANDS } from '../ui/commandIds';
import type { TreeNode } from './treeNode';

/** The context values of the nodes every kind shares. */
export const SHARED_CONTEXT_VALUES = ['loadMore', 'error', 'message'] as const;

/** How the shared nodes look; undefined for a root or a kind's own node. */
export function sharedItem(node: TreeNode): vscode.TreeItem | undefined {
  switch (node.kind) {
    case 'loadMore': {
      const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.contextValue = 'loadMore';
      item.command = { command: COMMANDS.loadMore, title: 'Load More', arguments: [node] };
      return item;
    }
    case 'error': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.tooltip = `${node.message}\nClick to retry.`;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.contextValue = 'error';
      item.command = { command: COMMANDS.retryNode, title: 'Retry', arguments: [node] };
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      if (node.warning) {
        item.tooltip = node.warning.tooltip;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.contextValue = node.warning.contextValue;
      } else {
        item.iconPath = new vscode.ThemeIcon('info');
        item.contextValue = 'message';
      }
      return item;
    }
    default:
      return undefined;
  }
}
