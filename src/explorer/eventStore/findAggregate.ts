import type { TreeModel } from '../treeModel';
import type { ConnectionNode, LoadMoreNode } from '../treeNode';
import type { AggregateNode, AggregateTypeNode } from './storeNodes';

/** Finds the node of an aggregate, loading pages as needed; used to reveal it after an append. */
export async function findAggregateNode(tree: TreeModel, connectionId: string, aggregateType: string, aggregateId: string): Promise<AggregateNode | undefined> {
  const roots = await tree.children();
  const root = roots.find((r): r is ConnectionNode => r.kind === 'connection' && r.connection.id === connectionId);
  if (!root) {
    return undefined;
  }
  const typeNode = await findTypeNode(tree, root, aggregateType);
  if (!typeNode) {
    return undefined;
  }
  for (;;) {
    const children = await tree.children(typeNode);
    const found = children.find((c): c is AggregateNode => c.kind === 'aggregate' && c.aggregate.id === aggregateId);
    const more = children.find((c): c is LoadMoreNode => c.kind === 'loadMore');
    if (found || !more) {
      return found;
    }
    await tree.loadMore(more);
  }
}

async function findTypeNode(tree: TreeModel, root: ConnectionNode, aggregateType: string): Promise<AggregateTypeNode | undefined> {
  const types = await tree.children(root);
  return types.find((t): t is AggregateTypeNode => t.kind === 'aggregateType' && t.name === aggregateType);
}
