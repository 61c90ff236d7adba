import type { Connection } from '../connections/connection';
import { describeError } from '../errors';
import type { KindTree, TreeContext } from './kindTree';
import { connectionNode, connectionOf, type ConnectionNode, type LoadMoreNode, type TreeNode } from './treeNode';

export interface TreeModelOptions {
  connections(): readonly Connection[];
  trees: readonly KindTree[];
  pageSize(): number;
  /** Told which node to redraw (undefined: the roots). */
  changed(node: TreeNode | undefined): void;
  log: { warn(message: string): void; error(message: string): void };
}

/**
 * The tree's shared logic, whatever the kinds: children load on expand through the node's kind and are
 * cached per node; a refresh drops exactly the node it names and what hangs below it; paging replaces the
 * "Load more" item with the next page; searches by id prefix survive refreshes; failures become an error
 * child with the reason. No editor API here: `ConnectionsTreeProvider` adapts it to VS Code.
 */
export class TreeModel {
  private readonly cache = new Map<string, TreeNode[]>();
  private readonly searches = new Map<string, string>();
  private readonly trees: ReadonlyMap<string, KindTree>;
  private readonly context: TreeContext;

  constructor(private readonly options: TreeModelOptions) {
    this.trees = new Map(options.trees.map((tree) => [tree.kind, tree]));
    this.context = {
      pageSize: () => options.pageSize(),
      search: (nodeId) => this.searches.get(nodeId),
      redraw: (node) => options.changed(node),
      warn: (message) => options.log.warn(message),
    };
  }

  async children(node?: TreeNode): Promise<TreeNode[]> {
    const key = node?.id ?? '';
    const cached = this.cache.get(key);
    if (cached) {
      return cached;
    }
    const children = await this.load(node);
    this.cache.set(key, children);
    return children;
  }

  /** Drops the cached children of `node` (everything when absent) and redraws from there. */
  refresh(node?: TreeNode): void {
    if (!node) {
      this.cache.clear();
    } else {
      for (const key of [...this.cache.keys()]) {
        if (key === node.id || key.startsWith(`${node.id}/`)) {
          this.cache.delete(key);
        }
      }
    }
    this.options.changed(node);
  }

  /** Refreshes the root of one connection (the whole tree when that root is not shown yet). */
  refreshConnection(connectionId: string): void {
    this.refresh(this.cachedRoot(connectionId));
  }

  /** The root node of a connection as the tree holds it, if the roots were loaded. */
  cachedRoot(connectionId: string): ConnectionNode | undefined {
    return this.cache.get('')?.find((n): n is ConnectionNode => n.kind === 'connection' && n.connection.id === connectionId);
  }

  /** The cached children of a node, without loading anything. */
  cachedChildren(node: TreeNode): readonly TreeNode[] | undefined {
    return this.cache.get(node.id);
  }

  /** Shows only the children of `node` whose id starts with `prefix` (undefined or empty: all again). */
  search(node: TreeNode, prefix: string | undefined): void {
    if (prefix === undefined || prefix === '') {
      this.searches.delete(node.id);
    } else {
      this.searches.set(node.id, prefix);
    }
    this.refresh(node);
  }

  searchOf(node: TreeNode): string | undefined {
    return this.searches.get(node.id);
  }

  /** Puts the next page in place of the "Load more" item. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const parent = node.parent;
    const tree = this.treeOf(parent);
    if (!tree?.page) {
      throw new Error(`${parent.id} has no further pages.`);
    }
    const next = await tree.page(parent, node.after, this.context);
    const current = this.cache.get(parent.id) ?? [];
    this.cache.set(parent.id, [...current.filter((c) => c !== node), ...next]);
    this.options.changed(parent);
  }

  private async load(node: TreeNode | undefined): Promise<TreeNode[]> {
    if (!node) {
      return this.loadRoots();
    }
    const tree = this.treeOf(node);
    if (!tree || node.kind === 'error' || node.kind === 'message' || node.kind === 'loadMore') {
      return [];
    }
    try {
      return await tree.children(node, this.context);
    } catch (error) {
      const message = describeError(error);
      this.options.log.error(`Could not load ${node.kind === 'connection' ? node.connection.label : node.id}: ${message}`);
      return [{ kind: 'error', id: `${node.id}/error`, parent: node, message }];
    }
  }

  private async loadRoots(): Promise<TreeNode[]> {
    const connections = this.options.connections();
    const roots = connections.map(connectionNode);
    const alone = roots.length === 1 ? roots[0] : undefined;
    const tree = alone ? this.treeOf(alone) : undefined;
    if (alone && tree?.hiddenWhenAlone) {
      const children = await this.children(alone);
      if (tree.hiddenWhenAlone(children)) {
        return [];
      }
    }
    return roots;
  }

  private treeOf(node: TreeNode): KindTree | undefined {
    const connection = connectionOf(node);
    return connection ? this.trees.get(connection.kind) : undefined;
  }
}
