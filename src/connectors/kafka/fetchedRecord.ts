import type { RawRecord } from './records';
import { readHeaders, type RecordSpans } from './recordBatches';

function bytesOf(bytes: Uint8Array, start: number, length: number): Buffer {
  return Buffer.isBuffer(bytes) ? bytes.subarray(start, start + length) : Buffer.from(bytes.buffer, bytes.byteOffset + start, length);
}

/**
 * A walked record in the shape kafkajs's consumer hands over, so it becomes an event the same way:
 * offset and time as decimal text, key and value as Buffers over the fetched bytes (null stays null), the
 * headers as kafkajs groups them (a repeated key holds its values as an array, in order; a record without
 * headers has none to group). A header with a null value, which kafkajs would hand over as null, is an
 * empty value here.
 */
export function rawRecordOf(record: RecordSpans): RawRecord {
  const raw: RawRecord = {
    offset: String(record.offset),
    timestamp: String(record.timestamp),
    key: record.keyLength < 0 ? null : bytesOf(record.bytes, record.keyStart, record.keyLength),
    value: record.valueLength < 0 ? null : bytesOf(record.bytes, record.valueStart, record.valueLength),
  };
  if (record.headerCount > 0) raw.headers = rawHeadersOf(record);
  return raw;
}

export function rawHeadersOf(record: RecordSpans): NonNullable<RawRecord['headers']> {
  // No prototype: a header named __proto__ is a header like any other.
  const headers: NonNullable<RawRecord['headers']> = Object.create(null) as NonNullable<RawRecord['headers']>;
  readHeaders(record, (header) => {
    const key = Buffer.from(record.bytes.buffer, record.bytes.byteOffset + header.keyStart, header.keyLength).toString('utf8');
    const value = header.valueLength < 0 ? Buffer.alloc(0) : bytesOf(record.bytes, header.valueStart, header.valueLength);
    const before = headers[key];
    headers[key] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
    return true;
  });
  return headers;
}
