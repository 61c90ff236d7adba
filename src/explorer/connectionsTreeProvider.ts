import * as vscode from 'vscode';
import type { ConnectionRegistry } from '../connections/connectionRegistry';
import { MongoStoreConnection } from '../connections/mongoConnection';
import { describeError } from '../errors';
import { toTreeItem } from './treeItems';
import {
  aggregateNode,
  aggregateTypeNode,
  connectionNode,
  type AggregateNode,
  type AggregateTypeNode,
  type ConnectionNode,
  type LoadMoreNode,
  type TreeNode,
} from './treeNodes';

export interface ConnectionsTreeOptions {
  connections: ConnectionRegistry;
  pageSize: () => number;
  log: vscode.LogOutputChannel;
}

/**
 * Connections → aggregate types → aggregates. Children load on expand and are cached per node; a refresh
 * drops exactly the node it names (and what hangs below it). Failures become an error child with a Retry.
 */
export class ConnectionsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly cache = new Map<string, TreeNode[]>();
  /** Id-prefix searches by aggregate type node id; kept across refreshes. */
  private readonly searches = new Map<string, string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly options: ConnectionsTreeOptions) {
    this.subscription = options.connections.onDidChange(() => this.refresh());
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'connection' ? undefined : node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const key = node?.id ?? '';
    const cached = this.cache.get(key);
    if (cached) {
      return cached;
    }
    const children = await this.loadChildren(node);
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
    this.changed.fire(node);
  }

  /** Shows only the aggregates of `node` whose id starts with `prefix` (undefined: all of them again). */
  search(node: AggregateTypeNode, prefix: string | undefined): void {
    if (prefix === undefined || prefix === '') {
      this.searches.delete(node.id);
      delete node.idPrefix;
    } else {
      this.searches.set(node.id, prefix);
      node.idPrefix = prefix;
    }
    this.refresh(node);
  }

  /** Appends the next page of aggregates in place of the "Load more" item. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const typeNode = node.parent;
    const current = this.cache.get(typeNode.id) ?? [];
    const next = await this.loadAggregatePage(typeNode, node.after);
    this.cache.set(typeNode.id, [...current.filter((c) => c.kind !== 'loadMore'), ...next]);
    this.changed.fire(typeNode);
  }

  /** Finds the node of an aggregate, loading pages as needed; used to reveal it after an append. */
  async findAggregate(connectionId: string, aggregateType: string, aggregateId: string): Promise<AggregateNode | undefined> {
    const roots = await this.getChildren();
    const root = roots.find((r): r is ConnectionNode => r.kind === 'connection' && r.connection.id === connectionId);
    if (!root) {
      return undefined;
    }
    const types = await this.getChildren(root);
    const typeNode = types.find((t): t is AggregateTypeNode => t.kind === 'aggregateType' && t.name === aggregateType);
    if (!typeNode) {
      return undefined;
    }
    for (;;) {
      const children = await this.getChildren(typeNode);
      const found = children.find((c): c is AggregateNode => c.kind === 'aggregate' && c.aggregate.id === aggregateId);
      const more = children.find((c): c is LoadMoreNode => c.kind === 'loadMore');
      if (found || !more) {
        return found;
      }
      await this.loadMore(more);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async loadChildren(node: TreeNode | undefined): Promise<TreeNode[]> {
    if (!node) {
      return this.loadRoots();
    }
    try {
      switch (node.kind) {
        case 'connection':
          return await this.loadTypes(node);
        case 'aggregateType':
          return await this.loadAggregatePage(node, undefined);
        default:
          return [];
      }
    } catch (error) {
      const message = describeError(error);
      this.options.log.error(`Could not load ${node.kind === 'connection' ? node.connection.label : node.id}: ${message}`);
      return [{ kind: 'error', id: `${node.id}/error`, parent: node, message }];
    }
  }

  /** With nothing but an empty Local store, no roots: the view then shows its welcome content. */
  private async loadRoots(): Promise<TreeNode[]> {
    const connections = this.options.connections.all();
    const roots = connections.map(connectionNode);
    if (connections.length === 1 && connections[0].kind === 'local') {
      const types = await this.getChildren(roots[0]);
      if (types.every((t) => t.kind === 'message')) {
        return [];
      }
    }
    return roots;
  }

  private async loadTypes(node: ConnectionNode): Promise<TreeNode[]> {
    const { connection } = node;
    const wasOpen = connection.isOpen;
    const store = await connection.open();
    if (!wasOpen) {
      // The root's icon and menu change once it is connected.
      this.changed.fire(node);
    }
    const types = await store.listAggregateTypes();
    for (const problem of store.problems()) {
      this.options.log.warn(`${store.label}: ${problem.message}`);
    }
    const children: TreeNode[] = types.map((t) => {
      const typeNode = aggregateTypeNode(node, t.name, t.aggregateCount);
      const prefix = this.searches.get(typeNode.id);
      return prefix === undefined ? typeNode : { ...typeNode, idPrefix: prefix };
    });
    const index = connection instanceof MongoStoreConnection ? connection.indexCheck : undefined;
    if (index && !index.ok) {
      this.options.log.warn(`${connection.label}: ${index.message}`);
      children.unshift({
        kind: 'message',
        id: `${node.id}/index-warning`,
        parent: node,
        message: 'Missing unique index on (aggregate id, version)',
        warning: { tooltip: `${index.message}\nRight-click to create it.`, contextValue: 'indexWarning' },
      });
    }
    if (children.length === 0) {
      const message = connection.kind === 'local' ? 'No events yet: publish the sample events or append one' : 'No events in this collection';
      children.push({ kind: 'message', id: `${node.id}/empty`, parent: node, message });
    }
    return children;
  }

  private async loadAggregatePage(node: AggregateTypeNode, after: string | undefined): Promise<TreeNode[]> {
    const store = await node.parent.connection.open();
    const page = await store.listAggregates(node.name, { after, limit: this.options.pageSize(), idPrefix: node.idPrefix });
    const children: TreeNode[] = page.items.map((a) => aggregateNode(node, a));
    if (page.next !== undefined) {
      children.push({ kind: 'loadMore', id: `${node.id}/more:${page.next}`, parent: node, after: page.next });
    }
    if (children.length === 0 && after === undefined) {
      const message = node.idPrefix !== undefined ? `No aggregate id starts with "${node.idPrefix}"` : 'No aggregates';
      children.push({ kind: 'message', id: `${node.id}/empty`, parent: node, message });
    }
    return children;
  }
}
