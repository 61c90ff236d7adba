/**
 * A collapsible JSON tree, kept in step with a value. Every value element carries `data-path` (dotted,
 * like the host's changedPaths); changed values get the class `changed`, and containers holding a change
 * get `changed-within` and are opened so the change is visible. Expansion the user chose is kept per path
 * across values, so stepping through events does not fold the tree back.
 *
 * `show` walks the new value beside the one on screen and touches only the elements whose text, class or
 * children differ: stepping from one event to the next changes a few values, and only their lines are
 * restyled and laid out again. Elements are built only for entries that are new.
 */
import type { JsonValue } from '../../src/protocol/common';
import { el, setText } from './dom';

type JsonContainer = JsonValue[] | { [key: string]: JsonValue };
type JsonLeaf = Exclude<JsonValue, JsonContainer>;

export interface JsonTreeOptions {
  /** Containers deeper than this start folded unless they hold a change. */
  openDepth?: number;
}

const LARGE_CONTAINER = 50;

interface Entry {
  key: string;
  item: HTMLLIElement;
  line: HTMLDivElement;
  /** A leaf's value, or undefined for a container. */
  leaf?: HTMLSpanElement;
  branch?: Branch;
}

interface Branch {
  toggle: HTMLButtonElement;
  preview: HTMLSpanElement;
  list?: HTMLUListElement;
  children: Entry[];
}

/** The root: a lone value, an empty container, or the tree of a container's entries. */
type Root = { kind: 'leaf'; element: HTMLElement; leaf: HTMLSpanElement } | { kind: 'empty'; element: HTMLElement } | { kind: 'tree'; element: HTMLUListElement; children: Entry[] };

export class JsonTreeView {
  /** Expansion chosen by the user, by path. */
  private readonly expansion = new Map<string, boolean>();
  private readonly openDepth: number;
  private root: Root | undefined;
  private value: JsonValue = null;
  private changed = new Set<string>();
  private changedWithin = new Set<string>();

  /** Renders into `host`, which it owns while it shows a value (see `clear`). */
  constructor(
    private readonly host: HTMLElement,
    options: JsonTreeOptions = {},
  ) {
    this.openDepth = options.openDepth ?? 2;
    // One listener for every toggle, present and future: patched trees keep working toggles.
    host.addEventListener('click', (event) => {
      const toggle = event.target instanceof Element ? event.target.closest('.json-toggle') : null;
      const item = toggle?.closest('li.json-branch');
      const path = item?.getAttribute('data-path');
      if (this.root === undefined || item === null || item === undefined || path === null || path === undefined || !host.contains(item)) return;
      this.expansion.set(path, item.getAttribute('aria-expanded') !== 'true');
      this.sync();
    });
  }

  show(value: JsonValue, changedPaths: readonly string[] = []): void {
    this.value = value;
    this.changed = new Set(changedPaths);
    this.changedWithin = new Set();
    for (const path of this.changed) {
      const parts = path.split('.');
      for (let length = 1; length < parts.length; length++) this.changedWithin.add(parts.slice(0, length).join('.'));
    }
    this.sync();
  }

  /** Gives the host back (its caller shows something else there); the next `show` builds afresh. */
  clear(): void {
    this.root = undefined;
  }

  private sync(): void {
    const value = this.value;
    const kind = !isContainer(value) ? 'leaf' : entriesOf(value).length === 0 ? 'empty' : 'tree';
    let root = this.root;
    if (root?.kind !== kind || kind === 'empty') root = this.newRoot(value);
    if (root.kind === 'leaf' && !isContainer(value)) {
      this.updateLeaf(root.leaf, value, '');
    } else if (root.kind === 'tree' && isContainer(value)) {
      setClass(root.element, this.changed.has('') ? 'json-tree changed' : 'json-tree');
      root.children = this.syncEntries(root.element, root.children, value, '', 0);
    }
    if (root !== this.root || this.host.firstChild !== root.element || this.host.childNodes.length !== 1) this.host.replaceChildren(root.element);
    this.root = root;
  }

  private newRoot(value: JsonValue): Root {
    if (!isContainer(value)) {
      const leaf = el('span', { attributes: { 'data-path': '' } });
      return { kind: 'leaf', element: el('div', { className: 'json-tree json-root-value' }, [leaf]), leaf };
    }
    if (entriesOf(value).length === 0) {
      return { kind: 'empty', element: el('div', { className: 'json-tree json-empty', text: Array.isArray(value) ? '[] (empty)' : '{} (empty)' }) };
    }
    return { kind: 'tree', element: el('ul', { className: 'json-tree', attributes: { role: 'tree', 'data-path': '' } }), children: [] };
  }

  /** Makes `list`'s entries those of `container`, reusing the entries of the same key. */
  private syncEntries(list: HTMLUListElement, previous: Entry[], container: JsonContainer, parentPath: string, depth: number): Entry[] {
    const pairs = entriesOf(container);
    const sameKeys = previous.length === pairs.length && pairs.every(([key], i) => previous[i].key === key);
    const byKey = sameKeys ? undefined : new Map(previous.map((entry) => [entry.key, entry]));
    const entries = pairs.map(([key, child], i) => this.syncEntry(sameKeys ? previous[i] : byKey?.get(key), key, child, join(parentPath, key), depth));
    if (sameKeys && entries.every((entry, i) => entry === previous[i])) return entries;
    // Entries that went first, so that those kept stay in order and none of them is moved.
    const kept = new Set<Node>(entries.map((entry) => entry.item));
    for (const child of Array.from(list.childNodes)) {
      if (!kept.has(child)) list.removeChild(child);
    }
    let cursor = list.firstChild;
    for (const entry of entries) {
      if (entry.item === cursor) {
        cursor = cursor.nextSibling;
      } else {
        list.insertBefore(entry.item, cursor);
      }
    }
    return entries;
  }

  private syncEntry(entry: Entry | undefined, key: string, value: JsonValue, path: string, depth: number): Entry {
    const container = isContainer(value);
    if (entry === undefined || (entry.branch !== undefined) !== container) entry = this.newEntry(key, value, path);
    const changed = this.changed.has(path);
    if (!isContainer(value)) {
      setClass(entry.item, changed ? 'json-entry entry-changed' : 'json-entry');
      if (entry.leaf !== undefined) this.updateLeaf(entry.leaf, value, path);
      return entry;
    }
    const branch = entry.branch as Branch;
    const size = entriesOf(value).length;
    const open = this.isOpen(path, depth, size);
    setClass(entry.item, `json-entry${changed ? ' entry-changed' : ''} json-branch${changed ? ' changed' : ''}${this.changedWithin.has(path) ? ' changed-within' : ''}`);
    setAttribute(entry.item, 'aria-expanded', String(open));
    setAttribute(branch.toggle, 'aria-label', `${open ? 'Collapse' : 'Expand'} ${path}`);
    setText(branch.toggle, open ? '▾' : '▸');
    setText(branch.preview, preview(value, open));
    if (open && size > 0) {
      if (branch.list === undefined) {
        branch.list = el('ul', { className: 'json-children', attributes: { role: 'group' } });
        entry.item.append(branch.list);
      }
      branch.children = this.syncEntries(branch.list, branch.children, value, path, depth + 1);
    } else if (branch.list !== undefined) {
      branch.list.remove();
      branch.list = undefined;
      branch.children = [];
    }
    return entry;
  }

  private newEntry(key: string, value: JsonValue, path: string): Entry {
    const line = el('div', { className: 'json-line' });
    const item = el('li', { className: 'json-entry', attributes: { role: 'treeitem' } }, [line]);
    const keyElement = el('span', { className: 'json-key', text: key });
    const colon = el('span', { className: 'json-colon', text: ': ' });
    if (!isContainer(value)) {
      const leaf = el('span', { attributes: { 'data-path': path } });
      line.append(el('span', { className: 'json-toggle-space' }), keyElement, colon, leaf);
      return { key, item, line, leaf };
    }
    item.setAttribute('data-path', path);
    // Clicks are handled by the host's one listener (see the constructor).
    const toggle = el('button', { className: 'json-toggle', attributes: { type: 'button' } });
    const previewElement = el('span', { className: 'json-preview' });
    line.append(toggle, keyElement, colon, previewElement);
    return { key, item, line, branch: { toggle, preview: previewElement, children: [] } };
  }

  private updateLeaf(span: HTMLSpanElement, value: JsonLeaf, path: string): void {
    const kind = value === null ? 'null' : typeof value;
    setClass(span, `json-value json-${kind}${this.changed.has(path) ? ' changed' : ''}`);
    setText(span, typeof value === 'string' ? JSON.stringify(value) : String(value));
  }

  private isOpen(path: string, depth: number, size: number): boolean {
    const chosen = this.expansion.get(path);
    if (chosen !== undefined) return chosen;
    if (this.changedWithin.has(path)) return true;
    return depth < this.openDepth && size <= LARGE_CONTAINER;
  }
}

function setClass(element: Element, className: string): void {
  if (element.className !== className) element.className = className;
}

function setAttribute(element: Element, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

function isContainer(value: JsonValue): value is JsonContainer {
  return typeof value === 'object' && value !== null;
}

function entriesOf(container: JsonContainer): Array<[string, JsonValue]> {
  return Array.isArray(container) ? container.map((item, index) => [String(index), item]) : Object.entries(container);
}

function join(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function preview(value: JsonContainer, open: boolean): string {
  if (Array.isArray(value)) {
    return open ? `[${value.length}]` : `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  }
  const keys = Object.keys(value);
  if (open) return `{${keys.length}}`;
  const shown = keys.slice(0, 4).join(', ');
  return `{ ${shown}${keys.length > 4 ? ', …' : ''} }`;
}
