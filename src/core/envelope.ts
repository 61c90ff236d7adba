import type { JsonValue } from './json';

/** Which system an event was read from, and where in it. */
export type EventSource =
  | { system: 'local'; file: string; line: number }
  | { system: 'mongo'; database: string; collection: string }
  /**
   * A Kafka record: offsets are decimal strings (they pass 2^53). `key` is the record key as text; a key
   * that is not UTF-8 text is kept as base64 (`keyEncoding`); no `key` is a null key, `''` an empty one.
   * `tombstone` marks a null value (compaction deletes the key on it), which is not an empty value.
   */
  | { system: 'kafka'; topic: string; partition: number; offset: string; key?: string; keyEncoding?: 'base64'; tombstone?: true }
  /**
   * A RabbitMQ message: where it was read (a queue, at a position counted from its head when peeked, or a
   * stream offset) and how it was routed there.
   */
  | { system: 'rabbitmq'; vhost: string; queue: string; position: number; exchange?: string; routingKey?: string; streamOffset?: string };

/**
 * One message header. Brokers allow the same key more than once and values that are bytes (Kafka), so
 * headers are a list in their original order; a value that is not UTF-8 text is kept as base64.
 */
export interface EventHeader {
  key: string;
  value: string;
  encoding?: 'base64';
}

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  /** The trace the event travelled in (W3C `traceparent`, B3, …) and the span that sent it. */
  traceId?: string;
  parentSpanId?: string;
  schemaVersion?: number;
  headers?: EventHeader[];
}

/**
 * What an undecodable or oversized payload became. The bytes stay with the event (base64) so nothing is
 * lost; `preview` is what a person reads.
 */
export interface PayloadPreview {
  kind: 'json' | 'text' | 'binary';
  size: number;
  preview: string;
  truncated: boolean;
  base64?: string;
}

/** The one event model every connector produces. */
export interface FlowEvent {
  id: string;
  type: string;
  /** ISO 8601, as recorded by the source (never the time we read it). */
  timestamp: string;
  data: JsonValue;
  aggregateId?: string;
  aggregateType?: string;
  version?: number;
  metadata: EventMetadata;
  source: EventSource;
  /** Present when the stored payload was not a JSON value: `data` then holds the preview text. */
  payload?: PayloadPreview;
}

/** An event about to be appended: the store assigns the version and records where it went. */
export interface NewEvent {
  id?: string;
  type: string;
  timestamp?: string;
  data: JsonValue;
  metadata?: EventMetadata;
}

/** An event's place as the timeline shows it: `v3` when it has a version, else its 1-based position `#4`. */
export function eventPlace(version: number | null | undefined, index: number): string {
  return typeof version === 'number' ? `v${version}` : `#${index + 1}`;
}

/** "v3 (ItemAdded)": the event at stream index `index`, named as the user reads it. */
export function describeEventAt(events: readonly FlowEvent[], index: number): string {
  const event = events[index];
  return event === undefined ? `#${index + 1}` : `${eventPlace(event.version, index)} (${event.type})`;
}
