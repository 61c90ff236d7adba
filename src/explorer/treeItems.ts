import * as vscode from 'vscode';
import { COMMANDS } from '../commands/commandIds';
import type { ContextValue } from './contextValues';
import type { TreeNode } from './treeNodes';

const contextValue = (value: ContextValue): ContextValue => value;

export function formatEventTime(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return date.toISOString().replace('T', ' ').slice(0, 19);
}

/** How each node kind looks; ids derive from what the node is, so VS Code keeps expansion across refreshes. */
export function toTreeItem(node: TreeNode): vscode.TreeItem {
  switch (node.kind) {
    case 'connection': {
      const { connection } = node;
      // The Local store is always at hand; a server connects only when the user expands it.
      const local = connection.kind === 'local';
      const item = new vscode.TreeItem(connection.label, local ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = connection.description;
      item.tooltip = `${local ? 'Local event store' : 'MongoDB event store'}\n${connection.description}`;
      item.iconPath = new vscode.ThemeIcon(local ? 'database' : connection.isOpen ? 'plug' : 'debug-disconnect');
      item.contextValue = contextValue(local ? 'localStore' : connection.isOpen ? 'mongoConnected' : 'mongoDisconnected');
      return item;
    }
    case 'aggregateType': {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      const count = node.aggregateCount === undefined ? '' : `${node.aggregateCount} ${node.aggregateCount === 1 ? 'aggregate' : 'aggregates'}`;
      item.description = node.idPrefix !== undefined ? `${count} · ids starting "${node.idPrefix}"` : count;
      item.iconPath = new vscode.ThemeIcon(node.idPrefix !== undefined ? 'search' : 'symbol-class');
      item.contextValue = contextValue(node.idPrefix !== undefined ? 'aggregateTypeSearched' : 'aggregateType');
      return item;
    }
    case 'aggregate': {
      const { aggregate } = node;
      const item = new vscode.TreeItem(aggregate.id, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      const time = formatEventTime(aggregate.lastEventAt);
      item.description = time ? `v${aggregate.version} · ${time}` : `v${aggregate.version}`;
      item.tooltip = new vscode.MarkdownString(
        `**${aggregate.id}** (${aggregate.type})\n\nVersion ${aggregate.version}` + (time ? `, last event ${time} UTC` : ''),
      );
      item.iconPath = new vscode.ThemeIcon('history');
      item.contextValue = contextValue('aggregate');
      item.command = { command: COMMANDS.openTimeline, title: 'Open Aggregate Timeline', arguments: [node] };
      return item;
    }
    case 'loadMore': {
      const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.contextValue = contextValue('loadMore');
      item.command = { command: COMMANDS.loadMore, title: 'Load More', arguments: [node] };
      return item;
    }
    case 'error': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.tooltip = `${node.message}\nClick to retry.`;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.contextValue = contextValue('error');
      item.command = { command: COMMANDS.retryNode, title: 'Retry', arguments: [node] };
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      if (node.warning) {
        item.tooltip = node.warning.tooltip;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.contextValue = contextValue(node.warning.contextValue);
      } else {
        item.iconPath = new vscode.ThemeIcon('info');
        item.contextValue = contextValue('message');
      }
      return item;
    }
  }
}
