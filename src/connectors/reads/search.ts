/**
 * Search as one read over many sources: a time window, a predicate and a limit per source. Each connector
 * pushes down what it can (offset-for-time seeks, header checks before decoding, store indexes) and says
 * in `notes` what it could not; `matchesSearch` is the one definition of a match every connector ends with.
 */
import type { EventHeader, FlowEvent } from '../../core/envelope';
import { DEFAULT_IDENTITY_RULES, readIdentityField, type IdentityRules } from '../../core/identity';
import type { ReadOutcome } from './readPlan';

export type SearchField = 'correlationId' | 'traceId' | 'eventId' | 'key' | 'eventType' | 'text';

export type SearchPredicate = { field: SearchField; value: string } | { field: 'header'; key: string; value: string };

/** Milliseconds since the epoch; either end may be open. `to` is exclusive. */
export interface SearchWindow {
  from?: number;
  to?: number;
}

export interface SourceSearchRequest {
  /** A topic, a queue, or (for an event store) its label. */
  source: string;
  window: SearchWindow;
  predicate: SearchPredicate;
  /** The most matches this source returns. */
  limit: number;
  signal?: AbortSignal;
  /** Records or events looked at so far. */
  onProgress?: (scanned: number) => void;
}

export interface SourceSearchResult {
  source: string;
  events: FlowEvent[];
  /** Records or events looked at (after pushdown: what the source actually handed over). */
  scanned: number;
  /** True when the whole window was searched (not cut short by the limit or a scan bound). */
  complete: boolean;
  /** What the read did to the source. */
  outcome: ReadOutcome;
  /** What could not be pushed down, or anything else the reader should know (no index, a bound hit). */
  notes: string[];
  /** Fields the store asked its server for that no index covers; set only by a store that can index them (`SearchIndexing`). */
  unindexed?: string[];
}

/** A store that can create the indexes a search lacked (`SourceSearchResult.unindexed`), so the next one is a lookup. */
export interface SearchIndexing {
  /** Creates an index on each field not yet covered; returns the fields it indexed. */
  createSearchIndexes(fields: readonly string[], signal?: AbortSignal): Promise<string[]>;
}

export function canIndexSearch(value: object): value is SearchIndexing {
  return typeof (value as Partial<SearchIndexing>).createSearchIndexes === 'function';
}

/** What a store offers when it can answer a search better than a scan (an index, a server query). */
export interface Searchable {
  search(request: SourceSearchRequest): Promise<SourceSearchResult>;
}

export function isSearchable(value: object): value is Searchable {
  return typeof (value as Partial<Searchable>).search === 'function';
}

/** The event's time as ms, or undefined when it has none (an AMQP message published without a timestamp). */
export function eventTime(event: FlowEvent): number | undefined {
  const ms = Date.parse(event.timestamp);
  return Number.isNaN(ms) ? undefined : ms;
}

/** In the window; an event without a time is kept (the window cannot exclude what it cannot place). */
export function inWindow(event: FlowEvent, window: SearchWindow): boolean {
  const ms = eventTime(event);
  if (ms === undefined) return true;
  return (window.from === undefined || ms >= window.from) && (window.to === undefined || ms < window.to);
}

/** The one definition of a match. */
export function matchesSearch(event: FlowEvent, predicate: SearchPredicate): boolean {
  switch (predicate.field) {
    case 'correlationId':
      return event.metadata.correlationId === predicate.value;
    case 'traceId':
      return event.metadata.traceId === predicate.value.toLowerCase();
    case 'eventId':
      return event.id === predicate.value;
    case 'eventType':
      return event.type === predicate.value;
    case 'key': {
      const source = event.source as { key?: string; routingKey?: string };
      return event.aggregateId === predicate.value || source.key === predicate.value || source.routingKey === predicate.value;
    }
    case 'header':
      return (event.metadata.headers ?? []).some((h) => h.key === predicate.key && h.value === predicate.value);
    case 'text': {
      const needle = predicate.value.toLowerCase();
      const text = event.payload !== undefined ? event.payload.preview : typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
      return text.toLowerCase().includes(needle) || event.id.toLowerCase().includes(needle) || event.type.toLowerCase().includes(needle);
    }
  }
}

/**
 * A verdict from headers alone, before a body is decoded: `reject` when the headers already name an id that
 * differs (the identity reader takes headers before the body, so the body cannot change it), `decode` when
 * they cannot decide. Used by brokers whose records carry headers apart from the value.
 */
export function headerVerdict(headers: readonly EventHeader[] | undefined, predicate: SearchPredicate, rules?: IdentityRules): 'reject' | 'decode' {
  return headerCheck(predicate, rules)(headers);
}

/**
 * Whether a record's headers can answer the predicate for the whole record (the `reject` of `headerCheck`):
 * for the id fields only when every header place comes before any body place.
 */
export function headersDecide(predicate: SearchPredicate, rules: IdentityRules = DEFAULT_IDENTITY_RULES): boolean {
  if (predicate.field === 'header') return true;
  const field = predicate.field;
  if (field !== 'correlationId' && field !== 'traceId' && field !== 'eventId') return false;
  const places = rules[field];
  const firstBody = places.findIndex((p) => p.startsWith('body:'));
  const lastHeader = places.reduce((last, p, i) => (p.startsWith('body:') ? last : i), -1);
  return !(firstBody >= 0 && firstBody < lastHeader);
}

/** `headerVerdict` for one search, its rules looked at once: what a scan calls on every record. */
export function headerCheck(predicate: SearchPredicate, rules: IdentityRules = DEFAULT_IDENTITY_RULES): (headers: readonly EventHeader[] | undefined) => 'reject' | 'decode' {
  if (predicate.field === 'header') {
    const { key, value } = predicate;
    return (headers) => ((headers ?? []).some((h) => h.key === key && h.value === value) ? 'decode' : 'reject');
  }
  const field = predicate.field;
  if (!headersDecide(predicate, rules)) return () => 'decode';
  if (field !== 'correlationId' && field !== 'traceId' && field !== 'eventId') return () => 'decode';
  const wanted = field === 'traceId' ? predicate.value.toLowerCase() : predicate.value;
  return (headers) => {
    if (headers === undefined || headers.length === 0) return 'decode';
    const found = readIdentityField(field, { headers }, rules);
    if (found === undefined) return 'decode';
    return found === wanted ? 'decode' : 'reject';
  };
}
