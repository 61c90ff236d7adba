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
}

const KEY_ACTIONS: Record<string, ListKeyAction> = {
  ArrowUp: 'previous',
  ArrowDown: 'next',
  Home: 'first',
  End: 'last',
  ' ': 'toggle-play',
};

export class EventList {
  readonly element: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly cache = new RowCache();
  private readonly virtualizer: Virtualizer<HTMLDivElement, HTMLDivElement>;
  private readonly unmount: () => void;
  private selectedIndex: number | null = null;

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

  /** A new view (first load, new filter, reload): forget every row and start over at the top. */
  reset(total: number): void {
    this.cache.reset(total);
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: total });
    this.virtualizer._willUpdate();
    this.element.scrollTop = 0;
    this.render();
  }

  acceptRows(requestId: number, offset: number, rows: EventRow[]): void {
    if (this.cache.accept(requestId, offset, rows)) this.render();
  }

  /** Marks the selected event; `position` is its place in the view (-1 when the filter hides it). */
  setSelected(index: number, position: number): void {
    this.selectedIndex = index;
    if (position >= 0) this.virtualizer.scrollToIndex(position, { align: 'auto' });
    this.render();
  }

  focus(): void {
    this.element.focus();
  }

  dispose(): void {
    this.unmount();
  }

  private render(): void {
    const items = this.virtualizer.getVirtualItems();
    this.spacer.style.height = `${this.virtualizer.getTotalSize()}px`;
    if (items.length > 0) {
      for (const request of this.cache.request(items[0].index, items[items.length - 1].index)) {
        this.callbacks.requestRows(request);
      }
    }
    const rows = items.map((item) => {
      const row = this.cache.get(item.index);
      const element = row ? this.renderRow(row) : el('div', { className: 'event-row-placeholder', text: '…' });
      element.style.transform = `translateY(${item.start}px)`;
      return element;
    });
    this.spacer.replaceChildren(...rows);
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
