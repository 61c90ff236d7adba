import type { Figures, FiguresRequest } from '../connectors/reads/figures';
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
   * while the view is visible their figures come from the connection's sampler (`figureTargets`, `applyFigures`).
   */
  figures?(node: TreeNode): boolean;
  /** What the sampler reads for the shown children of such a node (topics, queues, groups they show). */
  figureTargets?(node: TreeNode, children: readonly TreeNode[]): Partial<FiguresRequest>;
  /**
   * Puts a sample's figures on the shown children of such a node, in place (a reveal or a command holding a
   * node stays valid); the children are redrawn after it. Gives any other node to redraw (the node itself when
   * its own look follows its children's figures), or `reload` when the list itself changed (an item gone or
   * new, a partition added): then the node's children are read again as on a refresh. `at`: when the sample was read.
   */
  applyFigures?(node: TreeNode, children: readonly TreeNode[], figures: Figures, at: number, context: TreeContext): readonly TreeNode[] | 'reload';
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
