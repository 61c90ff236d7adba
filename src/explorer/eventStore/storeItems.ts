import * as vscode from 'vscode';
import { COMMANDS } from '../../ui/commandIds';
import { formatEventTime } from '../../ui/format';
import type { TreeNode } from '../treeNode';
import { aggregateTooltip } from './aggregateTooltip';

/** The context values of the nodes every event-store kind shares. */
export const STORE_CONTEXT_VALUES = ['aggregateType', 'aggregateTypeSearched', 'aggregate'] as const;

/** How aggregate types and aggregates look, in every event-store kind. */
export function storeItem(node: TreeNode, search: string | undefined): vscode.TreeItem | undefined {
  switch (node.kind) {
    case 'aggregateType': {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      const count = node.aggregateCount === undefined ? '' : `${node.aggregateCount} ${node.aggregateCount === 1 ? 'aggregate' : 'aggregates'}`;
      const matches = node.matches === undefined ? '' : `: ${node.matches} ${node.matches === '1' ? 'match' : 'matches'}`;
      item.description = search !== undefined ? `${count} · ids starting "${search}"${matches}` : count;
      item.iconPath = new vscode.ThemeIcon(search !== undefined ? 'search' : 'symbol-class');
      item.contextValue = search !== undefined ? 'aggregateTypeSearched' : 'aggregateType';
      return item;
    }
    case 'aggregate': {
      const { aggregate } = node;
      const item = new vscode.TreeItem(aggregate.id, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      const time = formatEventTime(aggregate.lastEventAt);
      item.description = time ? `v${aggregate.version} · ${time}` : `v${aggregate.version}`;
      item.tooltip = aggregateTooltip(aggregate, time);
      item.iconPath = new vscode.ThemeIcon('history');
      item.contextValue = 'aggregate';
      item.command = { command: COMMANDS.openTimeline, title: 'Open Aggregate Timeline', arguments: [node] };
      return item;
    }
    default:
      return undefined;
  }
}
