import { decodePayload, type DecodedPayload } from '../../core/codec';
import type { EventHeader, FlowEvent } from '../../core/envelope';
import { identityMetadata, readIdentity, type IdentityRules } from '../../core/identity';
import type { JsonValue } from '../../core/json';
import type { Decoding } from './decoding/decoding';
import type { TopicDecoders } from './decoding/topicDecoders';
import { KAFKA, type DecodingNote, type KafkaSource } from './kafkaSource';

/** A record as the driver hands it over, reduced to what the model needs (kafkajs's `KafkaMessage`). */
export interface RawRecord {
  offset: string;
  /** Milliseconds since the epoch, as a decimal string: the record's own timestamp. */
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

/** Header names the sample flow writes (reading takes every spelling `core/identity.ts` knows). */
export const HEADER_EVENT_TYPE = 'event-type';
export const HEADER_EVENT_ID = 'event-id';
export const HEADER_CORRELATION_ID = 'correlation-id';
export const HEADER_CAUSATION_ID = 'causation-id';

// ignoreBOM: a leading byte-order mark is part of the value, not a marker to drop (the fuzzer found one lost).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface DecodeOptions {
  maxPreviewBytes?: number;
  /** Keeps the value's bytes (base64 in `payload`) even when it is JSON, for a byte-for-byte comparison. */
  keepBytes?: boolean;
  /** Where the event's id, type, correlation, causation and trace come from (the connection's override). */
  identity?: IdentityRules;
  /** The schemas of the connection (workspace files, a registry); `prepare` must have seen the record. */
  decoders?: TopicDecoders;
}

/** One Kafka record as a `FlowEvent`. Never throws: bytes that are not JSON or text stay bytes with a preview. */
export function recordToEvent(topic: string, partition: number, record: RawRecord, options: DecodeOptions = {}): FlowEvent {
  const headers = decodeHeaders(record.headers);
  const key = decodeKey(record.key);
  const tombstone = record.value === null;
  const value = record.value ?? Buffer.alloc(0);
  const withSchema = tombstone ? undefined : options.decoders?.decode(topic, 'value', value, headers, options.maxPreviewBytes);
  const decoded = withSchema ? schemaPayload(withSchema, value) : decodePayload(value, { maxPreviewBytes: options.maxPreviewBytes });
  // A tombstone's data is null and it has no payload: it carries no bytes, not zero of them.
  const data: JsonValue = tombstone ? null : decoded.value !== undefined && !decoded.preview.truncated ? decoded.value : decoded.preview.preview;
  const identity = readIdentity({ headers, ...(decoded.value === undefined ? {} : { body: decoded.value }) }, options.identity);
  const keyWithSchema = record.key === null ? undefined : options.decoders?.decode(topic, 'key', record.key, headers, options.maxPreviewBytes);
  const source: KafkaSource = {
    system: KAFKA,
    topic,
    partition,
    offset: record.offset,
    ...(key === undefined ? {} : key.encoding === 'base64' ? { key: key.value, keyEncoding: 'base64' as const } : { key: key.value }),
    ...(tombstone ? { tombstone: true as const } : {}),
    ...(withSchema ? { valueDecoding: noteOf(withSchema) } : {}),
    ...(keyWithSchema ? { keyDecoding: noteOf(keyWithSchema), ...(keyWithSchema.ok ? { keyValue: keyWithSchema.value } : {}) } : {}),
  };
  const event: FlowEvent = {
    id: identity.eventId ?? `${topic}/${partition}/${record.offset}`,
    type: identity.type ?? (record.value === null ? 'tombstone' : 'message'),
    timestamp: recordTime(record.timestamp),
    data,
    metadata: { ...identityMetadata(identity), ...(headers.length > 0 ? { headers } : {}) },
    source,
  };
  if (key !== undefined && key.encoding === undefined) event.aggregateId = key.value;
  if (tombstone) return event;
  if (decoded.value === undefined || decoded.preview.truncated) event.payload = decoded.preview;
  else if (options.keepBytes) event.payload = { ...decoded.preview, base64: decoded.preview.base64 ?? value.toString('base64') };
  return event;
}

/**
 * A schema decoding in the shape of the plain reading: a decoded value is JSON, a failed one is bytes with
 * a hex preview, as any value that is neither JSON nor text.
 */
function schemaPayload(decoding: Decoding, bytes: Buffer): DecodedPayload {
  if (!decoding.ok) {
    return { preview: { kind: 'binary', size: bytes.length, preview: decoding.hex, truncated: decoding.hexTruncated, base64: bytes.toString('base64') } };
  }
  // The preview of a decoded value is the value itself (the event's data); `keepBytes` adds the bytes.
  return { value: decoding.value, preview: { kind: 'json', size: bytes.length, preview: '', truncated: false } };
}

function noteOf(decoding: Decoding): DecodingNote {
  const schema = decoding.schema;
  return {
    decoder: decoding.decoder,
    ...(schema?.name === undefined ? {} : { schema: schema.name }),
    ...(schema?.id === undefined ? {} : { schemaId: schema.id }),
    ...(schema?.from === undefined ? {} : { schemaFrom: schema.from }),
    ...(decoding.ok ? {} : { error: decoding.error }),
  };
}

/** The last whole second formatted: records of one batch mostly share it, and only the milliseconds differ. */
let formattedSecond = NaN;
let formattedPrefix = '';

export function recordTime(timestamp: string): string {
  const ms = Number(timestamp);
  const date = new Date(Number.isFinite(ms) ? ms : 0);
  const time = date.getTime();
  if (Number.isNaN(time)) return new Date(0).toISOString();
  const second = Math.floor(time / 1000);
  // Years 0 to 9999 only: others have a longer, signed year, which toISOString writes itself.
  if (time < 0 || time >= 253_402_300_800_000) return date.toISOString();
  if (second !== formattedSecond) {
    formattedPrefix = date.toISOString().slice(0, 20);
    formattedSecond = second;
  }
  const millis = time - second * 1000;
  return `${formattedPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

/** UTF-8 text stays text; anything else becomes base64, so no byte is lost. */
export function bytesToHeaderValue(bytes: Buffer | string): { value: string; encoding?: 'base64' } {
  if (typeof bytes === 'string') return { value: bytes };
  try {
    return { value: strictUtf8.decode(bytes) };
  } catch {
    return { value: bytes.toString('base64'), encoding: 'base64' };
  }
}

function decodeKey(key: Buffer | null): { value: string; encoding?: 'base64' } | undefined {
  return key === null ? undefined : bytesToHeaderValue(key);
}

/** kafkajs gives headers as an object; a repeated key comes as an array of its values, in order. */
export function decodeHeaders(headers: RawRecord['headers']): EventHeader[] {
  const list: EventHeader[] = [];
  if (!headers) return list;
  for (const [key, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    for (const one of Array.isArray(raw) ? raw : [raw]) {
      const decoded = bytesToHeaderValue(one);
      list.push(decoded.encoding ? { key, value: decoded.value, encoding: 'base64' } : { key, value: decoded.value });
    }
  }
  return list;
}

/**
 * Our ordered header list as kafkajs wants it: an object whose repeated keys hold arrays. Values of one key
 * keep their order; kafkajs writes the keys in first-appearance order, so headers that interleave two keys
 * (a, b, a) are sent grouped (a, a, b).
 */
export function encodeHeaders(headers: readonly EventHeader[] | undefined): Record<string, string | Buffer | (string | Buffer)[]> | undefined {
  if (!headers || headers.length === 0) return undefined;
  const result: Record<string, string | Buffer | (string | Buffer)[]> = {};
  for (const header of headers) {
    // Text stays a string (kafkajs encodes it as UTF-8 itself); only bytes need a Buffer.
    const value = header.encoding === 'base64' ? Buffer.from(header.value, 'base64') : header.value;
    const existing = Object.prototype.hasOwnProperty.call(result, header.key) ? result[header.key] : undefined;
    if (existing === undefined) result[header.key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[header.key] = [existing, value];
  }
  return result;
}
