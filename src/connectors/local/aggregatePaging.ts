/** One page of a sorted id list, after a cursor and within a prefix, found by binary search. */
import type { ListAggregatesOptions } from '../eventStore';

const DEFAULT_LIMIT = 100;

export interface IdPage {
  ids: string[];
  /** The last id of this page, when more ids follow. */
  next?: string;
}

export function pageOfIds(sortedIds: readonly string[], options: Pick<ListAggregatesOptions, 'after' | 'limit' | 'idPrefix'>): IdPage {
  const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT));
  const prefix = options.idPrefix ?? '';
  let start = firstIndexAtOrAbove(sortedIds, prefix);
  if (options.after !== undefined) start = Math.max(start, firstIndexAbove(sortedIds, options.after));
  const ids: string[] = [];
  let i = start;
  for (; i < sortedIds.length && ids.length < limit; i++) {
    if (!sortedIds[i].startsWith(prefix)) break;
    ids.push(sortedIds[i]);
  }
  const more = i < sortedIds.length && sortedIds[i].startsWith(prefix);
  return more ? { ids, next: ids[ids.length - 1] } : { ids };
}

function firstIndexAtOrAbove(ids: readonly string[], value: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ids[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function firstIndexAbove(ids: readonly string[], value: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ids[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
