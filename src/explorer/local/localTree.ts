import type { KindTree } from '../kindTree';
import type { KindTreeItems } from '../kindTreeItems';
import { eventStoreTree } from '../eventStore/storeTree';
import { STORE_CONTEXT_VALUES, storeItem } from '../eventStore/storeItems';
import { connectionItem } from '../sharedItems';

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
    // The Local store is always at hand: it opens expanded.
    return connectionItem(node, { kindTitle: 'Local event store', expanded: true, icon: 'database', contextValue: 'localStore' });
  },
};
