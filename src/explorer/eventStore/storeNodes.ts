import type { AggregateSummary } from '../../connectors/eventStore';
import type { ConnectionNode, TreeNode } from '../treeNode';

/** An event store's aggregate type: its children are the aggregates, paged, searchable by id prefix. */
export interface AggregateTypeNode {
  kind: 'aggregateType';
  id: string;
  parent: ConnectionNode;
  name: string;
  aggregateCount?: number;
}

export interface AggregateNode {
  kind: 'aggregate';
  id: string;
  parent: AggregateTypeNode;
  aggregate: AggregateSummary;
}

declare module '../treeNode' {
  interface TreeNodeTypes {
    aggregateType: AggregateTypeNode;
    aggregate: AggregateNode;
  }
}

export function aggregateTypeNode(parent: ConnectionNode, name: string, aggregateCount?: number): AggregateTypeNode {
  return { kind: 'aggregateType', id: `${parent.id}/type:${name}`, parent, name, aggregateCount };
}

export function aggregateNode(parent: AggregateTypeNode, aggregate: AggregateSummary): AggregateNode {
  return { kind: 'aggregate', id: `${parent.id}/aggregate:${aggregate.id}`, parent, aggregate };
}

export function isAggregateNode(node: TreeNode | undefined): node is AggregateNode {
  return node?.kind === 'aggregate';
}

export function isAggregateTypeNode(node: TreeNode | undefined): node is AggregateTypeNode {
  return node?.kind === 'aggregateType';
}
