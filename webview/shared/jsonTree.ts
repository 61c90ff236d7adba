/**
 * A collapsible JSON tree. Every value element carries `data-path` (dotted, like the host's
 * changedPaths); changed values get the class `changed`, and containers holding a change get
 * `changed-within` and are opened so the change is visible. Expansion the user chose is kept per path
 * across renders, so stepping through events does not fold the tree back.
 */
import type { JsonValue } from '../../src/protocol/common';
import { el } from './dom';

type JsonContainer = JsonValue[] | { [key: string]: JsonValue };

export interface JsonTreeOptions {
  changedPaths?: readonly string[];
  /** Expansion chosen by the user, by path; shared between renders of the same pane. */
  expansion: Map<string, boolean>;
  /** Containers deeper than this start folded unless they hold a change. */
  openDepth?: number;
}

const LARGE_CONTAINER = 50;

export function renderJsonTree(value: JsonValue, options: JsonTreeOptions): HTMLElement {
  const context = new TreeContext(options);
  if (!isContainer(value)) {
    return el('div', { className: 'json-tree json-root-value' }, [context.leaf(value, '')]);
  }
  const entries = entriesOf(value);
  if (entries.length === 0) {
    return el('div', { className: 'json-tree json-empty', text: Array.isArray(value) ? '[] (empty)' : '{} (empty)' });
  }
  const tree = el('ul', { className: 'json-tree', attributes: { role: 'tree', 'data-path': '' } }, context.entries(value, '', 0));
  // '' is what the diff reports when the state as a whole was replaced.
  if (options.changedPaths?.includes('') === true) tree.classList.add('changed');
  return tree;
}

/**
 * Folding and unfolding for every tree rendered into `pane`: records the choice in `expansion` and asks
 * for a new render (which patches the tree, so only the toggled branch changes).
 */
export function onJsonToggle(pane: HTMLElement, expansion: Map<string, boolean>, rerender: () => void): void {
  pane.addEventListener('click', (event) => {
    const toggle = event.target instanceof Element ? event.target.closest('.json-toggle') : null;
    const item = toggle?.closest('li.json-branch');
    if (toggle === null || toggle === undefined || item === null || item === undefined || !pane.contains(item)) return;
    const path = item.getAttribute('data-path');
    if (path === null) return;
    expansion.set(path, item.getAttribute('aria-expanded') !== 'true');
    rerender();
  });
}

class TreeContext {
  private readonly changed: Set<string>;
  private readonly changedWithin = new Set<string>();
  private readonly openDepth: number;

  constructor(private readonly options: JsonTreeOptions) {
    this.changed = new Set(options.changedPaths ?? []);
    for (const path of this.changed) {
      const parts = path.split('.');
      for (let length = 1; length < parts.length; length++) {
        this.changedWithin.add(parts.slice(0, length).join('.'));
      }
    }
    this.openDepth = options.openDepth ?? 2;
  }

  entries(container: JsonContainer, parentPath: string, depth: number): HTMLLIElement[] {
    return entriesOf(container).map(([key, child]) => this.entry(key, child, join(parentPath, key), depth));
  }

  leaf(value: Exclude<JsonValue, JsonContainer>, path: string): HTMLSpanElement {
    const kind = value === null ? 'null' : typeof value;
    const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
    const span = el('span', { className: `json-value json-${kind}`, text, attributes: { 'data-path': path } });
    if (this.changed.has(path)) span.classList.add('changed');
    return span;
  }

  private entry(key: string, value: JsonValue, path: string, depth: number): HTMLLIElement {
    const keyElement = el('span', { className: 'json-key', text: key });
    const line = el('div', { className: 'json-line' });
    const item = el('li', { className: 'json-entry', attributes: { role: 'treeitem' } }, [line]);
    if (this.changed.has(path)) item.classList.add('entry-changed');
    if (!isContainer(value)) {
      line.append(el('span', { className: 'json-toggle-space' }), keyElement, el('span', { className: 'json-colon', text: ': ' }), this.leaf(value, path));
      return item;
    }
    const size = entriesOf(value).length;
    const open = this.isOpen(path, depth, size);
    item.setAttribute('aria-expanded', String(open));
    item.setAttribute('data-path', path);
    item.classList.add('json-branch');
    if (this.changed.has(path)) item.classList.add('changed');
    if (this.changedWithin.has(path)) item.classList.add('changed-within');
    // Clicks are handled by the pane (onJsonToggle), so a patched tree keeps working toggles.
    const toggle = el('button', { className: 'json-toggle', attributes: { type: 'button', 'aria-label': `${open ? 'Collapse' : 'Expand'} ${path}` }, text: open ? '▾' : '▸' });
    line.append(toggle, keyElement, el('span', { className: 'json-colon', text: ': ' }), el('span', { className: 'json-preview', text: preview(value, open) }));
    if (open && size > 0) {
      item.append(el('ul', { className: 'json-children', attributes: { role: 'group' } }, this.entries(value, path, depth + 1)));
    }
    return item;
  }

  private isOpen(path: string, depth: number, size: number): boolean {
    const chosen = this.options.expansion.get(path);
    if (chosen !== undefined) return chosen;
    if (this.changedWithin.has(path)) return true;
    return depth < this.openDepth && size <= LARGE_CONTAINER;
  }
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
