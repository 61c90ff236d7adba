import type { Connection } from '../connections/connection';
import { NO_TARGETS, unionOf, type FiguresRequest } from '../connectors/reads/figures';
import type { FiguresSample } from '../connectors/reads/samplerRegistry';
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
  now?: () => number;
}

/** When a node's children were last read, and why the read failed if it did: shown beside the figures. */
export interface TreeRead {
  at: number;
  error?: string;
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
  private readonly reads = new Map<string, TreeRead>();
  /** Lists the user paged past their first page: a reload would fold them back, so a sample never reloads them. */
  private readonly paged = new Set<string>();
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
    const { children, read } = await this.load(node);
    this.cache.set(key, children);
    if (node && read) this.reads.set(node.id, read);
    return children;
  }

  /** Drops the cached children of `node` (everything when absent) and redraws from there. */
  refresh(node?: TreeNode): void {
    if (!node) {
      this.cache.clear();
      this.paged.clear();
      this.reads.clear();
    } else {
      for (const key of [...this.cache.keys()]) {
        if (key === node.id || key.startsWith(`${node.id}/`)) {
          this.cache.delete(key);
          this.paged.delete(key);
          this.reads.delete(key);
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

  /**
   * Reads the children of a shown node again and puts them in place of the cached ones, which stay on
   * screen until the new ones arrive; a failure replaces them with the error, never leaves them unexplained.
   * A child that is still there keeps its object, updated: a reveal or a command holding it stays valid.
   * A list that changed meanwhile (refreshed, searched, paged, dropped) is left as it is: it is newer.
   */
  async reload(node: TreeNode): Promise<void> {
    const shown = this.cache.get(node.id);
    if (shown === undefined) return;
    const { children, read } = await this.load(node);
    // Refreshed, searched, paged or dropped meanwhile: what is there now is newer than this read.
    if (this.cache.get(node.id) !== shown) return;
    if (read) this.reads.set(node.id, read);
    const before = new Map(shown.map((child) => [child.id, child]));
    const kept = children.map((child) => keptIdentity(before.get(child.id), child));
    this.cache.set(node.id, kept);
    // The same items in the same order: each is redrawn with its new figures, and the list itself is left
    // alone, so a reveal or a selection in it at that moment is not undone. Otherwise the list is redrawn.
    const sameItems = kept.length === shown.length && kept.every((child, i) => child === shown[i]);
    if (sameItems) kept.forEach((child) => this.options.changed(child));
    else this.options.changed(node);
  }

  /** When the children of `node` were last read (its figures, or the figures of the items below it). */
  readOf(node: TreeNode): TreeRead | undefined {
    return this.reads.get(node.id);
  }

  /**
   * What the connection's sampler should read for the figures shown now: the union of what each shown node
   * with figures asks for, paged lists included (their figures are put in place, never folded back).
   */
  figureTargets(connectionId: string): FiguresRequest {
    const wanted = this.figureNodes(connectionId).map((node) => ({ ...NO_TARGETS, ...this.treeOf(node)?.figureTargets?.(node, this.cache.get(node.id) ?? []) }));
    return unionOf(wanted);
  }

  /**
   * The figures one node stands for (a topic or queue as a source, a group with its lag), as its kind says:
   * what its list asks for it, and what it asks for itself. Empty for a node without figures of its own.
   */
  figureTargetsOfNode(node: TreeNode): FiguresRequest {
    const own = { ...NO_TARGETS, ...this.treeOf(node)?.figureTargets?.(node, []) };
    const asChild = node.parent === undefined ? NO_TARGETS : { ...NO_TARGETS, ...this.treeOf(node.parent)?.figureTargets?.(node.parent, [node]) };
    const both = unionOf([own, asChild]);
    return { sources: both.sources, groups: both.groups, lagOf: both.lagOf };
  }

  /**
   * Puts a sample on the shown nodes of its connection: figures in place and the read time beside them; a
   * failed read replaces the children with its error, as a failed load does. A list whose items changed (one
   * gone), a kind that cannot put figures in place, and a list after a failed read are read again.
   */
  async applySample(connectionId: string, sample: FiguresSample): Promise<void> {
    for (const node of this.figureNodes(connectionId)) {
      const shown = this.cache.get(node.id);
      if (shown === undefined) continue;
      const reading = sample.value;
      if (reading.figures === undefined) {
        const message = describeError(reading.error);
        this.reads.set(node.id, { at: sample.at, error: message });
        this.cache.set(node.id, [{ kind: 'error', id: `${node.id}/error`, parent: node, message }]);
        this.options.changed(node);
        continue;
      }
      const tree = this.treeOf(node);
      const failedBefore = this.reads.get(node.id)?.error !== undefined;
      const applied = failedBefore || tree?.applyFigures === undefined ? 'reload' : tree.applyFigures(node, shown, reading.figures, sample.at, this.context);
      if (applied === 'reload') {
        // A paged list read again would fold back to its first page: it keeps its items until a refresh.
        if (this.paged.has(node.id)) this.reads.set(node.id, { at: sample.at });
        else await this.reload(node);
        continue;
      }
      this.reads.set(node.id, { at: sample.at });
      // Every child is redrawn, not only those whose figures moved: each says when it was read.
      for (const child of shown) this.options.changed(child);
      for (const other of applied) this.options.changed(other);
    }
  }

  /** The loaded nodes of a connection whose children carry figures, paged lists included. */
  private figureNodes(connectionId: string): TreeNode[] {
    const found: TreeNode[] = [];
    const walk = (node: TreeNode): void => {
      const children = this.cache.get(node.id);
      if (!children) return;
      if (this.treeOf(node)?.figures?.(node) === true) found.push(node);
      children.forEach(walk);
    };
    const root = this.cachedRoot(connectionId);
    if (root) walk(root);
    return found;
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
    this.paged.add(parent.id);
    this.options.changed(parent);
  }

  /** The children of `node`, and when they were read (whether that failed) when a kind read them. */
  private async load(node: TreeNode | undefined): Promise<{ children: TreeNode[]; read?: TreeRead }> {
    if (!node) {
      return { children: await this.loadRoots() };
    }
    const tree = this.treeOf(node);
    if (!tree || node.kind === 'error' || node.kind === 'message' || node.kind === 'loadMore') {
      return { children: [] };
    }
    const now = this.options.now ?? Date.now;
    try {
      const children = await tree.children(node, this.context);
      return { children, read: { at: now() } };
    } catch (error) {
      const message = describeError(error);
      this.options.log.error(`Could not load ${node.kind === 'connection' ? node.connection.label : node.id}: ${message}`);
      return { children: [{ kind: 'error', id: `${node.id}/error`, parent: node, message }], read: { at: now(), error: message } };
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

/** The node read afresh, as the object the tree already knew under its id when there was one. */
function keptIdentity(known: TreeNode | undefined, fresh: TreeNode): TreeNode {
  if (known === undefined || known.kind !== fresh.kind) return fresh;
  const target = known as unknown as Record<string, unknown>;
  for (const key of Object.keys(target)) if (!(key in fresh)) delete target[key];
  Object.assign(target, fresh);
  return known;
}
