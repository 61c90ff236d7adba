import type { FlowEvent } from '../../core/envelope';
import type { AggregateSummary, AggregateTypeSummary, AppendResult, EventStore, Page, ReadProblem, Snapshot } from '../eventStore';
import type { KafkaBroker } from './kafkaBroker';

/** How far a key's scan reads by default: Kafka has no key index, so a key's stream is found by scanning its partition. */
export const DEFAULT_KEY_SCAN = 200_000;
/** The most events of one key a timeline holds. */
export const MAX_KEY_EVENTS = 100_000;

export interface KeyStreamOptions {
  /** Only this partition (a browsed message's); otherwise the partition the key hashes to. */
  partition?: number;
  /** Messages scanned at most (default 200,000). */
  maxScan?: number;
  signal?: AbortSignal;
  onProgress?: (progress: { scanned: number; kept: number }) => void;
}

export interface KeyStream {
  topic: string;
  key: string;
  partition: number;
  events: FlowEvent[];
  /** False when the scan stopped at `maxScan` before the end of the partition: older or newer events may be missing. */
  complete: boolean;
  problems: ReadProblem[];
}

/**
 * One key's messages, in offset order, from its partition: a bounded scan from the beginning with a key
 * filter, through the browse that never joins a real group nor commits. Each event gets a version (its
 * place in the stream) so the timeline and its reducers read it like an event store's aggregate.
 */
export async function readKeyStream(broker: KafkaBroker, topic: string, key: string, options: KeyStreamOptions = {}): Promise<KeyStream> {
  const partition = options.partition ?? (await broker.partitionOf(topic, key, options.signal));
  const maxScan = options.maxScan ?? DEFAULT_KEY_SCAN;
  const page = await broker.browseWith(
    { source: topic, partitions: [partition], start: { from: 'beginning' }, limit: MAX_KEY_EVENTS, ...(options.signal ? { signal: options.signal } : {}) },
    { filter: { key }, maxScan, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );
  const events = page.events.map((event, i) => ({ ...event, aggregateId: key, version: i + 1 }));
  const problems = [...page.problems];
  if (!page.reachedEnd) problems.push({ message: `Only the first ${maxScan.toLocaleString('en-US')} messages of ${topic} [${partition}] were scanned for key ${key} (Kafka has no key index): later events may be missing.` });
  return { topic, key, partition, events, complete: page.reachedEnd, problems };
}

/** A key's stream as a read-only event store, for the timeline panel. */
export class KeyStreamStore implements EventStore {
  readonly kind = 'kafka';
  readonly label: string;

  constructor(
    private readonly stream: KeyStream,
    clusterLabel: string,
  ) {
    this.label = `${clusterLabel} · ${stream.topic} [${stream.partition}]`;
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  listAggregateTypes(): Promise<AggregateTypeSummary[]> {
    return Promise.resolve([{ name: this.type(), aggregateCount: 1 }]);
  }

  listAggregates(): Promise<Page<AggregateSummary>> {
    const last = this.stream.events.at(-1);
    return Promise.resolve({ items: [{ id: this.stream.key, type: this.type(), version: this.stream.events.length, ...(last ? { lastEventAt: last.timestamp } : {}) }] });
  }

  async *readStream(aggregateId: string): AsyncIterable<FlowEvent[]> {
    if (aggregateId === this.stream.key && this.stream.events.length > 0) yield this.stream.events;
    await Promise.resolve();
  }

  readAll(): AsyncIterable<FlowEvent[]> {
    return this.readStream(this.stream.key);
  }

  append(): Promise<AppendResult> {
    return Promise.reject(new Error(`${this.label} is read from Kafka: produce a message instead of appending.`));
  }

  listSnapshots(): Promise<Snapshot[]> {
    return Promise.resolve([]);
  }

  writeSnapshot(): Promise<void> {
    return Promise.reject(new Error('snapshots are not kept for a Kafka key.'));
  }

  problems(): ReadProblem[] {
    return this.stream.problems;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** The aggregate type: what the key says before its number (Order-1001 → Order), else the topic. */
  type(): string {
    return /^([A-Za-z][\w]*?)-[\w-]+$/.exec(this.stream.key)?.[1] ?? this.stream.topic;
  }
}
