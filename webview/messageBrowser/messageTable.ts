/**
 * The table of browsed messages: the shared virtual list over `MessageRow`s (only the rows on screen in
 * the DOM, pages fetched from the host's store), one grid row per message.
 */
import type { MessageRow, MessageSort, SortColumn } from '../../src/protocol/messageBrowser';
import { el } from '../shared/dom';
import type { RowRequest } from '../shared/rowCache';
import { VirtualList } from '../shared/virtualList';

const ROW_HEIGHT = 22;
/** As the message documents name a missing value (the kind's source describer, which the webview may not import). */
const TOMBSTONE_TEXT = 'tombstone (null value)';

export interface MessageTableCallbacks {
  /** A row was clicked, at this place in the view. */
  select(row: MessageRow, position: number, event: MouseEvent): void;
  isSelected(row: MessageRow): boolean;
  open(index: number): void;
  requestRows(request: RowRequest): void;
  firstRowsShown(): void;
}

const COLUMNS: [SortColumn, string][] = [
  ['partition', 'Partition'],
  ['offset', 'Offset'],
  ['timestamp', 'Timestamp'],
  ['key', 'Key'],
  ['correlation', 'Correlation id'],
  ['headers', 'Headers'],
  ['size', 'Size'],
  ['value', 'Value'],
];

/** The column titles: each a button that sorts by its column (again: the other way round). */
export class TableHeader {
  readonly element: HTMLElement;
  private readonly cells = new Map<SortColumn, HTMLElement>();
  private current: MessageSort | undefined;

  constructor(sort: (next: MessageSort) => void) {
    this.element = el('div', { className: 'message-row message-header', attributes: { role: 'row' } });
    for (const [column, title] of COLUMNS) {
      const button = el('button', { id: `sort-${column}`, className: 'sort-button', text: title, title: `Sort by ${title.toLowerCase()} (again: the other way round)`, attributes: { type: 'button' } });
      button.addEventListener('click', () => sort({ column, descending: this.current?.column === column ? !this.current.descending : false }));
      const cell = el('span', { className: `cell ${column}`, attributes: { role: 'columnheader', 'aria-sort': 'none', 'data-column': column } }, [button]);
      this.cells.set(column, cell);
      this.element.append(cell);
    }
  }

  get sorted(): boolean {
    return this.current !== undefined;
  }

  show(sort: MessageSort | undefined): void {
    this.current = sort;
    for (const [column, cell] of this.cells) {
      const sorted = sort?.column === column;
      cell.setAttribute('aria-sort', sorted ? (sort.descending ? 'descending' : 'ascending') : 'none');
      cell.classList.toggle('sorted', sorted);
    }
  }
}

export function createMessageTable(callbacks: MessageTableCallbacks): VirtualList<MessageRow> {
  const list = new VirtualList<MessageRow>({
    id: 'message-list',
    className: 'message-list',
    label: 'Messages',
    rowHeight: ROW_HEIGHT,
    keyOf: (row) => row.index,
    renderRow,
    renderPlaceholder: () => el('div', { className: 'message-row placeholder', text: '…' }),
    select: (_index, position, event) => {
      const row = list.rowAt(position);
      if (row) callbacks.select(row, position, event);
    },
    isSelected: (row) => callbacks.isSelected(row),
    requestRows: (request) => callbacks.requestRows(request),
    firstRowsShown: () => callbacks.firstRowsShown(),
  });
  list.element.addEventListener('dblclick', (event) => {
    const row = event.target instanceof Element ? event.target.closest<HTMLElement>('.message-row') : null;
    const index = Number(row?.dataset.index);
    if (Number.isInteger(index)) callbacks.open(index);
  });
  return list;
}

function renderRow(row: MessageRow, selected: boolean): HTMLElement {
  const element = el(
    'div',
    { id: `message-${row.index}`, className: selected ? 'message-row selected' : 'message-row', attributes: { role: 'option', 'aria-selected': String(selected), 'data-index': String(row.index) } },
    [
      el('span', { className: 'cell partition', text: String(row.partition) }),
      el('span', { className: 'cell offset', text: row.offset }),
      el('span', { className: 'cell time', text: row.timestamp.replace('T', ' ').replace('Z', ''), title: `Record timestamp ${row.timestamp}` }),
      keyCell(row.key),
      correlationCell(row.correlationId),
      el('span', { className: 'cell headers', text: row.headers, title: row.headers }),
      el('span', { className: 'cell size', text: row.tombstone ? 'null' : formatBytes(row.size), title: row.tombstone ? 'No value (a tombstone)' : `${row.size.toLocaleString('en-US')} bytes` }),
      valueCell(row),
    ],
  );
  return element;
}

/** A value's size as people read it: 812 B, 4.2 KB, 1.5 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A null key and an empty key are different records (and partition differently): each says which it is. */
function keyCell(key: string | null): HTMLElement {
  if (key === null) return el('span', { className: 'cell key none', text: 'null key', title: 'The record has no key (null), not an empty one' });
  if (key === '') return el('span', { className: 'cell key none', text: 'empty key', title: 'The key is empty (0 bytes), not null' });
  return el('span', { className: 'cell key', text: key, title: key });
}

/** Found by the identity reader in the message's headers or body; whole on hover, the cell cut with an ellipsis. */
function correlationCell(id: string | undefined): HTMLElement {
  if (id === undefined) return el('span', { className: 'cell correlation none', text: '', title: 'No correlation id in the places eventFlows.identity names' });
  return el('span', { className: 'cell correlation', text: id, title: id });
}

/** A tombstone (null value) is not an empty value: compaction deletes its key. */
function valueCell(row: MessageRow): HTMLElement {
  if (row.tombstone) return el('span', { className: 'cell value none tombstone', text: TOMBSTONE_TEXT, title: 'The value is null: a tombstone (compaction deletes this key); not an empty value' });
  if (row.size === 0) return el('span', { className: 'cell value none', text: 'empty value', title: 'The value is empty (0 bytes), not null' });
  return el('span', { className: 'cell value', text: row.preview, title: `${row.size} bytes` });
}
