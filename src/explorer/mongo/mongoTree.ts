import { MONGO_KIND, MongoStoreConnection } from '../../connections/mongo/mongoConnection';
import type { KindTree } from '../kindTree';
import type { KindTreeItems } from '../kindTreeItems';
import { eventStoreTree } from '../eventStore/storeTree';
import { STORE_CONTEXT_VALUES, storeItem } from '../eventStore/storeItems';
import { connectionItem } from '../sharedItems';
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
    const open = node.connection.isOpen;
    // A server connects only when the user expands it.
    return connectionItem(node, {
      kindTitle: 'MongoDB event store',
      expanded: false,
      icon: open ? 'plug' : 'debug-disconnect',
      contextValue: open ? 'mongoConnected' : 'mongoDisconnected',
    });
  },
};
