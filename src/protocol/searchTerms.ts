/**
 * The search view's query as words and as a term the sources read, apart from the messages so that the
 * page can check what is typed without carrying the schema library: the kinds of query, and what is wrong
 * with a query or a window, in words the page shows.
 */

/** What the query box searches for; `header` is `name=value`. */
export const SEARCH_KINDS = ['eventId', 'correlationId', 'traceId', 'key', 'eventType', 'header', 'text'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SEARCH_KIND_LABELS: Record<SearchKind, string> = {
  eventId: 'Event id',
  correlationId: 'Correlation id',
  traceId: 'Trace id',
  key: 'Key',
  eventType: 'Event type',
  header: 'Header name=value',
  text: 'Text',
};

/** The longest query the host accepts. */
export const MAX_SEARCH_TEXT = 2000;

/** A query as the sources read it (the same shape as the search seam's predicate). */
export type SearchTerm = { field: Exclude<SearchKind, 'header'>; value: string } | { field: 'header'; key: string; value: string };

export type ParsedTerm = { ok: true; term: SearchTerm } | { ok: false; problem: string };

/**
 * The query box's words as a term, or what is wrong with them: the text is trimmed; a header is
 * `name=value` split at the first `=` (the value may be empty, the name may not); a trace id is 32 or 16
 * hexadecimal digits, or a whole `traceparent` whose trace id is taken.
 */
export function parseSearchTerm(kind: SearchKind, typed: string): ParsedTerm {
  const text = typed.trim();
  const label = SEARCH_KIND_LABELS[kind];
  if (text === '') return { ok: false, problem: kind === 'header' ? 'Type a header as name=value, e.g. event-type=OrderPlaced.' : `Type the ${label.toLowerCase()} to search for.` };
  if (text.length > MAX_SEARCH_TEXT) return { ok: false, problem: `The ${label.toLowerCase()} is ${text.length} characters long; at most ${MAX_SEARCH_TEXT} are searched.` };
  if (kind === 'header') {
    const equals = text.indexOf('=');
    if (equals < 0) return { ok: false, problem: `A header search is name=value, e.g. event-type=OrderPlaced; "${shorten(text)}" has no "=".` };
    const key = text.slice(0, equals).trim();
    if (key === '') return { ok: false, problem: `The header name before "=" is empty in "${shorten(text)}".` };
    return { ok: true, term: { field: 'header', key, value: text.slice(equals + 1).trim() } };
  }
  if (kind === 'traceId') {
    const traceparent = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/i.exec(text);
    const id = traceparent ? traceparent[1] : text;
    if (!/^(?:[\da-f]{32}|[\da-f]{16})$/i.test(id)) return { ok: false, problem: `A trace id is 32 hexadecimal digits (W3C traceparent) or 16 (B3); "${shorten(text)}" is not.` };
    return { ok: true, term: { field: 'traceId', value: id.toLowerCase() } };
  }
  return { ok: true, term: { field: kind, value: text } };
}

/** The window's problem, if any: either end may be open, but it cannot end before it starts. */
export function windowProblem(from: number | undefined, to: number | undefined): string | undefined {
  if (from !== undefined && to !== undefined && to <= from) return 'The time window ends before it starts: make "to" later than "from".';
  return undefined;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
