import type * as vscode from 'vscode';
import type { TreeRead } from './treeModel';
import type { TreeNode } from './treeNode';

/** How one kind's roots and nodes look. */
export interface KindTreeItems {
  /** The `ConnectionKind` id whose nodes these are. */
  readonly kind: string;
  /** Every `contextValue` its items can carry: `package.json` menus may name only these (a test checks it). */
  readonly contextValues: readonly string[];
  /** The item of a node of this kind, the root included; undefined for node types it does not know. */
  /** `search`: the id prefix the user searches below this node, if any. */
  /** `readOf`: when a node's children were last read (for the figures they show), and whether that failed. */
  item(node: TreeNode, search: string | undefined, readOf: (node: TreeNode) => TreeRead | undefined): vscode.TreeItem | undefined;
}
