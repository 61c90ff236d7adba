import { isStoreConnection } from '../../connections/connection';
import type { EventStore } from '../../connectors/eventStore';
import type { KindTree, TreeContext } from '../kindTree';
import { loadMoreNode, messageNode, type ConnectionNode, type TreeNode } from '../treeNode';
import { aggregateNode, aggregateTypeNode, type AggregateTypeNode } from './storeNodes';

export interface EventStoreTreeOptions {
  kind: string;
  /** What an event store of this kind with no events says. */
  emptyMessage: string;
  /** Nodes to put above the aggregate types, once the store is open (a missing index, …). */
  notices?(root: ConnectionNode): TreeNode[];
  hiddenWhenAlone?: KindTree['hiddenWhenAlone'];
}

/** The tree every event-store kind shares: root → aggregate types (with counts) → aggregates, paged and searchable. */
export function eventStoreTree(options: EventStoreTreeOptions): KindTree {
  return {
    kind: options.kind,
    hiddenWhenAlone: options.hiddenWhenAlone,
    async children(node, context) {
      if (node.kind === 'connection') return loadTypes(node, context, options);
      if (node.kind === 'aggregateType') return loadAggregatePage(node, undefined, context);
      return [];
    },
    async page(parent, after, context) {
      return parent.kind === 'aggregateType' ? loadAggregatePage(parent, after, context) : [];
    },
  };
}

async function openStore(root: ConnectionNode): Promise<EventStore> {
  const { connection } = root;
  if (!isStoreConnection(connection)) {
    throw new Error(`${connection.label} is not an event store.`);
  }
  return connection.open();
}

async function loadTypes(root: ConnectionNode, context: TreeContext, options: EventStoreTreeOptions): Promise<TreeNode[]> {
  const wasOpen = root.connection.isOpen;
  const store = await openStore(root);
  if (!wasOpen) {
    // The root's icon and menu change once it is connected.
    context.redraw(root);
  }
  const types = await store.listAggregateTypes();
  for (const problem of store.problems()) {
    context.warn(`${store.label}: ${problem.message}`);
  }
  const children: TreeNode[] = [...(options.notices?.(root) ?? []), ...types.map((t) => aggregateTypeNode(root, t.name, t.aggregateCount))];
  if (children.length === 0) {
    children.push(messageNode(root, 'empty', options.emptyMessage));
  }
  return children;
}

async function loadAggregatePage(node: AggregateTypeNode, after: string | undefined, context: TreeContext): Promise<TreeNode[]> {
  const store = await openStore(node.parent);
  const idPrefix = context.search(node.id);
  const page = await store.listAggregates(node.name, { after, limit: context.pageSize(), idPrefix });
  const children: TreeNode[] = page.items.map((a) => aggregateNode(node, a));
  if (page.next !== undefined) {
    children.push(loadMoreNode(node, page.next));
  }
  if (children.length === 0 && after === undefined) {
    children.push(messageNode(node, 'empty', idPrefix !== undefined ? `No aggregate id starts with "${idPrefix}"` : 'No aggregates'));
  }
  return children;
}
