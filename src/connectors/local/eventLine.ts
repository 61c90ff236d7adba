/**
 * One stored event as one NDJSON line. Field names are snake_case, the same defaults the MongoDB store
 * uses, so a file can be imported there (or exported from there) without a mapping.
 */
import type { EventMetadata } from '../../core/envelope';
import { headersForStorage, headersFromStorage } from '../../core/headers';
import type { JsonObject, JsonValue } from '../../core/json';
import { isJsonObject } from '../../core/json';

export interface StoredEvent {
  aggregateId: string;
  aggregateType: string;
  id: string;
  type: string;
  version: number;
  timestamp: string;
  data: JsonValue;
  metadata: EventMetadata;
}

export type DecodedLine<T> = { ok: true; value: T } | { ok: false; reason: string };

export function encodeEventLine(event: StoredEvent): string {
  return JSON.stringify({
    aggregate_id: event.aggregateId,
    aggregate_type: event.aggregateType,
    event_id: event.id,
    event_type: event.type,
    version: event.version,
    timestamp: event.timestamp,
    data: event.data,
    metadata: encodeMetadata(event.metadata),
  });
}

export function decodeEventLine(text: string): DecodedLine<StoredEvent> {
  const checked = checkEventLine(text);
  if (!checked.ok) return checked;
  const { record, ...fields } = checked.value;
  const metadata = record.metadata;
  return { ok: true, value: { ...fields, data: record.data, metadata: decodeMetadata(isJsonObject(metadata) ? metadata : {}) } };
}

/** The fields an index needs, with exactly the checks (and reasons) of decodeEventLine, minus building the event. */
export interface CheckedEventLine {
  aggregateId: string;
  aggregateType: string;
  id: string;
  type: string;
  version: number;
  timestamp: string;
  record: JsonObject;
}

export function checkEventLine(text: string): DecodedLine<CheckedEventLine> {
  const parsed = parseJsonLine(text);
  if (!parsed.ok) return parsed;
  const record = parsed.value;
  if (!isJsonObject(record)) return { ok: false, reason: 'not a JSON object' };
  const aggregateId = record.aggregate_id;
  const aggregateType = record.aggregate_type;
  const id = record.event_id;
  const type = record.event_type;
  const version = record.version;
  const timestamp = record.timestamp;
  if (typeof aggregateId !== 'string' || aggregateId === '') return missing('aggregate_id', 'a non-empty string');
  if (typeof aggregateType !== 'string' || aggregateType === '') return missing('aggregate_type', 'a non-empty string');
  if (typeof id !== 'string') return missing('event_id', 'a string');
  if (typeof type !== 'string' || type === '') return missing('event_type', 'a non-empty string');
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) return missing('version', 'a positive integer');
  if (typeof timestamp !== 'string') return missing('timestamp', 'a string');
  if (!('data' in record)) return missing('data', 'present');
  const metadata = record.metadata;
  if (metadata !== undefined && metadata !== null && !isJsonObject(metadata)) return missing('metadata', 'an object when present');
  return { ok: true, value: { aggregateId, aggregateType, id, type, version, timestamp, record } };
}

export function parseJsonLine(text: string): DecodedLine<JsonValue> {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

function missing(field: string, expectation: string): { ok: false; reason: string } {
  return { ok: false, reason: `field "${field}" must be ${expectation}` };
}

function encodeMetadata(metadata: EventMetadata): Record<string, JsonValue> {
  const stored: Record<string, JsonValue> = {};
  if (metadata.correlationId !== undefined) stored.correlation_id = metadata.correlationId;
  if (metadata.causationId !== undefined) stored.causation_id = metadata.causationId;
  if (metadata.schemaVersion !== undefined) stored.schema_version = metadata.schemaVersion;
  if (metadata.headers !== undefined) stored.headers = headersForStorage(metadata.headers);
  return stored;
}

/** Fields of the wrong type are left out rather than failing the whole event: the event itself is intact. */
function decodeMetadata(stored: { [key: string]: JsonValue }): EventMetadata {
  const metadata: EventMetadata = {};
  if (typeof stored.correlation_id === 'string') metadata.correlationId = stored.correlation_id;
  if (typeof stored.causation_id === 'string') metadata.causationId = stored.causation_id;
  if (typeof stored.schema_version === 'number') metadata.schemaVersion = stored.schema_version;
  const headers = headersFromStorage(stored.headers);
  if (headers !== undefined) metadata.headers = headers;
  return metadata;
}
