/**
 * One search over many connections: the plan first (every source, what reading it does, which are left
 * out), then the sources the user kept, a few at a time, each result handed over as it arrives.
 */
import type { Broker } from '../broker';
import type { EventStore } from '../eventStore';
import { readOnlyPlan, type SourcePlan } from './readPlan';
import { inWindow, isSearchable, matchesSearch, type SearchPredicate, type SearchWindow, type SourceSearchRequest, type SourceSearchResult } from './search';
import { changesState, NOTHING_HAPPENED } from './readPlan';
import { pollFollow, tailFollow, type Follow } from './traceFollow';
import type { TailableBroker } from '../browsing';

function isTailable(broker: Broker): broker is Broker & TailableBroker {
  return typeof (broker as Partial<TailableBroker>).tail === 'function';
}

/** A connection opened by its role (what `connections/openSource` gives, without naming its kind). */
export type OpenedForSearch = { id: string; label: string } & ({ broker: Broker; store?: undefined } | { store: EventStore; broker?: undefined });

export interface SearchSource {
  connectionId: string;
  connectionLabel: string;
  plan: SourcePlan;
  search(request: SourceSearchRequest): Promise<SourceSearchResult>;
  /** Present when the source can be followed without effect (a topic's live tail, a store searched again). */
  follow?: Follow;
}

export interface SearchQuery {
  window: SearchWindow;
  predicate: SearchPredicate;
  /** Per source. */
  limit: number;
}

/** Every source of the connections with its plan; a broker that cannot list or plan a source says why in the plan. */
export async function planSearch(connections: readonly OpenedForSearch[], signal?: AbortSignal): Promise<SearchSource[]> {
  const sources: SearchSource[] = [];
  for (const connection of connections) {
    const base = { connectionId: connection.id, connectionLabel: connection.label };
    if (connection.store) {
      const store = connection.store;
      const search = (request: SourceSearchRequest): Promise<SourceSearchResult> => (isSearchable(store) ? store.search(request) : scanStore(store, request));
      sources.push({ ...base, plan: readOnlyPlan(store.label, 'An event store: reading changes nothing.'), search, follow: pollFollow(search, store.label) });
      continue;
    }
    const broker = connection.broker;
    for (const name of await broker.listSources(signal)) {
      let plan: SourcePlan;
      try {
        plan = await broker.planRead(name, signal);
      } catch (error) {
        plan = { source: name, effect: 'none', alsoDoes: [], note: '', refused: `what reading it does is unknown (${error instanceof Error ? error.message : String(error)}).` };
      }
      const tailable = isTailable(broker) && !changesState(plan);
      sources.push({ ...base, plan, search: (request) => broker.search(request), ...(tailable ? { follow: tailFollow(broker, name) } : {}) });
    }
  }
  return sources;
}

export interface SearchCallbacks {
  signal?: AbortSignal;
  onResult(source: SearchSource, result: SourceSearchResult): void;
  onError(source: SearchSource, error: unknown): void;
  onProgress?(source: SearchSource, scanned: number): void;
  /** How many sources are read at once (default 3). */
  concurrency?: number;
}

/** Runs the search over the sources the plan did not refuse, streaming each result; resolves when all answered or the signal aborted. */
export async function runSearch(sources: readonly SearchSource[], query: SearchQuery, callbacks: SearchCallbacks): Promise<void> {
  const queue = sources.filter((s) => s.plan.refused === undefined);
  const worker = async (): Promise<void> => {
    for (let source = queue.shift(); source !== undefined; source = queue.shift()) {
      if (callbacks.signal?.aborted) return;
      const current = source;
      try {
        const result = await current.search({
          source: current.plan.source,
          window: query.window,
          predicate: query.predicate,
          limit: query.limit,
          ...(callbacks.signal ? { signal: callbacks.signal } : {}),
          onProgress: (scanned) => callbacks.onProgress?.(current, scanned),
        });
        callbacks.onResult(current, result);
      } catch (error) {
        if (callbacks.signal?.aborted) return;
        callbacks.onError(current, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, callbacks.concurrency ?? 3) }, worker));
}

/** A store with no search of its own: one pass over every event, matched here (bounded by the limit). */
export async function scanStore(store: EventStore, request: SourceSearchRequest): Promise<SourceSearchResult> {
  const events = [];
  let scanned = 0;
  outer: for await (const batch of store.readAll({ ...(request.signal ? { signal: request.signal } : {}) })) {
    for (const event of batch) {
      scanned += 1;
      if (matchesSearch(event, request.predicate) && inWindow(event, request.window)) {
        events.push(event);
        if (events.length >= request.limit) break outer;
      }
    }
    request.onProgress?.(scanned);
  }
  return { source: store.label, events, scanned, complete: events.length < request.limit, outcome: NOTHING_HAPPENED, notes: ['Read every event of the store: it has no index for this search.'] };
}
