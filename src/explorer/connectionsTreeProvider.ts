import * as vscode from 'vscode';
import type { ConnectionRegistry } from '../connections/connectionRegistry';
import type { KindTree } from './kindTree';
import type { KindTreeItems } from './kindTreeItems';
import { SHARED_CONTEXT_VALUES, sharedItem } from './sharedItems';
import { connectionOf, type LoadMoreNode, type TreeNode } from './treeNode';
import { TreeModel } from './treeModel';

export interface ConnectionsTreeOptions {
  connections: ConnectionRegistry;
  trees: readonly KindTree[];
  items: readonly KindTreeItems[];
  pageSize: () => number;
  log: vscode.LogOutputChannel;
  /** The view the tree is shown in, for its progress bar. */
  viewId?: string;
}

/** The Connections view: `TreeModel` for what is shown, each kind's `KindTreeItems` for how it looks. */
export class ConnectionsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly model: TreeModel;
  private readonly items: ReadonlyMap<string, KindTreeItems>;
  private readonly subscription: vscode.Disposable;
  private readonly viewId: string | undefined;

  constructor(options: ConnectionsTreeOptions) {
    this.viewId = options.viewId;
    this.items = new Map(options.items.map((items) => [items.kind, items]));
    this.model = new TreeModel({
      connections: () => options.connections.all(),
      trees: options.trees,
      pageSize: options.pageSize,
      changed: (node) => this.changed.fire(node),
      log: options.log,
    });
    // A connection added, removed or replaced changes the roots only; the kept roots keep their children.
    this.subscription = options.connections.onDidChange(() => this.model.refresh());
  }

  /** Every `contextValue` an item of this tree can carry, the shared ones and each kind's. */
  get contextValues(): readonly string[] {
    return [...SHARED_CONTEXT_VALUES, ...[...this.items.values()].flatMap((items) => items.contextValues)];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const shared = sharedItem(node);
    if (shared) return shared;
    const kind = connectionOf(node)?.kind;
    const item = kind === undefined ? undefined : this.items.get(kind)?.item(node, this.model.searchOf(node), (n) => this.model.readOf(n));
    if (!item) {
      throw new Error(`No look for tree node ${node.id}`);
    }
    return item;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** A load that is not cached shows the view's progress bar: a slow server is seen working, not stuck. */
  getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const cached = node ? this.model.cachedChildren(node) : undefined;
    if (cached || !this.viewId) {
      return this.model.children(node);
    }
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: this.viewId } }, () => this.model.children(node)));
  }

  /** Drops the cached children of `node` (everything when absent) and redraws from there. */
  refresh(node?: TreeNode): void {
    this.model.refresh(node);
  }

  /** Redraws one connection's root and everything below it, leaving the other connections as they are. */
  refreshConnection(connectionId: string): void {
    this.model.refreshConnection(connectionId);
  }

  search(node: TreeNode, prefix: string | undefined): void {
    this.model.search(node, prefix);
  }

  loadMore(node: LoadMoreNode): Promise<void> {
    return this.model.loadMore(node);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
