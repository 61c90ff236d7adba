/**
 * A trace as one search: the sources the user kept, read for the starting event's correlation id (and its
 * W3C trace id) in a window around it, each source's events handed over as it answers, the flow rebuilt
 * from all found so far. A source that fails says why and the others go on; cancelling is the search's own.
 */
import type { FlowEvent } from '../../core/envelope';
import { buildFlowTrace, MAX_TRACE_EVENTS } from '../../core/flow/flowTrace';
import type { FlowTrace, FoundEvent } from '../../core/flow/flowTypes';
import { changesState, NOTHING_HAPPENED, type ReadOutcome } from './readPlan';
import { eventTime, type SearchPredicate, type SearchWindow, type SourceSearchResult } from './search';
import { runSearch, type SearchSource } from './searchRun';

/** ±1 h around the starting event, unless widened. */
export const DEFAULT_TRACE_HALF_WINDOW_MS = 60 * 60 * 1000;
/**
 * Per source and per id searched: a correlation of 10,000 events fits whole (and the source says it found
 * all), a runaway one is cut; what the trace holds in all stays bounded by MAX_TRACE_EVENTS.
 */
export const DEFAULT_TRACE_LIMIT = 12_000;

/** What a trace follows: the ids, and the time to centre the window on. */
export interface TraceStart {
  correlationId?: string;
  traceId?: string;
  /** ms since the epoch; no window when absent. */
  at?: number;
  /** The event the trace starts from, when it started from one. */
  eventId?: string;
}

export function traceStartOf(event: FlowEvent): TraceStart {
  const at = eventTime(event);
  return {
    eventId: event.id,
    ...(event.metadata.correlationId === undefined ? {} : { correlationId: event.metadata.correlationId }),
    ...(event.metadata.traceId === undefined ? {} : { traceId: event.metadata.traceId }),
    ...(at === undefined ? {} : { at }),
  };
}

/** The window around the start; `halfWidthMs` of Infinity (or a start without time) searches all time. */
export function traceWindow(start: TraceStart, halfWidthMs: number = DEFAULT_TRACE_HALF_WINDOW_MS): SearchWindow {
  if (start.at === undefined || !Number.isFinite(halfWidthMs)) return {};
  return { from: start.at - halfWidthMs, to: start.at + halfWidthMs };
}

/** The ids searched, correlation first; an event with neither is followed by its own id. */
export function tracePredicates(start: TraceStart): SearchPredicate[] {
  const predicates: SearchPredicate[] = [];
  if (start.correlationId !== undefined) predicates.push({ field: 'correlationId', value: start.correlationId });
  if (start.traceId !== undefined) predicates.push({ field: 'traceId', value: start.traceId });
  if (predicates.length === 0 && start.eventId !== undefined) predicates.push({ field: 'eventId', value: start.eventId });
  return predicates;
}

export interface TraceOptions {
  halfWidthMs?: number;
  limit?: number;
  signal?: AbortSignal;
  concurrency?: number;
}

/** The flow of everything found so far, and the events it was built from (a node's `foundAt` indexes them). */
export interface TraceResult {
  trace: FlowTrace;
  found: readonly FoundEvent[];
}

export interface TraceCallbacks {
  /** A source answered: its merged result, and the flow of everything found so far. */
  onResult(source: SearchSource, result: SourceSearchResult, traced: TraceResult): void;
  onError(source: SearchSource, error: unknown): void;
  onProgress?(source: SearchSource, scanned: number): void;
}

/** Runs the trace; resolves with the flow of everything found (empty when nothing was). */
export async function runTrace(sources: readonly SearchSource[], start: TraceStart, options: TraceOptions, callbacks: TraceCallbacks): Promise<TraceResult> {
  const predicates = tracePredicates(start);
  const found: FoundEvent[] = [];
  let dropped = 0;
  let trace = buildFlowTrace([]);
  if (predicates.length === 0) return { trace, found };
  const perSource = sources.map((source) => searchingEach(source, predicates));
  await runSearch(
    perSource,
    { window: traceWindow(start, options.halfWidthMs), predicate: predicates[0], limit: options.limit ?? DEFAULT_TRACE_LIMIT },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      onResult: (source, result) => {
        for (const event of result.events) {
          // Held events are bounded whatever the sources return; what did not fit is counted, not kept.
          if (found.length < MAX_TRACE_EVENTS) found.push({ event, connectionId: source.connectionId, connectionLabel: source.connectionLabel, source: result.source });
          else dropped += 1;
        }
        // A source that found nothing changes nothing: most topics of a cluster answer so, and are not rebuilt for.
        if (result.events.length > 0) trace = withDropped(buildFlowTrace(found), dropped);
        callbacks.onResult(source, result, { trace, found });
      },
      onError: (source, error) => callbacks.onError(source, error),
      onProgress: (source, scanned) => callbacks.onProgress?.(source, scanned),
    },
  );
  return { trace, found };
}

function withDropped(trace: FlowTrace, dropped: number): FlowTrace {
  if (dropped === 0) return trace;
  return { ...trace, leftOut: trace.leftOut + dropped, notes: [...trace.notes, `${dropped} more event(s) arrived after the trace held ${MAX_TRACE_EVENTS}; they were not kept.`] };
}

/**
 * A source searched for each id in turn, the results merged. A source whose reading changes state (a
 * classic queue's peek) is read once, for the first id only: a second read would peek it again.
 */
function searchingEach(source: SearchSource, predicates: readonly SearchPredicate[]): SearchSource {
  const once = changesState(source.plan);
  const used = once ? predicates.slice(0, 1) : predicates;
  return {
    ...source,
    search: async (request) => {
      const results: SourceSearchResult[] = [];
      for (const predicate of used) {
        if (request.signal?.aborted) break;
        results.push(await source.search({ ...request, predicate }));
      }
      const merged = mergeResults(request.source, results);
      if (once && predicates.length > 1) merged.notes.push(`Searched by ${describePredicate(predicates[0])} only: reading it again for ${describePredicate(predicates[1])} would peek it again.`);
      return merged;
    },
  };
}

function describePredicate(predicate: SearchPredicate): string {
  return predicate.field === 'header' ? `header ${predicate.key}` : predicate.field;
}

function mergeResults(source: string, results: readonly SourceSearchResult[]): SourceSearchResult {
  const events: FlowEvent[] = [];
  const seenKeys = new Set<string>();
  const outcome: ReadOutcome = { ...NOTHING_HAPPENED };
  const notes: string[] = [];
  let scanned = 0;
  let complete = true;
  for (const result of results) {
    for (const event of result.events) {
      const key = `${JSON.stringify(event.source)}\u0000${event.id}`;
      if (seenKeys.has(key)) continue;
      seenKeys.add(key);
      events.push(event);
    }
    scanned += result.scanned;
    complete &&= result.complete;
    outcome.redelivered += result.outcome.redelivered;
    outcome.leftAtLimit += result.outcome.leftAtLimit;
    outcome.deadLettered += result.outcome.deadLettered;
    outcome.temporaryGroups += result.outcome.temporaryGroups;
    for (const note of result.notes) if (!notes.includes(note)) notes.push(note);
  }
  return { source, events, scanned, complete, outcome, notes };
}

/**
 * The event a typed id names, when it is an event id rather than a correlation id: searched in the
 * sources whose reading changes nothing, the first found wins.
 */
export async function findEventById(sources: readonly SearchSource[], eventId: string, signal?: AbortSignal): Promise<FlowEvent | undefined> {
  let first: FlowEvent | undefined;
  await runSearch(
    sources.filter((s) => !changesState(s.plan)),
    { window: {}, predicate: { field: 'eventId', value: eventId }, limit: 1 },
    { ...(signal ? { signal } : {}), onResult: (_source, result) => (first ??= result.events[0]), onError: () => undefined },
  );
  return first;
}
