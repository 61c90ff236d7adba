import * as vscode from 'vscode';
import { MONGO_KIND, MongoStoreConnection } from '../../connections/mongo/mongoConnection';
import type { KindTree } from '../kindTree';
import type { KindTreeItems } from '../kindTreeItems';
import { eventStoreTree } from '../eventStore/storeTree';
import { STORE_CONTEXT_VALUES, storeItem } from '../eventStore/storeItems';
import { messageNode } from '../treeNode';

/** A saved MongoDB event store; once connected, a missing unique index shows as a warning above its types. */
export const mongoTree: KindTree = eventStoreTree({
  kind: MONGO_KIND,
  emptyMessage: 'No events in this collection',
  notices(root) {
    const { connection } = root;
    const index = connection instanceof MongoStoreConnection ? connection.indexCheck : undefined;
    if (!index || index.ok) return [];
    return [
      messageNode(root, 'index-warning', 'Missing unique index on (aggregate id, version)', {
        tooltip: `${index.message}\nRight-click to create it.`,
        contextValue: 'indexWarning',
      }),
    ];
  },
});

export const mongoTreeItems: KindTreeItems = {
  kind: MONGO_KIND,
  contextValues: ['mongoConnected', 'mongoDisconnected', 'indexWarning', ...STORE_CONTEXT_VALUES],
  item(node, search) {
    if (node.kind !== 'connection') return storeItem(node, search);
    const { connection } = node;
    // A server connects only when the user expands it.
    const item = new vscode.TreeItem(connection.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.description = connection.description;
    item.tooltip = `MongoDB event store\n${connection.description}`;
    item.iconPath = new vscode.ThemeIcon(connection.isOpen ? 'plug' : 'debug-disconnect');
    item.contextValue = connection.isOpen ? 'mongoConnected' : 'mongoDisconnected';
    return item;
  },
};
