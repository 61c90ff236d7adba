/**
 * One stored event as one NDJSON line. Field names are snake_case, the same defaults the MongoDB store
 * uses, so a file can be imported there (or exported from there) without a mapping. A line needs only the
 * fields the source chapter's EventStore writes (`aggregate_id`, `event_type`, `data`, `version`,
 * `timestamp`): `aggregate_type` is then guessed by the index, and `event_id` taken from `_id` or derived
 * from the line. MongoDB Extended JSON (`mongoexport` output) is read as plain values.
 */
import { createHash } from 'node:crypto';
import type { EventMetadata } from '../../core/envelope';
import { fromExtendedJson, mayHoldExtendedJson } from '../../core/extendedJson';
import { headersForStorage, headersFromStorage } from '../../core/headers';
import { identityMetadata, readIdentity, type IdentityRules } from '../../core/identity';
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

/** An event as read from a line: the type is absent when the line has none (the index supplies its guess). */
export type DecodedEvent = Omit<StoredEvent, 'aggregateType'> & { aggregateType: string | undefined };

/** `identity`: where correlation, causation and trace ids are read from in the stored metadata (defaults otherwise). */
export function decodeEventLine(text: string, identity?: IdentityRules): DecodedLine<DecodedEvent> {
  const checked = checkEventLine(text);
  if (!checked.ok) return checked;
  const { record, ...fields } = checked.value;
  const metadata = record.metadata;
  return { ok: true, value: { ...fields, data: record.data, metadata: decodeMetadata(isJsonObject(metadata) ? metadata : {}, identity) } };
}

/** The fields an index needs, with exactly the checks (and reasons) of decodeEventLine, minus building the event. */
export interface CheckedEventLine {
  aggregateId: string;
  /** Absent from lines in the chapter's layout. */
  aggregateType: string | undefined;
  id: string;
  type: string;
  version: number;
  timestamp: string;
  record: JsonObject;
}

export function checkEventLine(text: string): DecodedLine<CheckedEventLine> {
  const parsed = parseJsonLine(text);
  if (!parsed.ok) return parsed;
  const record = mayHoldExtendedJson(text) ? fromExtendedJson(parsed.value) : parsed.value;
  if (!isJsonObject(record)) return { ok: false, reason: 'not a JSON object' };
  const aggregateId = record.aggregate_id;
  const aggregateType = record.aggregate_type;
  const type = record.event_type;
  const version = record.version;
  const timestamp = record.timestamp;
  if (typeof aggregateId !== 'string' || aggregateId === '') return missing('aggregate_id', 'a non-empty string');
  if (aggregateType !== undefined && (typeof aggregateType !== 'string' || aggregateType === '')) return missing('aggregate_type', 'a non-empty string when present');
  const id = 'event_id' in record ? record.event_id : typeof record._id === 'string' || typeof record._id === 'number' ? String(record._id) : derivedEventId(text);
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

/**
 * An id for a line that carries none: the same line always gets the same id (a hash of its text, shaped
 * like a UUID), so selections and links to it survive a reload.
 */
function derivedEventId(text: string): string {
  const hex = createHash('sha1').update(text.trim()).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function missing(field: string, expectation: string): { ok: false; reason: string } {
  return { ok: false, reason: `field "${field}" must be ${expectation}` };
}

function encodeMetadata(metadata: EventMetadata): Record<string, JsonValue> {
  const stored: Record<string, JsonValue> = {};
  if (metadata.correlationId !== undefined) stored.correlation_id = metadata.correlationId;
  if (metadata.causationId !== undefined) stored.causation_id = metadata.causationId;
  if (metadata.traceId !== undefined) stored.trace_id = metadata.traceId;
  if (metadata.parentSpanId !== undefined) stored.parent_span_id = metadata.parentSpanId;
  if (metadata.schemaVersion !== undefined) stored.schema_version = metadata.schemaVersion;
  if (metadata.headers !== undefined) stored.headers = headersForStorage(metadata.headers);
  return stored;
}

/** Fields of the wrong type are left out rather than failing the whole event: the event itself is intact. */
function decodeMetadata(stored: { [key: string]: JsonValue }, identity: IdentityRules | undefined): EventMetadata {
  const metadata: EventMetadata = identityMetadata(readIdentity({ metadata: stored }, identity));
  // The span id this store wrote itself; a traceparent found by the reader already brought its own.
  if (metadata.traceId !== undefined && metadata.parentSpanId === undefined && typeof stored.parent_span_id === 'string') metadata.parentSpanId = stored.parent_span_id;
  // An empty id this store wrote is kept as written (the reader takes no empty text as an id): reads give back what was appended.
  if (metadata.correlationId === undefined && stored.correlation_id === '') metadata.correlationId = '';
  if (metadata.causationId === undefined && stored.causation_id === '') metadata.causationId = '';
  if (typeof stored.schema_version === 'number') metadata.schemaVersion = stored.schema_version;
  const headers = headersFromStorage(stored.headers);
  if (headers !== undefined) metadata.headers = headers;
  return metadata;
}
