import type { RowsMessage } from '../../protocol/common';
import { MAX_RANGE_ROWS, type BrowserRangePositions, type MessagePosition, type MessageRow, type MessageSelection } from '../../protocol/messageBrowser';
import type { BrowseStore } from './browseStore';

/** The answer to a row request: the rows the store holds there (none past its end), with its size now. */
export function rowsReply(store: BrowseStore, request: { requestId: number; offset: number; count: number }): RowsMessage<MessageRow> {
  return { type: 'rows', requestId: request.requestId, offset: request.offset, total: store.size, rows: store.rows(request.offset, request.count) };
}

/** The row a webview message names, or a clear refusal (a tail dropped it, or it never was). */
export function rowNamed(store: BrowseStore, index: number): MessageRow {
  const found = store.byIndex(index);
  if (!found) throw new RangeError(`Row ${index} is not kept: the browse holds rows ${store.firstIndex} to ${store.firstIndex + store.size - 1}.`);
  return found;
}

/** The positions of the rows from view position `from` to `to` (either order, both included): what a shift-click selects. */
export function rangePositions(store: BrowseStore, request: { requestId: number; from: number; to: number }): BrowserRangePositions {
  const first = Math.min(request.from, request.to);
  const count = Math.min(MAX_RANGE_ROWS, Math.max(request.from, request.to) - first + 1);
  return { type: 'rangePositions', requestId: request.requestId, positions: store.positions(first, count) };
}

function positionKey(position: MessagePosition): string {
  return `${position.partition}:${position.offset}`;
}

/**
 * The positions a selection names: those it lists, or every row the browse holds now in view order except
 * those it lists. Each once.
 */
export function selectedPositions(store: BrowseStore, selection: MessageSelection): MessagePosition[] {
  const seen = new Set<string>();
  const once = (positions: readonly MessagePosition[], skip: ReadonlySet<string>) =>
    positions.filter((position) => {
      const key = positionKey(position);
      if (seen.has(key) || skip.has(key)) return false;
      seen.add(key);
      return true;
    });
  if ('positions' in selection) return once(selection.positions, new Set());
  return once(store.positions(0, store.size), new Set(selection.except.map(positionKey)));
}
