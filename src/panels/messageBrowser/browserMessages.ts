import type { RowsMessage } from '../../protocol/common';
import type { MessageRow } from '../../protocol/messageBrowser';
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
