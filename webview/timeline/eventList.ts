/**
 * The virtualized event list: only the rows on screen (plus a little overscan) exist in the DOM, so a
 * 100,000-event stream costs the same as a 100-event one. Rows come from the host a page at a time;
 * until a page arrives its positions show placeholders.
 */
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';
import type { EventRow } from '../../src/protocol';
import { el, formatListTime } from './dom';
import { icon } from './icons';
import { RowCache, type RowRequest } from './rowCache';

const ROW_HEIGHT = 22;

export type ListKeyAction = 'first' | 'previous' | 'next' | 'last' | 'toggle-play';

export interface EventListCallbacks {
  select(index: number): void;
  key(action: ListKeyAction): void;
  requestRows(request: RowRequest): void;
  /** Once, when the list first puts rows (not placeholders) into the DOM. */
  firstRowsShown(): void;
}

const KEY_ACTIONS: Record<string, ListKeyAction> = {
  ArrowUp: 'previous',
  ArrowDown: 'next',
  Home: 'first',
  End: 'last',
  ' ': 'toggle-play',
};

interface ShownRow {
  row: EventRow | undefined;
  element: HTMLDivElement;
  /** The translateY last written, -1 before the first. */
  start: number;
  selected: boolean;
}

export class EventList {
  readonly element: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly cache = new RowCache();
  private readonly virtualizer: Virtualizer<HTMLDivElement, HTMLDivElement>;
  private readonly unmount: () => void;
  private selectedIndex: number | null = null;
  /** The row elements on screen by view position, reused while their row is unchanged. */
  private shown = new Map<number, ShownRow>();
  private spacerHeight = -1;
  private rowsShown = false;

  constructor(private readonly callbacks: EventListCallbacks) {
    this.spacer = el('div', { className: 'event-list-spacer' });
    this.element = el('div', { id: 'event-list', className: 'event-list', attributes: { role: 'listbox', tabindex: '0', 'aria-label': 'Events' } }, [this.spacer]);
    this.element.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.element.addEventListener('click', (event) => this.onClick(event));
    this.virtualizer = new Virtualizer<HTMLDivElement, HTMLDivElement>({
      count: 0,
      getScrollElement: () => this.element,
      estimateSize: () => ROW_HEIGHT,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      overscan: 12,
      onChange: () => this.render(),
    });
    this.unmount = this.virtualizer._didMount();
  }

  /**
   * Starts watching the list's size and scroll offset, once it is in the document. That first reads its
   * size, a layout of the whole page: done at startup, it overlaps the host preparing its first answers
   * instead of delaying the first view.
   */
  attach(): void {
    this.virtualizer._willUpdate();
  }

  /**
   * A new view (first load, new filter, reload): forget every row and start over at the top, or at the
   * end with the rows already at hand there (the first view the page carried).
   */
  reset(total: number, atEnd?: { offset: number; rows: EventRow[] }): void {
    this.cache.reset(total);
    if (atEnd !== undefined) this.cache.seed(atEnd.offset, atEnd.rows);
    this.shown.clear();
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: total });
    this.virtualizer._willUpdate();
    if (atEnd !== undefined && this.scrollToEnd()) return;
    if (this.virtualizer.scrollOffset !== 0) {
      // Writing scrollTop lays the page out; the offset the virtualizer last saw is enough to skip it at the top.
      this.element.scrollTop = 0;
    }
    this.render();
  }

  /**
   * Scrolls to the end of a fresh view. The rows are rendered by the scroll event this causes, which comes
   * before the next frame: rendering now would still see the old offset and ask for rows at the top.
   * False when there is nothing to scroll.
   */
  private scrollToEnd(): boolean {
    const height = this.virtualizer.scrollRect?.height ?? 0;
    const end = Math.max(0, this.virtualizer.getTotalSize() - height);
    if (height <= 0 || end === 0) return false;
    this.setSpacerHeight(this.virtualizer.getTotalSize());
    this.element.scrollTop = end;
    // Should the scroll event not come (the view hidden, say), the next frame renders anyway.
    requestAnimationFrame(() => this.render());
    return true;
  }

  /** The first page of rows, asked for before the view's size is known (see RowCache.prefetch). */
  prefetch(): RowRequest {
    return this.cache.prefetch();
  }

  acceptRows(requestId: number, offset: number, rows: EventRow[], total?: number): void {
    if (this.cache.accept(requestId, offset, rows, total)) this.render();
  }

  /** Marks the selected event; `position` is its place in the view (-1 when the filter hides it). */
  setSelected(index: number, position: number): void {
    this.selectedIndex = index;
    // Scrolling forces a layout; a row already fully on screen needs none (what align 'auto' would do).
    if (position >= 0 && !this.fullyVisible(position)) this.virtualizer.scrollToIndex(position, { align: 'auto' });
    this.render();
  }

  focus(): void {
    this.element.focus();
  }

  dispose(): void {
    this.unmount();
  }

  /** From the virtualizer's last observed scroll offset and size: reads no layout. */
  private fullyVisible(position: number): boolean {
    const offset = this.virtualizer.scrollOffset;
    const height = this.virtualizer.scrollRect?.height;
    if (offset === null || height === undefined || height <= 0) return false;
    const start = position * ROW_HEIGHT;
    return start > offset && start + ROW_HEIGHT < offset + height;
  }

  /** Patches the rows on screen: unchanged rows keep their elements, only moved or new ones are touched. */
  private render(): void {
    const items = this.virtualizer.getVirtualItems();
    this.setSpacerHeight(this.virtualizer.getTotalSize());
    if (items.length > 0) {
      for (const request of this.cache.request(items[0].index, items[items.length - 1].index)) {
        this.callbacks.requestRows(request);
      }
    }
    const shown = new Map<number, ShownRow>();
    const elements: HTMLDivElement[] = [];
    let same = items.length === this.shown.size;
    for (const item of items) {
      const row = this.cache.get(item.index);
      let entry = this.shown.get(item.index);
      if (entry === undefined || entry.row !== row) {
        same = false;
        entry = { row, element: row ? this.renderRow(row) : el('div', { className: 'event-row-placeholder', text: '…' }), start: -1, selected: false };
        if (row) entry.selected = row.index === this.selectedIndex;
      } else if (row) {
        this.updateSelected(entry, row);
      }
      if (entry.start !== item.start) {
        entry.start = item.start;
        entry.element.style.transform = `translateY(${item.start}px)`;
      }
      shown.set(item.index, entry);
      elements.push(entry.element);
    }
    if (same) {
      const children = this.spacer.children;
      same = children.length === elements.length && elements.every((element, i) => children[i] === element);
    }
    this.shown = shown;
    if (!same) this.spacer.replaceChildren(...elements);
    if (!this.rowsShown && items.some((item) => shown.get(item.index)?.row !== undefined)) {
      this.rowsShown = true;
      this.callbacks.firstRowsShown();
    }
  }

  private setSpacerHeight(height: number): void {
    if (height === this.spacerHeight) return;
    this.spacerHeight = height;
    this.spacer.style.height = `${height}px`;
  }

  private updateSelected(entry: ShownRow, row: EventRow): void {
    const selected = row.index === this.selectedIndex;
    if (selected === entry.selected) return;
    entry.selected = selected;
    entry.element.classList.toggle('selected', selected);
    entry.element.setAttribute('aria-selected', String(selected));
    if (selected) this.element.setAttribute('aria-activedescendant', entry.element.id);
  }

  private renderRow(row: EventRow): HTMLDivElement {
    const selected = row.index === this.selectedIndex;
    const marker = el('span', { className: 'row-marker' });
    if (row.warning !== undefined) {
      marker.append(icon('warning', row.warning));
      marker.title = row.warning;
    } else if (row.snapshot) {
      marker.append(icon('snapshot', 'Snapshot at this version'));
      marker.title = 'Snapshot at this version';
    }
    const element = el(
      'div',
      {
        id: `event-row-${row.index}`,
        className: `event-row${selected ? ' selected' : ''}${row.warning !== undefined ? ' has-warning' : ''}${row.snapshot ? ' has-snapshot' : ''}`,
        attributes: { role: 'option', 'data-index': String(row.index), 'aria-selected': String(selected) },
      },
      [
        marker,
        el('span', { className: 'row-version', text: row.version === null ? `#${row.index + 1}` : String(row.version) }),
        el('span', { className: 'row-type', text: row.type }),
        el('span', { className: 'row-summary', text: row.summary }),
        el('span', { className: 'row-time', text: formatListTime(row.timestamp), title: row.timestamp }),
      ],
    );
    if (selected) this.element.setAttribute('aria-activedescendant', element.id);
    return element;
  }

  private onClick(event: MouseEvent): void {
    const row = event.target instanceof Element ? event.target.closest('.event-row') : null;
    const index = Number(row?.getAttribute('data-index'));
    if (row !== null && Number.isInteger(index)) this.callbacks.select(index);
  }

  private onKeyDown(event: KeyboardEvent): void {
    const action = KEY_ACTIONS[event.key];
    if (action === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    this.callbacks.key(action);
  }
}
