import { NOTHING_HAPPENED } from '../reads/readPlan';
import { inWindow, matchesSearch, type SourceSearchRequest, type SourceSearchResult } from '../reads/search';
import { MAX_PEEK } from './peek';
import type { PeekOptions, PeekOutcome } from './rabbitBroker';
import type { SourcePlan } from '../reads/readPlan';

/** The most messages of a stream one search reads from the window's start. */
export const STREAM_SEARCH_LIMIT = 100_000;

/**
 * One queue searched the way its plan says: a refused queue is not touched; a stream is read from the
 * window's start (the broker's own time lookup); a classic or quorum queue is peeked once — never page by
 * page from its head — and the result says what the peek did (redelivered, left at limit, dead-lettered).
 */
export async function searchQueue(plan: SourcePlan, peek: (options: PeekOptions) => Promise<PeekOutcome>, request: SourceSearchRequest): Promise<SourceSearchResult> {
  const { window, predicate } = request;
  if (plan.refused !== undefined) return { source: request.source, events: [], scanned: 0, complete: false, outcome: NOTHING_HAPPENED, notes: [`Left out: ${plan.refused}`] };
  const streamLimit = STREAM_SEARCH_LIMIT;
  const outcome = await peek({
    limit: plan.effect === 'none' ? streamLimit : MAX_PEEK,
    ...(window.from === undefined ? {} : { start: { from: 'timestamp', timestamp: window.from } }),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  request.onProgress?.(outcome.messages.length);
  const matched = outcome.messages.filter((m) => matchesSearch(m.event, predicate) && inWindow(m.event, window));
  const events = matched.slice(0, request.limit).map((m) => m.event);
  const notes = outcome.problems.map((p) => p.message);
  if (outcome.kind === 'stream') {
    const cut = !outcome.reachedEnd && outcome.messages.length >= streamLimit;
    if (cut) notes.push(`Read the first ${streamLimit.toLocaleString('en-US')} messages of the stream from the window's start.`);
    return { source: request.source, events, scanned: outcome.messages.length, complete: !cut && events.length === matched.length, outcome: NOTHING_HAPPENED, notes };
  }
  if (!outcome.reachedEnd) notes.push(`Peeked the first ${outcome.messages.length.toLocaleString('en-US')} of ${outcome.readyBefore.toLocaleString('en-US')} ready messages (one peek takes at most ${MAX_PEEK.toLocaleString('en-US')}).`);
  return {
    source: request.source,
    events,
    scanned: outcome.messages.length,
    complete: outcome.reachedEnd && events.length === matched.length,
    outcome: { redelivered: outcome.messages.length, leftAtLimit: outcome.leftAtLimit.length, deadLettered: outcome.deadLettered.length, temporaryGroups: 0 },
    notes: [outcome.redeliveredNote, ...notes],
  };
}
