/**
 * What a search found, held on the host: every event with where it was found, in time order (an event
 * without a time after those with one), at most MAX_SEARCH_ROWS; the page asks for rows a page at a time.
 * A row's key is the order the event arrived in, so it names the same event while later answers are merged
 * in around it.
 */
import type { FoundEvent } from '../../core/flow/flowTypes';
import { nodeOf } from '../../core/flow/flowNode';
import type { SearchRow } from '../../protocol/search';

/** The most events one search holds; what arrives after is counted, not kept. */
export const MAX_SEARCH_ROWS = 100_000;

export class SearchResults {
  private found: FoundEvent[] = [];
  /** Keys in time order. */
  private order: number[] = [];
  private times: number[] = [];
  private cut = 0;

  constructor(private readonly capacity = MAX_SEARCH_ROWS) {}

  get size(): number {
    return this.order.length;
  }

  /** Events found but not kept (past the capacity). */
  get dropped(): number {
    return this.cut;
  }

  clear(): void {
    this.found = [];
    this.order = [];
    this.times = [];
    this.cut = 0;
  }

  /** Merges one source's answer in time order; returns how many were kept. */
  add(events: readonly FoundEvent[]): number {
    const room = Math.max(0, this.capacity - this.found.length);
    const kept = events.slice(0, room);
    this.cut += events.length - kept.length;
    if (kept.length === 0) return 0;
    const added: number[] = [];
    for (const found of kept) {
      const key = this.found.length;
      this.found.push(found);
      const time = Date.parse(found.event.timestamp);
      this.times.push(Number.isNaN(time) ? Infinity : time);
      added.push(key);
    }
    // Stable: equal times keep the order they arrived in.
    added.sort((a, b) => this.times[a] - this.times[b] || a - b);
    const merged: number[] = new Array<number>(this.order.length + added.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < this.order.length && j < added.length) merged[k++] = this.times[added[j]] < this.times[this.order[i]] ? added[j++] : this.order[i++];
    while (i < this.order.length) merged[k++] = this.order[i++];
    while (j < added.length) merged[k++] = added[j++];
    this.order = merged;
    return kept.length;
  }

  /** The found event a row's key names. */
  get(key: number): FoundEvent | undefined {
    return this.found[key];
  }

  /** `count` rows from `offset` in time order (none past the end). */
  rows(offset: number, count: number): SearchRow[] {
    return this.order.slice(offset, offset + count).map((key) => searchRowOf(key, this.found[key]));
  }
}

/** A found event as the table shows it: its place as the flow view names it. */
export function searchRowOf(key: number, found: FoundEvent): SearchRow {
  const node = nodeOf(found);
  return {
    key,
    time: node.time === undefined ? '' : found.event.timestamp,
    system: found.connectionLabel,
    kind: found.event.source.system,
    place: node.place,
    type: node.type,
    eventId: node.eventId,
    ...(node.correlationId === undefined ? {} : { correlationId: node.correlationId }),
    ...(node.traceId === undefined ? {} : { traceId: node.traceId }),
  };
}
