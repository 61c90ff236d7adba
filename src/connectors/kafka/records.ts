import { decodePayload, type DecodedPayload } from '../../core/codec';
import type { EventHeader, EventMetadata, FlowEvent, PayloadPreview } from '../../core/envelope';
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

/** A record without headers: shared, never kept (an event keeps its headers only when it has some). */
const NO_HEADERS: readonly EventHeader[] = Object.freeze([]);

/** One Kafka record as a `FlowEvent`. Never throws: bytes that are not JSON or text stay bytes with a preview. */
export function recordToEvent(topic: string, partition: number, record: RawRecord, options: DecodeOptions = {}): FlowEvent {
  const headers = record.headers ? decodeHeaders(record.headers) : NO_HEADERS;
  const key = decodeKey(record.key);
  const value = record.value;
  const decoders = options.decoders;
  const withSchema = value === null ? undefined : decoders?.decode(topic, 'value', value, headers, options.maxPreviewBytes);
  const keyWithSchema = record.key === null ? undefined : decoders?.decode(topic, 'key', record.key, headers, options.maxPreviewBytes);
  let data: JsonValue;
  let body: JsonValue | undefined;
  let payload: PayloadPreview | undefined;
  if (value === null) {
    // A tombstone's data is null and it has no payload: it carries no bytes, not zero of them.
    data = null;
  } else if (withSchema?.ok) {
    // A decoded value is the event's data; its preview is the value itself, and `keepBytes` adds the bytes.
    data = body = withSchema.value;
    if (options.keepBytes) payload = { kind: 'json', size: value.length, preview: '', truncated: false, base64: value.toString('base64') };
  } else {
    // A value that failed its schema is bytes with the hex preview, as any value that is neither JSON nor text.
    const decoded: DecodedPayload = withSchema
      ? { preview: { kind: 'binary', size: value.length, preview: withSchema.hex, truncated: withSchema.hexTruncated, base64: value.toString('base64') } }
      : decodePayload(value, { maxPreviewBytes: options.maxPreviewBytes });
    const whole = decoded.value !== undefined && !decoded.preview.truncated;
    data = whole ? (decoded.value as JsonValue) : decoded.preview.preview;
    body = decoded.value;
    if (!whole) payload = decoded.preview;
    else if (options.keepBytes) payload = { ...decoded.preview, base64: decoded.preview.base64 ?? value.toString('base64') };
  }
  const identity = readIdentity(body === undefined ? { headers } : { headers, body }, options.identity);
  const offset = record.offset;
  const valueDecoding = withSchema ? noteOf(withSchema, 'value') : undefined;
  const textKey = key !== undefined && key.encoding === undefined ? key.value : undefined;
  // The usual record (a text key, a value its schema decoded, no key schema) and the usual event (that key
  // as its aggregate, no payload) are each one literal of all their fields: an object made whole takes no
  // room for fields added later, and a page keeps 100,000 of them. Any other record is built field by field,
  // in the same order, so every event of a read has the same shape and nothing is spread.
  let source: KafkaSource;
  if (textKey !== undefined && value !== null && valueDecoding !== undefined && keyWithSchema === undefined) {
    source = { system: KAFKA, topic, partition, offset, key: textKey, valueDecoding };
  } else {
    source = { system: KAFKA, topic, partition, offset };
    if (key !== undefined) {
      source.key = key.value;
      if (key.encoding === 'base64') source.keyEncoding = 'base64';
    }
    if (value === null) source.tombstone = true;
    if (valueDecoding !== undefined) source.valueDecoding = valueDecoding;
    if (keyWithSchema) {
      source.keyDecoding = noteOf(keyWithSchema, 'key');
      if (keyWithSchema.ok) source.keyValue = keyWithSchema.value;
    }
  }
  const metadata: EventMetadata = identityMetadata(identity);
  if (headers.length > 0) metadata.headers = headers as EventHeader[];
  const id = identity.eventId ?? positionPrefix(topic, partition) + offset;
  const type = identity.type ?? (value === null ? 'tombstone' : 'message');
  const timestamp = recordTime(record.timestamp);
  if (textKey !== undefined && payload === undefined) return { id, type, timestamp, data, metadata, source, aggregateId: textKey };
  const event: FlowEvent = { id, type, timestamp, data, metadata, source };
  if (textKey !== undefined) event.aggregateId = textKey;
  if (payload) event.payload = payload;
  return event;
}

/** `topic/partition/`, the start of an event id, made once per partition read rather than once per record. */
let lastPosition: { topic: string; partition: number; prefix: string } = { topic: '', partition: NaN, prefix: '' };

function positionPrefix(topic: string, partition: number): string {
  if (lastPosition.topic !== topic || lastPosition.partition !== partition) lastPosition = { topic, partition, prefix: `${topic}/${partition}/` };
  return lastPosition.prefix;
}

/**
 * The note of a decoding that worked is the same for every value of one schema: the last one made for keys
 * and for values is handed out again while it says the same, rather than one object per event.
 */
const lastNotes: { key?: DecodingNote; value?: DecodingNote } = {};

function noteOf(decoding: Decoding, part: 'key' | 'value'): DecodingNote {
  if (!decoding.ok) return newNote(decoding);
  const schema = decoding.schema;
  const last = lastNotes[part];
  if (last !== undefined && last.decoder === decoding.decoder && last.schema === schema?.name && last.schemaId === schema?.id && last.schemaFrom === schema?.from) return last;
  const note = Object.freeze(newNote(decoding));
  lastNotes[part] = note;
  return note;
}

function newNote(decoding: Decoding): DecodingNote {
  const schema = decoding.schema;
  return {
    decoder: decoding.decoder,
    ...(schema?.name === undefined ? {} : { schema: schema.name }),
    ...(schema?.id === undefined ? {} : { schemaId: schema.id }),
    ...(schema?.from === undefined ? {} : { schemaFrom: schema.from }),
    ...(decoding.ok ? {} : { error: decoding.error }),
  };
}

/**
 * The last whole second formatted: records of one batch mostly share it, and only the milliseconds differ;
 * records sent together often share the millisecond too, and then the same text.
 */
let formattedSecond = NaN;
let formattedPrefix = '';
let formattedTime = NaN;
let formattedText = '';
const MAX_DATE_MS = 8.64e15;
const EPOCH = new Date(0).toISOString();

export function recordTime(timestamp: string): string {
  const ms = Number(timestamp);
  const time = Number.isFinite(ms) ? Math.trunc(ms) : 0;
  if (time === formattedTime) return formattedText;
  // Past what a Date holds: the epoch, as a Date of it would say.
  if (Math.abs(time) > MAX_DATE_MS) return EPOCH;
  // Years 0 to 9999 only: others have a longer, signed year, which toISOString writes itself.
  if (time < 0 || time >= 253_402_300_800_000) return new Date(time).toISOString();
  const second = Math.floor(time / 1000);
  if (second !== formattedSecond) {
    formattedPrefix = new Date(time).toISOString().slice(0, 20);
    formattedSecond = second;
  }
  const millis = time - second * 1000;
  formattedTime = time;
  formattedText = `${formattedPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
  return formattedText;
}

/** UTF-8 text stays text; anything else becomes base64, so no byte is lost. */
export function bytesToHeaderValue(bytes: Buffer | string): { value: string; encoding?: 'base64' } {
  if (typeof bytes === 'string') return { value: bytes };
  // Most keys and header values are ASCII, which reads the same in any decoder and needs no checking one.
  if (isAscii(bytes)) return { value: bytes.toString('latin1') };
  try {
    return { value: strictUtf8.decode(bytes) };
  } catch {
    return { value: bytes.toString('base64'), encoding: 'base64' };
  }
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
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
