/**
 * The timeline's event list: the shared virtual list over `EventRow`s, keyed by stream index, with the
 * timeline's row (marker, version, type, summary, time) and its keys (arrows, Home, End, space).
 */
import type { EventRow } from '../../src/protocol/timeline';
import { el, formatListTime } from '../shared/dom';
import { icon } from '../shared/icons';
import type { RowRequest } from '../shared/rowCache';
import { VirtualList } from '../shared/virtualList';

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

export type EventList = VirtualList<EventRow>;

export function createEventList(callbacks: EventListCallbacks): EventList {
  const list = new VirtualList<EventRow>({
    id: 'event-list',
    className: 'event-list',
    label: 'Events',
    rowHeight: ROW_HEIGHT,
    keyOf: (row) => row.index,
    renderRow,
    renderPlaceholder: () => el('div', { className: 'event-row-placeholder', text: '…' }),
    select: (index) => callbacks.select(index),
    requestRows: (request) => callbacks.requestRows(request),
    firstRowsShown: () => callbacks.firstRowsShown(),
  });
  list.element.addEventListener('keydown', (event) => {
    const action = KEY_ACTIONS[event.key];
    if (action === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    callbacks.key(action);
  });
  return list;
}

function renderRow(row: EventRow, selected: boolean): HTMLElement {
  const marker = el('span', { className: 'row-marker' });
  if (row.warning !== undefined) {
    marker.append(icon('warning', row.warning));
    marker.title = row.warning;
  } else if (row.notApplied !== undefined) {
    const title = `not applied: ${row.notApplied}, state unchanged`;
    marker.append(icon('warning', title));
    marker.title = title;
  } else if (row.notReplayed !== undefined) {
    marker.append(icon('warning', row.notReplayed));
    marker.title = row.notReplayed;
  } else if (row.snapshot) {
    marker.append(icon('snapshot', 'Snapshot at this version'));
    marker.title = 'Snapshot at this version';
  }
  return el(
    'div',
    {
      id: `event-row-${row.index}`,
      className: `event-row${selected ? ' selected' : ''}${row.warning !== undefined ? ' has-warning' : ''}${row.notApplied !== undefined ? ' not-applied' : ''}${row.notReplayed !== undefined ? ' not-replayed' : ''}${row.snapshot ? ' has-snapshot' : ''}`,
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
}
