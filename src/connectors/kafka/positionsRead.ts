import type { BrowseCursor, BrowsePage, BrowseRequest } from '../broker';
import type { FlowEvent } from '../../core/envelope';
import type { KafkaBrowseOptions } from './kafkaBrowse';
import { isKafkaSource } from './kafkaSource';

/** One record's place in a topic. */
export interface RecordPosition {
  partition: number;
  /** Decimal text (64-bit). */
  offset: string;
}

export interface PositionsRead {
  /** The records found, in the order the positions were given, each with its bytes kept. */
  events: FlowEvent[];
  /** Positions no record answered (deleted by retention or compaction, or never written). */
  missing: RecordPosition[];
}

/** What reading positions needs of a Kafka broker: its browse with a record check. */
export interface PositionReader {
  browseWith(request: BrowseRequest, options: KafkaBrowseOptions): Promise<BrowsePage>;
}

const keyOf = (partition: number, offset: string) => `${partition}:${offset}`;

/**
 * Reads exactly the records at `positions`, their bytes kept (what a recording needs): each partition from
 * its lowest position to its highest, every other record passed over undecoded by its offset. Reads like a
 * browse (never commits); pages continue from their cursors until every position is found or passed.
 */
export async function readPositions(reader: PositionReader, topic: string, positions: readonly RecordPosition[], signal?: AbortSignal): Promise<PositionsRead> {
  const wanted = new Map<string, RecordPosition>();
  const highest = new Map<number, bigint>();
  const cursors = new Map<number, bigint>();
  for (const position of positions) {
    wanted.set(keyOf(position.partition, position.offset), position);
    const offset = BigInt(position.offset);
    if (!(offset <= (highest.get(position.partition) ?? -1n))) highest.set(position.partition, offset);
    if (!(offset >= (cursors.get(position.partition) ?? offset + 1n))) cursors.set(position.partition, offset);
  }
  const found = new Map<string, FlowEvent>();
  for (;;) {
    // A partition is done once its cursor has passed its highest position.
    const open: BrowseCursor[] = [...cursors].filter(([partition, next]) => next <= (highest.get(partition) ?? -1n)).map(([partition, next]) => ({ partition, next: next.toString() }));
    const left = wanted.size - found.size;
    if (open.length === 0 || left === 0) break;
    const page = await reader.browseWith(
      { source: topic, partitions: open.map((c) => c.partition), start: { from: 'cursors', cursors: open }, limit: left, ...(signal ? { signal } : {}) },
      { keepBytes: true, recordCheck: (record, partition) => (wanted.has(keyOf(partition, record.offset)) ? 'decode' : 'reject') },
    );
    for (const event of page.events) {
      if (isKafkaSource(event.source)) found.set(keyOf(event.source.partition, event.source.offset), event);
    }
    let moved = false;
    for (const cursor of page.cursors) {
      const next = BigInt(cursor.next);
      if (next > (cursors.get(cursor.partition) ?? next)) moved = true;
      cursors.set(cursor.partition, next);
    }
    // The partitions' ends as they were: what is not found by then is not there.
    if (page.reachedEnd || !moved) break;
  }
  const events: FlowEvent[] = [];
  const missing: RecordPosition[] = [];
  for (const [key, position] of wanted) {
    const event = found.get(key);
    if (event) events.push(event);
    else missing.push(position);
  }
  return { events, missing };
}
