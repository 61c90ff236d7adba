/**
 * The example events of a topic's or queue's statistics, opened again. A message at an offset (a Kafka
 * partition's, a stream's) is read again there by the broker's browse, which never consumes nor commits; one
 * that is no longer there (retention, compaction, a deleted topic) is said to be gone. A classic or quorum
 * queue cannot be read again without effect, so the messages its variants name are kept as they were peeked
 * (at most `MAX_KEPT_EXAMPLES`) and given from memory.
 */
import type { FlowEvent } from '../../core/envelope';
import type { EventReference, EventStatistics } from '../../core/eventStatistics';
import { describeMessagePlace, isPeekedPlace, samePlace, type MessagePlace, type OffsetPlace } from '../../core/messagePlace';
import { messagePlaceOf } from '../../core/sourceDescribers';
import type { Broker } from '../broker';

/** Peeked messages kept for the examples of one statistics read: enough for every variant of most queues. */
export const MAX_KEPT_EXAMPLES = 1000;

/** The example's message is not where the statistics saw it, or was not kept. */
export class ExampleGoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExampleGoneError';
  }
}

export class SourceExamples {
  constructor(
    private readonly broker: Broker,
    readonly source: string,
    /** Peeked messages by their place from the queue's head. */
    private readonly kept: ReadonlyMap<number, FlowEvent> = new Map(),
  ) {}

  /** How many peeked messages are kept. */
  get keptCount(): number {
    return this.kept.size;
  }

  /** The message an example names: read again at its offset (by `broker`, the connection as it is now), or as it was peeked. */
  async read(reference: EventReference, signal?: AbortSignal, broker: Broker = this.broker): Promise<FlowEvent> {
    const place = reference.place;
    if (place === undefined) throw new ExampleGoneError(`this example of ${this.source} has no place to read it again at.`);
    if (isPeekedPlace(place)) {
      const event = this.kept.get(place.peeked);
      if (event === undefined) throw new ExampleGoneError(`the message ${describeMessagePlace(place)} was not kept (only the first ${MAX_KEPT_EXAMPLES.toLocaleString('en-US')} examples are): read the statistics again.`);
      return event;
    }
    return this.readAt(broker, place, signal);
  }

  private async readAt(broker: Broker, place: OffsetPlace, signal: AbortSignal | undefined): Promise<FlowEvent> {
    const where = `${describeMessagePlace(place)} of ${this.source}`;
    let events: FlowEvent[];
    try {
      const page = await broker.browse({ source: this.source, ...(place.partition === undefined ? {} : { partitions: [place.partition] }), start: { from: 'offset', offset: place.offset }, limit: 1, ...(signal ? { signal } : {}) });
      events = page.events;
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ExampleGoneError(`the message at ${where} could not be read again (${error instanceof Error ? error.message : String(error)}): read the statistics again.`);
    }
    // A browse from an offset no longer kept starts at the first one kept: a message elsewhere is not this one.
    const found = events.find((event) => isAt(event, place));
    if (found === undefined) throw new ExampleGoneError(`the message at ${where} is gone (deleted by retention or compaction): read the statistics again.`);
    return found;
  }
}

/** The peeked messages the statistics' examples name, by their place from the head, at most `max`. */
export function keptExamplesOf(events: readonly FlowEvent[], statistics: EventStatistics, max = MAX_KEPT_EXAMPLES): Map<number, FlowEvent> {
  const wanted = new Set<number>();
  for (const type of statistics.types) {
    for (const variant of type.variants) {
      for (const reference of [variant.example, variant.latest]) {
        if (reference.place !== undefined && isPeekedPlace(reference.place) && wanted.size < max) wanted.add(reference.place.peeked);
      }
    }
  }
  const kept = new Map<number, FlowEvent>();
  if (wanted.size === 0) return kept;
  for (const event of events) {
    const place = messagePlaceOf(event.source);
    if (place !== undefined && isPeekedPlace(place) && wanted.has(place.peeked)) kept.set(place.peeked, event);
  }
  return kept;
}

function isAt(event: FlowEvent, place: MessagePlace): boolean {
  const at = messagePlaceOf(event.source);
  return at !== undefined && samePlace(at, place);
}
