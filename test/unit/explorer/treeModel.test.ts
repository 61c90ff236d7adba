import * as assert from 'node:assert/strict';
import type { Connection } from '../../../src/connections/connection';
import type { FiguresSample } from '../../../src/connectors/reads/samplerRegistry';
import type { KindTree } from '../../../src/explorer/kindTree';
import { TreeModel } from '../../../src/explorer/treeModel';
import { loadMoreNode, messageNode, type ConnectionNode, type TreeNode } from '../../../src/explorer/treeNode';

/** A kind that is not an event store: shelves holding boxes, paged, to show a new kind needs only its own folders. */
interface ShelfNode {
  kind: 'shelf';
  id: string;
  parent: ConnectionNode;
  name: string;
}
interface BoxNode {
  kind: 'box';
  id: string;
  parent: ShelfNode;
  label: string;
  /** A figure that moves on its own, put in place from a sampler's figures. */
  weight?: number;
}
declare module '../../../src/explorer/treeNode' {
  interface TreeNodeTypes {
    shelf: ShelfNode;
    box: BoxNode;
  }
}

function connection(id: string, kind: string): Connection {
  return { id, kind, role: 'broker', label: id, description: '', isOpen: true, canDisconnect: true, close: () => Promise.resolve() };
}

/** Loads are counted per node id, so tests can tell a cached answer from a reload. */
function shelfTree(loads: Map<string, number>, boxes: (shelf: string) => string[], failing = new Set<string>()): KindTree {
  const count = (id: string): void => void loads.set(id, (loads.get(id) ?? 0) + 1);
  const page = (shelf: ShelfNode, after: number, size: number, prefix: string | undefined): TreeNode[] => {
    const all = boxes(shelf.name).filter((b) => prefix === undefined || b.startsWith(prefix));
    const items: TreeNode[] = all.slice(after, after + size).map((label) => ({ kind: 'box', id: `${shelf.id}/box:${label}`, parent: shelf, label }));
    if (after + size < all.length) items.push(loadMoreNode(shelf, String(after + size)));
    if (all.length === 0) items.push(messageNode(shelf, 'empty', 'No boxes'));
    return items;
  };
  return {
    kind: 'shelves',
    children(node, context) {
      count(node.id);
      if (failing.has(node.id)) return Promise.reject(new Error(`${node.id} is unreachable`));
      if (node.kind === 'connection') {
        return Promise.resolve(['A', 'B'].map((name): ShelfNode => ({ kind: 'shelf', id: `${node.id}/shelf:${name}`, parent: node, name })));
      }
      if (node.kind === 'shelf') return Promise.resolve(page(node, 0, context.pageSize(), context.search(node.id)));
      return Promise.resolve([]);
    },
    page(parent, after, context) {
      return Promise.resolve(parent.kind === 'shelf' ? page(parent, Number(after), context.pageSize(), context.search(parent.id)) : []);
    },
  };
}

/** The Local-like kind: hidden while it is alone and empty. */
const emptyStoreTree: KindTree = {
  kind: 'store',
  children: (node) => Promise.resolve([messageNode(node, 'empty', 'No events yet')]),
  hiddenWhenAlone: (children) => children.every((c) => c.kind === 'message'),
};

function model(connections: Connection[], trees: KindTree[], changed: (TreeNode | undefined)[] = []): TreeModel {
  return new TreeModel({
    connections: () => connections,
    trees,
    pageSize: () => 2,
    changed: (node) => changed.push(node),
    log: { warn: () => undefined, error: () => undefined },
  });
}

describe('TreeModel with stub kinds', () => {
  const boxes = (shelf: string): string[] => (shelf === 'A' ? ['a1', 'a2', 'a3', 'b1', 'b2'] : []);

  it('asks each root’s own kind for its children and caches them per node', async () => {
    const loads = new Map<string, number>();
    const tree = model([connection('s1', 'shelves')], [shelfTree(loads, boxes)]);
    const [root] = await tree.children();
    assert.equal(root.kind, 'connection');
    const shelves = await tree.children(root);
    assert.deepEqual(shelves.map((s) => s.id), ['connection:s1/shelf:A', 'connection:s1/shelf:B']);
    await tree.children(root);
    assert.equal(loads.get(root.id), 1, 'the second expand came from the cache');
    const [, empty] = shelves;
    assert.deepEqual((await tree.children(empty)).map((n) => n.kind === 'message' && n.message), ['No boxes']);
  });

  it('pages: "Load more" is replaced by the next page until the list ends', async () => {
    const tree = model([connection('s1', 'shelves')], [shelfTree(new Map(), boxes)]);
    const [root] = await tree.children();
    const [shelf] = await tree.children(root);
    let children = await tree.children(shelf);
    while (children.some((c) => c.kind === 'loadMore')) {
      const more = children.find((c) => c.kind === 'loadMore');
      assert.ok(more?.kind === 'loadMore');
      await tree.loadMore(more);
      children = await tree.children(shelf);
    }
    assert.deepEqual(children.map((c) => c.kind === 'box' && c.label), ['a1', 'a2', 'a3', 'b1', 'b2']);
  });

  it('refreshes exactly the node it names, keeping the other roots’ children', async () => {
    const loads = new Map<string, number>();
    const changed: (TreeNode | undefined)[] = [];
    const tree = model([connection('s1', 'shelves'), connection('s2', 'shelves')], [shelfTree(loads, boxes)], changed);
    const [one, two] = await tree.children();
    const [shelfA] = await tree.children(one);
    await tree.children(shelfA);
    await tree.children(two);
    tree.refreshConnection('s1');
    assert.equal(changed.at(-1), one, 'the root of s1 is redrawn, not the whole tree');
    await tree.children(one);
    await tree.children(shelfA);
    await tree.children(two);
    assert.equal(loads.get(one.id), 2);
    assert.equal(loads.get(shelfA.id), 2, 'what hung below the refreshed root is reloaded');
    assert.equal(loads.get(two.id), 1, 'the other connection kept what it had loaded');
  });

  it('searches below a node by id prefix and keeps the search across a refresh', async () => {
    const tree = model([connection('s1', 'shelves')], [shelfTree(new Map(), boxes)]);
    const [root] = await tree.children();
    const [shelf] = await tree.children(root);
    tree.search(shelf, 'b');
    assert.equal(tree.searchOf(shelf), 'b');
    tree.refresh(root);
    const [again] = await tree.children(root);
    assert.deepEqual((await tree.children(again)).map((c) => c.kind === 'box' && c.label), ['b1', 'b2']);
    tree.search(again, undefined);
    assert.equal((await tree.children(again)).filter((c) => c.kind === 'box').length, 2, 'a page of all boxes again');
  });

  it('turns a failed load into an error child with the reason, and loads again after a retry', async () => {
    const failing = new Set(['connection:s1']);
    const tree = model([connection('s1', 'shelves')], [shelfTree(new Map(), boxes, failing)]);
    const [root] = await tree.children();
    const [error] = await tree.children(root);
    assert.ok(error.kind === 'error');
    assert.equal(error.message, 'connection:s1 is unreachable');
    assert.equal(error.parent, root);
    failing.clear();
    tree.refresh(error.parent);
    assert.equal((await tree.children(root)).length, 2);
  });

  it('hides a kind that asks to be hidden while it is alone and empty, and shows it beside others', async () => {
    assert.deepEqual(await model([connection('local', 'store')], [emptyStoreTree]).children(), []);
    const both = await model([connection('local', 'store'), connection('s1', 'shelves')], [emptyStoreTree, shelfTree(new Map(), boxes)]).children();
    assert.deepEqual(both.map((n) => n.id), ['connection:local', 'connection:s1']);
  });

  it('gives a node of a kind with no tree no children, and says nothing of it', async () => {
    const tree = model([connection('x', 'unknown')], []);
    const [root] = await tree.children();
    assert.deepEqual(await tree.children(root), []);
  });
});

describe('TreeModel: figures read again while shown', () => {
  /** Shelves whose box lists move on their own; the test sets what the next read finds. */
  function movingShelves(contents: Map<string, string[]>, failing: Set<string>): KindTree {
    const tree = shelfTree(new Map(), (shelf) => contents.get(shelf) ?? [], failing);
    return { ...tree, figures: (node) => node.kind === 'shelf' };
  }

  function timedModel(trees: KindTree[], changed: (TreeNode | undefined)[], now: () => number): TreeModel {
    return new TreeModel({ connections: () => [connection('s1', 'shelves')], trees, pageSize: () => 10, changed: (node) => changed.push(node), log: { warn: () => undefined, error: () => undefined }, now });
  }

  it('reloads in place, says when each list was read, and shows a failed read as the error instead of the old figures', async () => {
    const contents = new Map([['A', ['a1']]]);
    const failing = new Set<string>();
    const changed: (TreeNode | undefined)[] = [];
    let clock = 1000;
    const tree = timedModel([movingShelves(contents, failing)], changed, () => clock);
    const [root] = await tree.children();
    const [shelfA] = await tree.children(root);
    assert.deepEqual((await tree.children(shelfA)).map((n) => n.id), [`${shelfA.id}/box:a1`]);
    assert.deepEqual(tree.readOf(shelfA), { at: 1000 });

    contents.set('A', ['a1', 'a2']);
    clock = 11_000;
    const reload = tree.reload(shelfA);
    assert.deepEqual((await tree.children(shelfA)).map((n) => n.id), [`${shelfA.id}/box:a1`], 'the old figures stay until the new ones arrive');
    await reload;
    assert.deepEqual((await tree.children(shelfA)).map((n) => n.id), [`${shelfA.id}/box:a1`, `${shelfA.id}/box:a2`]);
    assert.deepEqual(tree.readOf(shelfA), { at: 11_000 });
    assert.equal(changed.at(-1), shelfA, 'a box more: the list is redrawn');

    changed.length = 0;
    const boxes = await tree.children(shelfA);
    await tree.reload(shelfA);
    assert.deepEqual(changed, boxes, 'the same boxes: each is redrawn, the list left alone');

    failing.add(shelfA.id);
    clock = 21_000;
    await tree.reload(shelfA);
    const [error] = await tree.children(shelfA);
    assert.ok(error.kind === 'error');
    assert.equal(error.message, `${shelfA.id} is unreachable`);
    assert.deepEqual(tree.readOf(shelfA), { at: 21_000, error: `${shelfA.id} is unreachable` });
  });

  it('keeps the object of a child that is still there, with what the new read found', async () => {
    const contents = new Map([['A', ['a1', 'a2']]]);
    const tree = timedModel([movingShelves(contents, new Set())], [], () => 0);
    const [root] = await tree.children();
    const [shelfA] = await tree.children(root);
    const [a1, a2] = await tree.children(shelfA);
    contents.set('A', ['a1', 'a3']);
    await tree.reload(shelfA);
    const [kept, added] = await tree.children(shelfA);
    assert.equal(kept, a1, 'a reveal or a command holding the node still holds the one the tree shows');
    assert.notEqual(added, a2);
    assert.equal(added.id, `${shelfA.id}/box:a3`);
  });

  it('leaves a list that was searched while it was being read as the search made it', async () => {
    const contents = new Map([['A', ['a1', 'b1']]]);
    let clock = 1;
    const tree = timedModel([movingShelves(contents, new Set())], [], () => clock);
    const [root] = await tree.children();
    const [shelfA] = await tree.children(root);
    await tree.children(shelfA);
    clock = 2;
    const reload = tree.reload(shelfA);
    tree.search(shelfA, 'b');
    clock = 3;
    const searched = await tree.children(shelfA);
    await reload;
    assert.deepEqual((await tree.children(shelfA)).map((n) => n.id), searched.map((n) => n.id));
    assert.deepEqual(searched.map((n) => n.id), [`${shelfA.id}/box:b1`]);
    assert.deepEqual(tree.readOf(shelfA), { at: 3 }, 'the newer read says when it was made');
  });

  it('does not bring back a list that was dropped while it was being read', async () => {
    const contents = new Map([['A', ['a1']]]);
    const tree = timedModel([movingShelves(contents, new Set())], [], () => 0);
    const [root] = await tree.children();
    const [shelfA] = await tree.children(root);
    await tree.children(shelfA);
    const reload = tree.reload(shelfA);
    tree.refresh(root);
    await reload;
    assert.equal(tree.cachedChildren(shelfA), undefined);
    assert.equal(tree.readOf(shelfA), undefined);
  });
});

describe('TreeModel: figures from the connection\'s sampler', () => {
  /** Shelves whose boxes weigh something: the sampler is asked for each shown box, and the weights are put in place. */
  function weighedShelves(loads: Map<string, number>, contents: Map<string, string[]>): KindTree {
    return {
      ...shelfTree(loads, (shelf) => contents.get(shelf) ?? []),
      figures: (node) => node.kind === 'shelf',
      figureTargets: (node, children) => ({ sources: children.flatMap((c) => (c.kind === 'box' ? [{ name: c.label, scope: node.kind === 'shelf' ? node.name : '' }] : [])) }),
      applyFigures: (node, children, figures) => {
        for (const child of children) {
          if (child.kind !== 'box') continue;
          const found = figures.sources.find((s) => s.name === child.label);
          if (found === undefined) return 'reload';
          child.weight = found.messages;
        }
        return [node];
      },
    };
  }
  const weighs = (weights: Record<string, number>, at: number): FiguresSample => ({ at, value: { figures: { sources: Object.entries(weights).map(([name, messages]) => ({ name, messages })), groups: [] } } });

  async function shownShelf(contents: Map<string, string[]>, loads: Map<string, number>, changed: (TreeNode | undefined)[]) {
    const tree = new TreeModel({ connections: () => [connection('s1', 'shelves')], trees: [weighedShelves(loads, contents)], pageSize: () => 10, changed: (node) => changed.push(node), log: { warn: () => undefined, error: () => undefined }, now: () => 1000 });
    const [root] = await tree.children();
    const [shelfA] = await tree.children(root);
    const boxes = await tree.children(shelfA);
    return { tree, shelfA, boxes };
  }

  it('asks for what the shown lists show, a list paged past its first page too', async () => {
    const contents = new Map([['A', Array.from({ length: 12 }, (_, i) => `a${i}`)]]);
    const { tree, shelfA, boxes } = await shownShelf(contents, new Map(), []);
    assert.deepEqual(tree.figureTargets('s1').sources.map((s) => s.name), Array.from({ length: 10 }, (_, i) => `a${i}`));
    tree.refresh(shelfA);
    assert.deepEqual(tree.figureTargets('s1').sources, [], 'a list not loaded asks for nothing');
    await tree.children(shelfA);
    const more = (tree.cachedChildren(shelfA) ?? []).find((n) => n.kind === 'loadMore');
    assert.ok(more && more.kind === 'loadMore' && boxes.length === 11);
    await tree.loadMore(more);
    assert.equal(tree.figureTargets('s1').sources.length, 12, 'its figures are put in place, so nothing folds back');
    assert.deepEqual(tree.figureTargets('other'), { sources: [], groups: [], lagOf: [] });
  });

  it('says what one node stands for: what its list asks for it, nothing for a node without figures of its own', async () => {
    const contents = new Map([['A', ['a1', 'a2']]]);
    const { tree, shelfA, boxes } = await shownShelf(contents, new Map(), []);
    const box = boxes.find((b) => b.kind === 'box' && b.label === 'a2');
    assert.ok(box);
    assert.deepEqual(tree.figureTargetsOfNode(box), { sources: [{ name: 'a2', scope: 'A' }], groups: [], lagOf: [] });
    assert.deepEqual(tree.figureTargetsOfNode(shelfA), { sources: [], groups: [], lagOf: [] });
  });

  it('puts a sample on the shown nodes in place, with its read time, and reads nothing itself', async () => {
    const loads = new Map<string, number>();
    const changed: (TreeNode | undefined)[] = [];
    const { tree, shelfA, boxes } = await shownShelf(new Map([['A', ['a1', 'a2']]]), loads, changed);
    const loadsBefore = loads.get(shelfA.id);
    changed.length = 0;
    await tree.applySample('s1', weighs({ a1: 3, a2: 7 }, 42_000));
    assert.equal(tree.cachedChildren(shelfA), boxes, 'the same list, not a new one');
    assert.deepEqual(boxes.map((b) => (b.kind === 'box' ? b.weight : undefined)), [3, 7]);
    assert.deepEqual(tree.readOf(shelfA), { at: 42_000 }, 'the read time is the sample\'s');
    assert.deepEqual(changed, [...boxes, shelfA], 'each box redrawn (its read time moved), and what the kind named');
    assert.equal(loads.get(shelfA.id), loadsBefore, 'no read of its own');
  });

  it('shows a failed sample as the error child, and reads the list again once a sample succeeds', async () => {
    const loads = new Map<string, number>();
    const { tree, shelfA } = await shownShelf(new Map([['A', ['a1']]]), loads, []);
    await tree.applySample('s1', { at: 50_000, value: { error: new Error('broker away') } });
    const [error] = await tree.children(shelfA);
    assert.ok(error.kind === 'error');
    assert.equal(error.message, 'broker away');
    assert.deepEqual(tree.readOf(shelfA), { at: 50_000, error: 'broker away' });
    const loadsBefore = loads.get(shelfA.id) ?? 0;
    await tree.applySample('s1', weighs({ a1: 1 }, 60_000));
    assert.equal(loads.get(shelfA.id), loadsBefore + 1, 'the list was read again');
    assert.deepEqual((await tree.children(shelfA)).map((n) => n.id), [`${shelfA.id}/box:a1`]);
    assert.equal(tree.readOf(shelfA)?.error, undefined);
  });

  it('reads the list again when a shown item is gone from the figures', async () => {
    const loads = new Map<string, number>();
    const contents = new Map([['A', ['a1', 'a2']]]);
    const { tree, shelfA } = await shownShelf(contents, loads, []);
    contents.set('A', ['a1']);
    const loadsBefore = loads.get(shelfA.id) ?? 0;
    await tree.applySample('s1', weighs({ a1: 1 }, 70_000));
    assert.equal(loads.get(shelfA.id), loadsBefore + 1);
    assert.deepEqual((await tree.children(shelfA)).map((n) => n.id), [`${shelfA.id}/box:a1`]);
  });
});
