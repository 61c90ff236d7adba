import type { JsonValue } from './json';

/**
 * Which system an event was read from, and where in it. Each kind names its own `system` and position
 * fields (a file and line, a database and collection, a topic/partition/offset, a queue and position) and
 * says how to show them through a source describer (`sourceDescribers.ts`); code outside a kind reads a
 * source only through that describer.
 */
export interface EventSource {
  system: string;
  [position: string]: JsonValue | undefined;
}

/** Where a Local store event sits: its line in the NDJSON file (samples use `sample`). */
export type LocalSource = { system: 'local'; file: string; line: number };

export function isLocalSource(source: EventSource): source is LocalSource {
  return source.system === 'local';
}

/**
 * One message header. Brokers allow the same key more than once and values that are bytes, so
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
