import type { Connection } from '../connections/connection';

/**
 * Every node type of the Connections tree, by its `kind`. The shared ones are here; each kind of
 * connection adds its own from its folder under `explorer/` by merging into this interface
 * (`declare module '../treeNode' { interface TreeNodeTypes { … } }`), so `TreeNode` stays a union that
 * `node.kind` narrows.
 */
export interface TreeNodeTypes {
  connection: ConnectionNode;
  loadMore: LoadMoreNode;
  error: ErrorNode;
  message: MessageNode;
}

/** The tree's nodes as plain data; ids derive from what the node is, so VS Code keeps expansion across refreshes. */
export type TreeNode = TreeNodeTypes[keyof TreeNodeTypes];

export interface ConnectionNode {
  kind: 'connection';
  id: string;
  parent?: undefined;
  connection: Connection;
}

/** The last child of a paged list: expanding it continues after `after`. */
export interface LoadMoreNode {
  kind: 'loadMore';
  id: string;
  parent: TreeNode;
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
  /** A warning the user can act on (e.g. a missing index), with the context value of the command that fixes it. */
  warning?: { tooltip: string; contextValue: string };
}

export function connectionNode(connection: Connection): ConnectionNode {
  return { kind: 'connection', id: `connection:${connection.id}`, connection };
}

export function messageNode(parent: TreeNode, name: string, message: string, warning?: MessageNode['warning']): MessageNode {
  return { kind: 'message', id: `${parent.id}/${name}`, parent, message, ...(warning ? { warning } : {}) };
}

export function loadMoreNode(parent: TreeNode, after: string): LoadMoreNode {
  return { kind: 'loadMore', id: `${parent.id}/more:${after}`, parent, after };
}

/** The root a node hangs below. */
export function rootOf(node: TreeNode): ConnectionNode | undefined {
  let current: TreeNode | undefined = node;
  while (current !== undefined && current.kind !== 'connection') {
    current = current.parent;
  }
  return current;
}

export function connectionOf(node: TreeNode): Connection | undefined {
  return rootOf(node)?.connection;
}
