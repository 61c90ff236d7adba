/**
 * The peeked messages as a table: a checkbox (on a DLQ: the selection, for redrive), then the columns of
 * `peekColumns.ts`. A click on a column's header sorts by it (again: the other way). Clicks and keys are
 * handed to the selection gestures (`shared/tableSelection.ts`), in the order shown; Enter or a double click
 * opens the focused message as a document.
 */
import type { PeekMessageView, PeekView } from '../../../src/protocol/rabbitmq/peek';
import { clear, el } from '../../shared/dom';
import type { SelectableRows } from '../../shared/tableSelection';
import { compareSortValues, PEEK_COLUMNS, type PeekColumn } from './peekColumns';

export interface PeekListEvents {
  /** A click on a row; `index` is its place in the order shown. */
  click(message: PeekMessageView, index: number, event: MouseEvent): void;
  /** The row's checkbox. */
  toggle(message: PeekMessageView, index: number): void;
  /** A key on the table that is not Enter; true when it was a selection gesture. */
  key(event: KeyboardEvent): boolean;
  isSelected(position: number): boolean;
  open(position: number): void;
  /** A new order: view positions name other rows now. */
  reordered(): void;
}

export class PeekList implements SelectableRows<PeekMessageView> {
  readonly element = el('div', { className: 'peek-list', attributes: { role: 'grid', 'aria-label': 'Peeked messages', 'aria-multiselectable': 'true', tabindex: '0' } });
  private readonly head = el('tr');
  private readonly rows = el('tbody');
  private view: PeekView | undefined;
  private order: PeekMessageView[] = [];
  private sort: { column: PeekColumn['id']; direction: 1 | -1 } = { column: 'position', direction: 1 };
  private selected: number | null = null;

  constructor(private readonly events: PeekListEvents) {
    this.element.append(el('table', { className: 'peek-grid' }, [el('thead', {}, [this.head]), this.rows]));
    this.head.append(el('th', { className: 'peek-check-cell' }));
    for (const column of PEEK_COLUMNS) {
      const th = el('th', { className: `peek-col-${column.id}${column.numeric ? ' numeric' : ''}`, attributes: { scope: 'col' } });
      if (column.sortValue) {
        const button = el('button', { className: 'peek-sort', text: column.label, attributes: { type: 'button', 'data-column': column.id, title: `Sort by ${column.label === '#' ? 'position' : column.label}` } });
        button.addEventListener('click', () => this.sortBy(column.id));
        th.append(button);
      }
      this.head.append(th);
    }
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    // Shift-click extends the selection, not the page's text selection.
    this.element.addEventListener('mousedown', (event) => {
      if (event.shiftKey) event.preventDefault();
    });
  }

  get count(): number {
    return this.order.length;
  }

  rowAt(index: number): PeekMessageView | undefined {
    return this.order[index];
  }

  reveal(index: number): void {
    this.rows.querySelectorAll('.peek-row')[index]?.scrollIntoView({ block: 'nearest' });
  }

  setFocused(row: PeekMessageView): void {
    this.highlight(row.position);
  }

  show(view: PeekView): void {
    this.view = view;
    this.render();
  }

  /** The positions in the order the table shows them. */
  shownPositions(): number[] {
    return this.order.map((m) => m.position);
  }

  /** Marks the focused row (the one the detail shows) and scrolls to it; the selection is marked again. */
  highlight(position: number | null): void {
    this.selected = position;
    this.refreshSelection();
    for (const row of this.rows.querySelectorAll('.peek-row')) {
      const on = row.getAttribute('data-position') === String(position);
      row.classList.toggle('focused', on);
      if (on) {
        this.element.setAttribute('aria-activedescendant', row.id);
        row.scrollIntoView({ block: 'nearest' });
      }
    }
  }

  /** Marks the selected rows (class, aria-selected, checkbox) after the selection changed. */
  refreshSelection(): void {
    for (const row of this.rows.querySelectorAll<HTMLTableRowElement>('.peek-row')) {
      const on = this.events.isSelected(Number(row.getAttribute('data-position')));
      row.classList.toggle('selected', on);
      row.setAttribute('aria-selected', String(on));
      const box = row.querySelector('input');
      if (box) box.checked = on;
    }
  }

  private sortBy(column: PeekColumn['id']): void {
    this.sort = this.sort.column === column ? { column, direction: this.sort.direction === 1 ? -1 : 1 } : { column, direction: 1 };
    this.render();
    this.events.reordered();
  }

  private render(): void {
    const view = this.view;
    if (!view) return;
    const column = PEEK_COLUMNS.find((c) => c.id === this.sort.column);
    const key = column?.sortValue;
    this.order = [...view.messages];
    if (key) this.order.sort((a, b) => compareSortValues(key(a, view.readAt), key(b, view.readAt), this.sort.direction) || a.position - b.position);
    for (const th of this.head.querySelectorAll('th')) th.removeAttribute('aria-sort');
    this.head.querySelector(`.peek-col-${this.sort.column}`)?.setAttribute('aria-sort', this.sort.direction === 1 ? 'ascending' : 'descending');
    clear(this.rows);
    for (const message of this.order) this.rows.append(this.row(message, view));
    if (view.messages.length === 0) this.rows.append(el('tr', {}, [el('td', { className: 'muted', text: 'The queue holds no ready message.', attributes: { colspan: String(PEEK_COLUMNS.length + 1) } })]));
    this.highlight(this.selected);
  }

  private row(message: PeekMessageView, view: PeekView): HTMLTableRowElement {
    const box = el('input', { attributes: { type: 'checkbox', 'aria-label': `Select message ${message.position}` } });
    box.hidden = !view.dlq;
    box.addEventListener('click', (event) => {
      event.stopPropagation();
      this.events.toggle(message, this.order.indexOf(message));
    });
    const cells = PEEK_COLUMNS.map((column) => {
      const title = column.tooltip?.(message, view.readAt);
      return el('td', { className: `peek-col-${column.id}${column.numeric ? ' numeric' : ''}`, text: column.cell(message, view.readAt), ...(title === undefined ? {} : { title }) });
    });
    const row = el('tr', { className: 'peek-row', attributes: { role: 'row', id: `peek-row-${message.position}`, 'aria-selected': 'false', 'data-position': String(message.position) } }, [el('td', { className: 'peek-check-cell' }, [box]), ...cells]);
    row.addEventListener('click', (event) => this.events.click(message, this.order.indexOf(message), event));
    row.addEventListener('dblclick', () => this.events.open(message.position));
    return row;
  }

  private onKey(event: KeyboardEvent): void {
    // Keys on the sort buttons and checkboxes are theirs.
    if (event.target instanceof HTMLButtonElement || event.target instanceof HTMLInputElement) return;
    if (event.key === 'Enter') {
      if (this.selected !== null) this.events.open(this.selected);
    } else if (this.events.key(event)) {
      event.preventDefault();
    }
  }
}
