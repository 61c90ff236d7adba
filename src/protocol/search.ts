/**
 * The messages between the extension and the search view (Search Across Systems): the host plans every
 * source of every connection (what reading each does, which are refused), the page shows that plan and a
 * query (its kind, the text, a time window), the host reads the sources the user ticked and streams how
 * each answers; the found events stay on the host, in time order, and the page asks for pages of rows.
 * What the webview sends is checked with `parseSearchMessage` before use; the query's words are read by
 * `parseSearchTerm` (`searchTerms.ts`, free of the schema library) on both sides: the page, to say what is
 * wrong before posting; the host, again.
 */
import * as v from 'valibot';
import { MAX_SEARCH_TEXT, SEARCH_KINDS, type SearchKind } from './searchTerms';
import { boundedString, indexSchema, parseMessage, readyMessageSchema, rowRequestMessageSchema, type ErrorMessage, type NoticeMessage, type ParsedMessage, type RowsMessage } from './common';

/** What reading one source does, and how it answered this search. */
export interface SearchSourceView {
  /** Its place in the plan: what the page ticks and posts. */
  index: number;
  /** The same source in the next plan, after a window reload too (its connection's id and its name). */
  id: string;
  /** Connection › topic, queue or store. */
  label: string;
  /** What reading it does, in a sentence (the read plan). */
  plan: string;
  /** Reading it changes something others see (a classic queue's peek): unticked unless the user ticks it. */
  changesState: boolean;
  /** Why it is left out whatever the user ticks (messages at their delivery limit, …). */
  refused?: string;
  state: 'planned' | 'reading' | 'answered' | 'failed' | 'stopped';
  /** Records or events looked at so far. */
  scanned: number;
  found: number;
  /** Once answered: what the read did and its notes; failed: why. */
  detail: string;
}

/** Connections that could not be opened, with why. */
export interface SearchLeftOut {
  label: string;
  reason: string;
}

export interface SearchView {
  /** The plan is being made (connections opened, sources listed). */
  planning: boolean;
  /** Changes each time the plan is made again: the page takes its ticks afresh. */
  planVersion: number;
  sources: SearchSourceView[];
  leftOut: SearchLeftOut[];
  /** Sources are still being read. */
  running: boolean;
  /** Changes with each search: the page drops the rows it holds. */
  searchVersion: number;
  /** Rows found so far (held on the host, in time order). */
  total: number;
  /** One line: what is being done, or what the last search found. */
  status: string;
}

/** One result: when, where, what and its ids. Text from brokers, shown as text. */
export interface SearchRow {
  /** Stable for the search (the order it arrived in): what the page opens and traces by. */
  key: number;
  /** The event's own time (ISO 8601); empty when it has none. */
  time: string;
  /** The connection it was found in. */
  system: string;
  /** The kind of system (`kafka`, `rabbitmq`, `local`, …). */
  kind: string;
  /** Topic/partition/offset, exchange → queue, store › aggregate vN. */
  place: string;
  type: string;
  eventId: string;
  correlationId?: string;
  traceId?: string;
}

/** What the page fills the query box with when it opens (Find Events by Correlation Id…). */
export interface SearchPrefill {
  kind: SearchKind;
  text: string;
}

export type SearchToWebview = { type: 'view'; view: SearchView } | { type: 'prefill'; prefill: SearchPrefill } | RowsMessage<SearchRow> | ErrorMessage | NoticeMessage;

/** The most sources one search may name. */
export const MAX_SEARCH_SOURCES = 10_000;

/** A window end: ms since the epoch, within what a Date holds. */
function timeSchema() {
  return v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8_640_000_000_000_000));
}

export const searchMessageSchema = v.variant('type', [
  readyMessageSchema(),
  rowRequestMessageSchema(),
  v.strictObject({
    type: v.literal('search'),
    kind: v.picklist(SEARCH_KINDS),
    text: boundedString(MAX_SEARCH_TEXT * 2),
    from: v.optional(timeSchema()),
    to: v.optional(timeSchema()),
    sources: v.pipe(v.array(indexSchema()), v.maxLength(MAX_SEARCH_SOURCES)),
  }),
  v.strictObject({ type: v.literal('cancel') }),
  v.strictObject({ type: v.literal('plan') }),
  v.strictObject({ type: v.literal('open'), key: indexSchema() }),
  v.strictObject({ type: v.literal('trace'), key: indexSchema() }),
]);

export type SearchToHost = v.InferOutput<typeof searchMessageSchema>;

export function parseSearchMessage(raw: unknown): ParsedMessage<SearchToHost> {
  return parseMessage(searchMessageSchema, raw);
}

/** What the page carries, so it draws the plan (or "planning") before the host answers `ready`. */
export interface SearchFirstView {
  view: SearchView;
  prefill?: SearchPrefill;
  /** A view restored after a reload: the query, window and ticks it had (what the page saved). */
  restored?: SearchState;
}

/**
 * What the page keeps with `setState`, and what VS Code hands back to the panel serializer after a window
 * reload: the query, the window, the sources ticked (by `SearchSourceView.id`), and whether it was searched.
 */
export interface SearchState {
  kind: SearchKind;
  text: string;
  /** The window's ends (ms since the epoch); an end left out is open. */
  window: { from?: number; to?: number };
  sources: string[];
  /** Search was pressed for this query: after a reload the host may run it again. */
  searched: boolean;
}

/** The longest source id a saved state may carry. */
const MAX_SOURCE_ID = 2_000;

const searchStateSchema = v.object({
  kind: v.picklist(SEARCH_KINDS),
  text: boundedString(MAX_SEARCH_TEXT * 2),
  window: v.object({ from: v.optional(timeSchema()), to: v.optional(timeSchema()) }),
  sources: v.pipe(v.array(boundedString(MAX_SOURCE_ID)), v.maxLength(MAX_SEARCH_SOURCES)),
  searched: v.boolean(),
});

/** Checks a restored webview state; undefined when it is missing or not one of ours. */
export function parseSearchState(raw: unknown): SearchState | undefined {
  const result = v.safeParse(searchStateSchema, raw);
  return result.success ? result.output : undefined;
}

/** A source's id in every plan: its connection's id and its name. */
export function searchSourceId(connectionId: string, source: string): string {
  return JSON.stringify([connectionId, source]);
}
