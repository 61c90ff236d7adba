/**
 * The results: the shared virtual list over `SearchRow`s (only the rows on screen in the DOM, pages asked
 * of the host, which keeps them all in time order), one grid row per event: time, system, place, type and
 * ids, and a Trace button. Every value is text (`textContent`): it comes from brokers and stores.
 */
import type { SearchRow } from '../../src/protocol/search';
import { el, formatTimestamp } from '../shared/dom';
import type { RowRequest } from '../shared/rowCache';
import { VirtualList } from '../shared/virtualList';

/** The stylesheet's `.result-row` height. */
const ROW_HEIGHT = 22;

export interface ResultTableCallbacks {
  open(key: number): void;
  trace(key: number): void;
  requestRows(request: RowRequest): void;
}

export const RESULT_COLUMNS = ['Time (UTC)', 'System', 'Place', 'Type', 'Ids', ''];

export function resultHeader(): HTMLElement {
  return el(
    'div',
    { className: 'result-row result-header', attributes: { role: 'row' } },
    RESULT_COLUMNS.map((title) => el('span', { className: 'cell', text: title, attributes: { role: 'columnheader' } })),
  );
}

export function createResultTable(callbacks: ResultTableCallbacks): VirtualList<SearchRow> {
  let list: VirtualList<SearchRow> | undefined = undefined;
  list = new VirtualList<SearchRow>({
    id: 'result-list',
    className: 'result-list',
    label: 'Events found',
    rowHeight: ROW_HEIGHT,
    keyOf: (row) => row.key,
    renderRow: (row, selected) => renderRow(row, selected, callbacks),
    renderPlaceholder: () => el('div', { className: 'result-row placeholder', text: '…' }),
    select: (key) => {
      list?.setSelected(key, -1);
      callbacks.open(key);
    },
    requestRows: (request) => callbacks.requestRows(request),
    firstRowsShown: () => undefined,
  });
  return list;
}

function renderRow(row: SearchRow, selected: boolean, callbacks: ResultTableCallbacks): HTMLElement {
  const ids = [`id ${row.eventId}`, ...(row.correlationId === undefined ? [] : [`correlation ${row.correlationId}`]), ...(row.traceId === undefined ? [] : [`trace ${row.traceId}`])].join(' · ');
  const trace = el('button', { className: 'row-trace', text: 'Trace', title: "Trace this event's flow across every connection", attributes: { type: 'button', 'data-key': String(row.key) } });
  trace.addEventListener('click', (event) => {
    // Not also an open: the list's own click handler would take it for a click on the row.
    event.stopPropagation();
    callbacks.trace(row.key);
  });
  return el(
    'div',
    { id: `result-${row.key}`, className: selected ? 'result-row selected' : 'result-row', attributes: { role: 'option', 'aria-selected': String(selected), 'data-key': String(row.key), 'data-kind': row.kind } },
    [
      el('span', { className: 'cell time', text: row.time === '' ? 'no time' : formatTimestamp(row.time), title: row.time === '' ? 'The message carries no time' : row.time }),
      el('span', { className: 'cell system', text: row.system, title: `${row.system} (${row.kind})` }),
      el('span', { className: 'cell place', text: row.place, title: row.place }),
      el('span', { className: 'cell type', text: row.type, title: row.type }),
      el('span', { className: 'cell ids', text: ids, title: ids }),
      el('span', { className: 'cell actions' }, [trace]),
    ],
  );
}
