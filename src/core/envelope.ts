import type { JsonValue } from './json';

/** Which system an event was read from, and where in it. Kafka and RabbitMQ add their own variants later. */
export type EventSource =
  | { system: 'local'; file: string; line: number }
  | { system: 'mongo'; database: string; collection: string };

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  schemaVersion?: number;
  headers?: Record<string, string>;
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
