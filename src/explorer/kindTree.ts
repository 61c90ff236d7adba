import type { TreeNode } from './treeNode';

/**
 * What one kind of connection contributes to the tree's content: the children of its roots and of its
 * own nodes. Free of the editor API, so the tree's logic is tested with stub kinds. How its nodes look
 * is a `KindTreeItems` (`kindTreeItems.ts`).
 */
export interface KindTree {
  /** The `ConnectionKind` id whose roots this tree fills. */
  readonly kind: string;
  /** Children of a root of this kind or of one of its own nodes. A throw becomes an error child with Retry. */
  children(node: TreeNode, context: TreeContext): Promise<TreeNode[]>;
  /** The page after `after` below `parent`, for a `loadMore` node this tree made. */
  page?(parent: TreeNode, after: string, context: TreeContext): Promise<TreeNode[]>;
  /**
   * When this kind's connection is the only root: whether to show no roots at all, given the root's
   * children (the Local store hides while empty, so the view shows its welcome content).
   */
  hiddenWhenAlone?(rootChildren: readonly TreeNode[]): boolean;
  /**
   * Whether the children of `node` show figures that move on their own (lag, message counts, queue depths):
   * while the view is visible such nodes are read again on the kind's interval.
   */
  figures?(node: TreeNode): boolean;
}

/** What the tree lends a kind while it loads children. */
export interface TreeContext {
  /** How many items a page of a long list holds (the user's setting). */
  pageSize(): number;
  /** The id prefix the user searches below this node, if any. */
  search(nodeId: string): string | undefined;
  /** Redraws a node whose look changed (a root that just connected); its children stay cached. */
  redraw(node: TreeNode): void;
  warn(message: string): void;
}
