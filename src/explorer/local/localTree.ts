import * as vscode from 'vscode';
import type { KindTree } from '../kindTree';
import type { KindTreeItems } from '../kindTreeItems';
import { eventStoreTree } from '../eventStore/storeTree';
import { STORE_CONTEXT_VALUES, storeItem } from '../eventStore/storeItems';

export const LOCAL_KIND = 'local';

/** The built-in Local store: always expanded; while it is empty and alone, the view shows its welcome content. */
export const localTree: KindTree = eventStoreTree({
  kind: LOCAL_KIND,
  emptyMessage: 'No events yet: publish the sample events or append one',
  hiddenWhenAlone: (children) => children.every((child) => child.kind === 'message'),
});

export const localTreeItems: KindTreeItems = {
  kind: LOCAL_KIND,
  contextValues: ['localStore', ...STORE_CONTEXT_VALUES],
  item(node, search) {
    if (node.kind !== 'connection') return storeItem(node, search);
    const { connection } = node;
    // The Local store is always at hand: it opens expanded.
    const item = new vscode.TreeItem(connection.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    item.description = connection.description;
    item.tooltip = `Local event store\n${connection.description}`;
    item.iconPath = new vscode.ThemeIcon('database');
    item.contextValue = 'localStore';
    return item;
  },
};
