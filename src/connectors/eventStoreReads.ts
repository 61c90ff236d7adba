import type { FlowEvent } from '../core/envelope';
import type { AggregateSummary, EventStore, ReadProblem } from './eventStore';

export interface AllAggregatesOptions {
  /** Only this aggregate type (every type when absent). */
  type?: string;
  signal?: AbortSignal;
  pageSize?: number;
}

/**
 * Every aggregate of a store (or of one type), a page at a time, so a caller can show the first ones at
 * once. Stops between pages when the signal aborts.
 */
export async function* allAggregates(store: EventStore, options: AllAggregatesOptions = {}): AsyncGenerator<AggregateSummary[]> {
  const { signal } = options;
  const types = options.type !== undefined ? [options.type] : (await store.listAggregateTypes(signal)).map((t) => t.name);
  for (const type of types) {
    let after: string | undefined;
    do {
      signal?.throwIfAborted();
      const page = await store.listAggregates(type, { after, limit: options.pageSize ?? 500, signal });
      yield page.items;
      after = page.next;
    } while (after !== undefined);
  }
}

export interface ReadWholeStreamOptions {
  signal?: AbortSignal;
  /** Called after each batch with the number of events read so far. */
  onProgress?: (loaded: number) => void;
  onProblem?: (problem: ReadProblem) => void;
}

/** One aggregate's whole stream in version order. */
export async function readWholeStream(store: EventStore, aggregateId: string, options: ReadWholeStreamOptions = {}): Promise<FlowEvent[]> {
  const events: FlowEvent[] = [];
  for await (const batch of store.readStream(aggregateId, { signal: options.signal, onProblem: options.onProblem })) {
    // One push per event: spreading a huge batch into push() can overflow the call stack.
    for (const event of batch) events.push(event);
    options.onProgress?.(events.length);
    options.signal?.throwIfAborted();
  }
  return events;
}

/** The aggregate with exactly this id, looked up by id prefix in each type; undefined when there is none. */
export async function findAggregate(store: EventStore, id: string, signal?: AbortSignal): Promise<AggregateSummary | undefined> {
  for (const type of await store.listAggregateTypes(signal)) {
    const page = await store.listAggregates(type.name, { idPrefix: id, limit: 10, signal });
    const match = page.items.find((a) => a.id === id);
    if (match) {
      return match;
    }
  }
  return undefined;
}
