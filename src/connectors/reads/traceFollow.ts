/**
 * Keep Following: after a trace, the sources that can be read without effect go on being read for new events
 * of the same correlation (or trace) id, until stopped.
 * - A Kafka topic is tailed from each partition's end by the broker's live tail: one consumer in one
 *   throw-away group of its own (`efx-tail-<uuid>`) that never commits and is deleted when the tail stops.
 * - A RabbitMQ stream queue is tailed from its end (`x-stream-offset: next`) by one consumer on a channel of
 *   its own, cancelled and closed when the tail stops; a stream consumer consumes nothing.
 * - An event store is searched again every second for events from the time following began.
 * A classic or quorum queue is never followed: reading it again would peek it again.
 */
import type { FlowEvent } from '../../core/envelope';
import type { TailableBroker } from '../browsing';
import { matchesSearch, type SearchPredicate, type SourceSearchRequest, type SourceSearchResult } from './search';

export interface FollowRequest {
  /** Any of them matching makes an event part of the trace. */
  predicates: readonly SearchPredicate[];
  /** Stops following; the promise of `follow` resolves once nothing of it is left on the server. */
  signal: AbortSignal;
  onEvents(events: FlowEvent[]): void;
  onProblem?(message: string): void;
}

/** How a source is followed; resolves when stopped. */
export type Follow = (request: FollowRequest) => Promise<void>;

export const STORE_FOLLOW_INTERVAL_MS = 1_000;
/** A store's new events are looked for from a little before following began: clocks of writers differ. */
const STORE_FOLLOW_SKEW_MS = 5_000;
const STORE_FOLLOW_LIMIT = 1_000;

export function matchesAny(event: FlowEvent, predicates: readonly SearchPredicate[]): boolean {
  return predicates.some((predicate) => matchesSearch(event, predicate));
}

/** A topic or stream followed by the broker's live tail from where it (each partition) ends now. */
export function tailFollow(broker: TailableBroker, topic: string): Follow {
  return async (request) => {
    try {
      await broker.tail(
        { source: topic, start: { from: 'latest', count: 0 }, signal: request.signal },
        {
          onEvents: (events) => {
            const kept = events.filter((event) => matchesAny(event, request.predicates));
            if (kept.length > 0) request.onEvents(kept);
          },
          onProblem: (message) => request.onProblem?.(message),
        },
      );
    } catch (error) {
      if (!request.signal.aborted) throw error;
    }
  };
}

/** A store followed by searching it again for each id, each event handed over once (the trace's own finds too: the follower's caller drops those it holds). */
export function pollFollow(search: (request: SourceSearchRequest) => Promise<SourceSearchResult>, source: string, intervalMs = STORE_FOLLOW_INTERVAL_MS, now = Date.now): Follow {
  return async (request) => {
    const from = now() - STORE_FOLLOW_SKEW_MS;
    const seen = new Set<string>();
    while (!request.signal.aborted) {
      const fresh: FlowEvent[] = [];
      for (const predicate of request.predicates) {
        if (request.signal.aborted) return;
        const result = await search({ source, window: { from }, predicate, limit: STORE_FOLLOW_LIMIT, signal: request.signal }).catch((error: unknown) => {
          if (request.signal.aborted) return undefined;
          throw error;
        });
        for (const event of result?.events ?? []) {
          const key = `${JSON.stringify(event.source)}\u0000${event.id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          fresh.push(event);
        }
      }
      if (fresh.length > 0) request.onEvents(fresh);
      await pause(intervalMs, request.signal);
    }
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
