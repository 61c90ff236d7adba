import type { AggregateSummary } from '../connectors/eventStore';
import type { StoreConnection } from '../connections/storeConnection';

/** The tree's nodes as plain data; `treeItems.ts` turns each into a TreeItem. */
export type TreeNode = ConnectionNode | AggregateTypeNode | AggregateNode | LoadMoreNode | ErrorNode | MessageNode;

export interface ConnectionNode {
  kind: 'connection';
  id: string;
  connection: StoreConnection;
}

export interface AggregateTypeNode {
  kind: 'aggregateType';
  id: string;
  parent: ConnectionNode;
  name: string;
  aggregateCount?: number;
  /** Set while the user searches this type's aggregates by id prefix. */
  idPrefix?: string;
}

export interface AggregateNode {
  kind: 'aggregate';
  id: string;
  parent: AggregateTypeNode;
  aggregate: AggregateSummary;
}

/** The last child of a paged list: expanding the list continues after `after`. */
export interface LoadMoreNode {
  kind: 'loadMore';
  id: string;
  parent: AggregateTypeNode;
  after: string;
}

/** A failure shown where the children would have been, with the reason and a Retry action. */
export interface ErrorNode {
  kind: 'error';
  id: string;
  parent: TreeNode | undefined;
  message: string;
}

export interface MessageNode {
  kind: 'message';
  id: string;
  parent: TreeNode;
  message: string;
  /** A warning the user can act on, e.g. a missing index, with the command that fixes it. */
  warning?: { tooltip: string; contextValue: 'indexWarning' };
}

export function connectionNode(connection: StoreConnection): ConnectionNode {
  return { kind: 'connection', id: `connection:${connection.id}`, connection };
}

export function aggregateTypeNode(parent: ConnectionNode, name: string, aggregateCount?: number): AggregateTypeNode {
  return { kind: 'aggregateType', id: `${parent.id}/type:${name}`, parent, name, aggregateCount };
}

export function aggregateNode(parent: AggregateTypeNode, aggregate: AggregateSummary): AggregateNode {
  return { kind: 'aggregate', id: `${parent.id}/aggregate:${aggregate.id}`, parent, aggregate };
}

export function connectionOf(node: TreeNode): StoreConnection | undefined {
  switch (node.kind) {
    case 'connection':
      return node.connection;
    case 'aggregateType':
      return node.parent.connection;
    case 'aggregate':
    case 'loadMore':
      return node.parent.parent.connection;
    case 'error':
    case 'message':
      return node.parent ? connectionOf(node.parent) : undefined;
  }
}
