import type { EventHeader, FlowEvent } from '../../core/envelope';
import { hexDump } from '../../core/hexDump';
import type { JsonValue } from '../../core/json';
import { readDltOrigin, type DltOrigin } from './deadLetters/dltHeaders';
import { isKafkaSource, TOMBSTONE_LABEL, type DecodingNote } from './kafkaSource';

export { TOMBSTONE_LABEL };

/** What a Kafka message looks like on its own: position, record time, key, headers and value. */
export interface KafkaMessageRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  /** null: the record has no key (a null key), not an empty one (`""`). */
  key: string | null;
  keyEncoding?: 'base64';
  headers: EventHeader[];
  /** The JSON value, or the text / hex preview when the value is not JSON; null for a tombstone. */
  value: JsonValue;
  /** `tombstone`: the value is null (compaction deletes the key), unlike an empty text value of 0 bytes. */
  valueFormat: 'json' | 'text' | 'binary' | 'tombstone';
  valueSize?: number;
  /** Set when the value shown is cut short (the bytes are in `valueBase64`). */
  valueTruncated?: boolean;
  valueBase64?: string;
  /** How the value was decoded when a schema applied (decoder, schema, registry id; the reason when it failed). */
  valueDecoding?: DecodingNote;
  /** The key decoded with its schema, and how. */
  keyValue?: JsonValue;
  keyDecoding?: DecodingNote;
}

export function kafkaRecordOf(event: FlowEvent): KafkaMessageRecord {
  const source = isKafkaSource(event.source) ? event.source : undefined;
  const payload = event.payload;
  if (source?.tombstone) {
    return {
      topic: source.topic,
      partition: source.partition,
      offset: source.offset,
      timestamp: event.timestamp,
      key: source.key ?? null,
      ...(source.keyEncoding ? { keyEncoding: source.keyEncoding } : {}),
      headers: event.metadata.headers ?? [],
      value: null,
      valueFormat: 'tombstone',
    };
  }
  return {
    topic: source?.topic ?? '',
    partition: source?.partition ?? -1,
    offset: source?.offset ?? '',
    timestamp: event.timestamp,
    key: source?.key ?? null,
    ...(source?.keyEncoding ? { keyEncoding: source.keyEncoding } : {}),
    headers: event.metadata.headers ?? [],
    value: event.data,
    valueFormat: payload?.kind ?? 'json',
    ...(payload ? { valueSize: payload.size } : {}),
    ...(payload?.truncated ? { valueTruncated: true } : {}),
    ...(payload?.base64 !== undefined ? { valueBase64: payload.base64 } : {}),
    ...(source?.valueDecoding ? { valueDecoding: source.valueDecoding } : {}),
    ...(source?.keyDecoding ? { keyDecoding: source.keyDecoding } : {}),
    ...(source?.keyValue !== undefined ? { keyValue: source.keyValue } : {}),
  };
}

/**
 * The read-only document of one message: the whole record as JSON when the value is JSON (headers and
 * position around it), otherwise a JSON header block and the value's text or hex dump below it.
 */
export function messageDocumentText(event: FlowEvent, originHeader?: string): { text: string; language: 'json' | 'plaintext' } {
  const record = kafkaRecordOf(event);
  // A dead letter's origin and error headers, decoded (Spring's numbers are binary), next to the raw headers.
  const origin = readDltOrigin(record.headers, originHeader);
  const deadLetter: { deadLetter?: DltOrigin } = origin ? { deadLetter: origin } : {};
  if ((record.valueFormat === 'json' || record.valueFormat === 'tombstone') && !record.valueTruncated) {
    const { valueBase64: _bytes, ...shown } = record;
    return { text: `${JSON.stringify({ ...shown, ...deadLetter }, null, 2)}\n`, language: 'json' };
  }
  const { value, valueBase64: _bytes, ...withoutValue } = record;
  const head = { ...withoutValue, ...deadLetter };
  const body = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  const note = record.valueTruncated ? `\n// The value is ${record.valueSize ?? '?'} bytes: only its first part is shown.` : '';
  return { text: `${JSON.stringify(head, null, 2)}${note}\n\n${body}\n`, language: 'plaintext' };
}

/** A hex dump this long is enough to compare; a bigger value is cut and says so. */
export const MAX_HEX_BYTES = 1024 * 1024;

/**
 * The raw bytes of a message for comparing byte by byte: the position and headers as JSON, then the key
 * and the value each as a hex dump. Without the value's bytes (a JSON value read without `keepBytes`) the
 * document says so rather than showing re-encoded JSON as if it were the record's bytes.
 */
export function messageBytesText(event: FlowEvent): string {
  const record = kafkaRecordOf(event);
  const { value: _value, valueBase64, key, keyEncoding: _keyEncoding, ...head } = record;
  const keyBytes = key === null ? null : Buffer.from(key, record.keyEncoding === 'base64' ? 'base64' : 'utf8');
  const parts = [JSON.stringify(head, null, 2), '', keyBytes === null ? 'key: null (no key, not an empty one)' : `key (${keyBytes.length} bytes):`, keyBytes === null ? '' : hexDump(keyBytes)];
  if (record.valueFormat === 'tombstone') {
    parts.push(`value: ${TOMBSTONE_LABEL}, no bytes at all (an empty value would be 0 bytes)`);
  } else if (valueBase64 === undefined) {
    parts.push('value: its bytes were not kept with this message; open it again from the browse view.');
  } else {
    const bytes = Buffer.from(valueBase64, 'base64');
    const cut = bytes.length > MAX_HEX_BYTES;
    parts.push(`value (${bytes.length} bytes${cut ? `, the first ${MAX_HEX_BYTES} shown` : ''}):`, hexDump(bytes, MAX_HEX_BYTES));
  }
  return `${parts.join('\n')}\n`;
}

/** A browse exported to a file: one record a line (NDJSON), or these CSV columns. */
export const kafkaExportRecords = {
  columns: ['topic', 'partition', 'offset', 'timestamp', 'key', 'headers', 'value'],
  record: kafkaRecordOf,
  cells(event: FlowEvent): string[] {
    const record = kafkaRecordOf(event);
    const value = typeof record.value === 'string' && record.valueFormat !== 'json' ? record.value : JSON.stringify(record.value);
    return [record.topic, String(record.partition), record.offset, record.timestamp, record.key ?? '', JSON.stringify(record.headers), value];
  },
} as const;
