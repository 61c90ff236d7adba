/**
 * The table of browsed messages: the shared virtual list over `MessageRow`s (only the rows on screen in
 * the DOM, pages fetched from the host's store), one grid row per message.
 */
import type { MessageRow } from '../../src/protocol/messageBrowser';
import { el } from '../shared/dom';
import type { RowRequest } from '../shared/rowCache';
import { VirtualList } from '../shared/virtualList';

const ROW_HEIGHT = 22;
/** As the message documents name it (src/core/kafkaMessageText.ts, which the webview may not import). */
const TOMBSTONE_TEXT = 'tombstone (null value)';

export interface MessageTableCallbacks {
  select(index: number): void;
  open(index: number): void;
  requestRows(request: RowRequest): void;
  firstRowsShown(): void;
}

export function tableHeader(): HTMLElement {
  return el('div', { className: 'message-row message-header', attributes: { role: 'row' } }, [
    ...['Partition', 'Offset', 'Timestamp', 'Key', 'Headers', 'Value'].map((title) => el('span', { className: 'cell', text: title, attributes: { role: 'columnheader' } })),
  ]);
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
    select: (index) => callbacks.select(index),
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
      el('span', { className: 'cell headers', text: row.headers, title: row.headers }),
      valueCell(row),
    ],
  );
  return element;
}

/** A null key and an empty key are different records (and partition differently): each says which it is. */
function keyCell(key: string | null): HTMLElement {
  if (key === null) return el('span', { className: 'cell key none', text: 'null key', title: 'The record has no key (null), not an empty one' });
  if (key === '') return el('span', { className: 'cell key none', text: 'empty key', title: 'The key is empty (0 bytes), not null' });
  return el('span', { className: 'cell key', text: key, title: key });
}

/** A tombstone (null value) is not an empty value: compaction deletes its key. */
function valueCell(row: MessageRow): HTMLElement {
  if (row.tombstone) return el('span', { className: 'cell value none tombstone', text: TOMBSTONE_TEXT, title: 'The value is null: a tombstone (compaction deletes this key); not an empty value' });
  if (row.size === 0) return el('span', { className: 'cell value none', text: 'empty value', title: 'The value is empty (0 bytes), not null' });
  return el('span', { className: 'cell value', text: row.preview, title: `${row.size} bytes` });
}
