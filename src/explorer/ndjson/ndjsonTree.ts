import { NDJSON_FILE_KIND } from '../../connections/ndjson/ndjsonConnection';
import { eventStoreTree } from '../eventStore/storeTree';
import { STORE_CONTEXT_VALUES, storeItem } from '../eventStore/storeItems';
import type { KindTree } from '../kindTree';
import type { KindTreeItems } from '../kindTreeItems';
import { connectionItem } from '../sharedItems';

export const ndjsonTree: KindTree = eventStoreTree({ kind: NDJSON_FILE_KIND, emptyMessage: 'No events in this file' });

export const ndjsonTreeItems: KindTreeItems = {
  kind: NDJSON_FILE_KIND,
  contextValues: ['ndjsonFile', ...STORE_CONTEXT_VALUES],
  item(node, search) {
    if (node.kind !== 'connection') return storeItem(node, search);
    return connectionItem(node, { kindTitle: 'NDJSON file of events, opened read-only', expanded: true, icon: 'file', contextValue: 'ndjsonFile' });
  },
};
